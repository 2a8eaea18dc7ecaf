# editing routes: replace, change, append, prepend, metrics, flush by selector, and their errors
ip link add d0 type veth peer name d1
ip link set d0 up
ip link set d1 up
ip addr add 10.0.0.1/24 dev d0
ip addr add 10.1.0.1/24 dev d1
ip route add 192.168.1.0/24 via 10.0.0.2
ip route replace 192.168.1.0/24 via 10.1.0.2
ip route
ip route change 192.168.1.0/24 via 10.0.0.3
ip route
ip route change 192.168.9.0/24 via 10.0.0.3
ip route append 192.168.1.0/24 via 10.1.0.3
ip route
ip route prepend 192.168.2.0/24 via 10.1.0.3 metric 5
ip route add 192.168.2.0/24 via 10.0.0.3 metric 10
ip route add 192.168.2.0/24 via 10.0.0.4 metric 10
ip route show 192.168.2.0/24
ip route del 192.168.2.0/24 metric 10
ip route show 192.168.2.0/24
ip route add 172.16.0.0/12 dev d0 mtu 1400 advmss 1360
ip route show 172.16.0.0/12
ip route add 172.20.0.0/16 via 10.0.0.9 dev d1
ip route add 172.21.0.0/16 via 10.0.0.9 dev d1 onlink
ip route flush dev d1
ip route
ip route flush proto static
ip route
ip -4 route flush table main
ip route
ip route add default via 10.0.0.1 table 100
ip route show table 100
ip route flush table 100
ip route show table 100
