# ip route add via/dev/onlink/metric/src/scope/proto, default routes, replace, del and flush
ip link add veth0 type veth peer name veth1
ip link set veth0 up
ip link set veth1 up
ip addr add 10.0.0.1/24 dev veth0
ip route add default via 10.0.0.254
ip route add 10.1.0.0/16 via 10.0.0.2
ip route add 10.2.0.0/16 dev veth0
ip route add 10.3.0.0/16 via 10.0.0.3 dev veth0 metric 100
ip route add 10.4.0.0/16 via 192.168.99.1 dev veth0 onlink
ip route add 10.5.0.0/16 dev veth0 src 10.0.0.1
ip route add 10.6.0.0/16 dev veth0 scope link proto static
ip route add 10.7.0.1 via 10.0.0.2
ip route add 10.3.0.0/16 via 10.0.0.4 metric 50
ip route
ip route show 10.3.0.0/16
ip route replace 10.1.0.0/16 via 10.0.0.9
ip route replace 10.8.0.0/16 dev veth0
ip route
ip route del 10.3.0.0/16 metric 100
ip route del default
ip route del 10.7.0.1
ip route
ip route show dev veth0
ip route show via 10.0.0.9
ip route flush 10.4.0.0/16
ip route
ip route flush dev veth0
ip route
ip route add default dev veth0
ip route
