# ip route show selectors: proto, scope, type, via, dev, root, match, exact; ip route get variants
ip link add d0 type veth peer name d1
ip link set d0 up
ip link set d1 up
ip addr add 10.0.0.1/24 dev d0
ip addr add 10.1.0.1/16 dev d1
ip route add 192.168.0.0/16 via 10.0.0.2
ip route add 192.168.1.0/24 via 10.0.0.3 proto static
ip route add 192.168.1.128/25 dev d1 scope link
ip route add blackhole 172.16.0.0/12
ip route add unreachable 172.20.0.0/16
ip route add prohibit 172.21.0.0/16
ip route show proto kernel
ip route show proto static
ip route show scope link
ip route show type blackhole
ip route show type unreachable
ip route show via 10.0.0.2
ip route show dev d1
ip route show root 192.168.0.0/16
ip route show match 192.168.1.200
ip route show exact 192.168.1.0/24
ip route get 192.168.1.200
ip route get 192.168.2.1
ip route get 172.16.1.1
ip route get 172.20.1.1
ip route get 172.21.1.1
ip route get 10.0.0.1
ip route get 10.1.255.255
ip route get 192.168.1.200 from 10.1.0.1
ip route get 192.168.1.200 oif d0
ip route get to 8.8.8.8
