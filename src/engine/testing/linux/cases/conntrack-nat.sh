# conntrack: the entry a masqueraded ping leaves (list, filter, count, delete, flush) and errors
ip netns add c1
ip netns add r
ip netns add s
ip link add eth0 netns c1 type veth peer name in0 netns r
ip link add out0 netns r type veth peer name eth0 netns s
ip -n c1 addr add 172.17.0.2/16 dev eth0
ip -n r addr add 172.17.0.1/16 dev in0
ip -n r addr add 10.0.0.1/24 dev out0
ip -n s addr add 10.0.0.2/24 dev eth0
ip -n c1 link set eth0 up
ip -n r link set in0 up
ip -n r link set out0 up
ip -n s link set eth0 up
ip -n c1 route add default via 172.17.0.1
ip netns exec r sysctl -q -w net.ipv4.ip_forward=1
ip netns exec r iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o in0 -j MASQUERADE
ip netns exec r conntrack -C
ip netns exec c1 ping -e 4660 -c 1 -q 10.0.0.2 >/dev/null
ip netns exec r conntrack -C
ip netns exec r conntrack -L 2>/dev/null
ip netns exec r conntrack -L >/dev/null
ip netns exec r conntrack -L -p icmp 2>/dev/null
ip netns exec r conntrack -L -p udp
ip netns exec r conntrack -L -s 172.17.0.2 2>/dev/null
ip netns exec r conntrack -L -s 172.17.0.9
ip netns exec r conntrack -L -d 10.0.0.2 2>/dev/null
ip netns exec r conntrack -L --dst 10.0.0.9
ip netns exec r conntrack -D -p udp
echo status $?
ip netns exec r conntrack -D -s 172.17.0.2 2>/dev/null
echo status $?
ip netns exec r conntrack -C
ip netns exec c1 ping -e 4661 -c 1 -q 10.0.0.2 >/dev/null
ip netns exec r conntrack -D -p icmp >/dev/null
echo status $?
ip netns exec c1 ping -e 4662 -c 1 -q 10.0.0.2 >/dev/null
ip netns exec r conntrack -F
ip netns exec r conntrack -C
ip netns exec r conntrack -L
ip netns exec r conntrack -D
echo status $?
ip netns exec r conntrack -L -s 300.1.1.1
echo status $?
ip netns exec r conntrack -L -p nosuch
echo status $?
ip netns exec r conntrack -X
echo status $?
ip netns exec r conntrack
echo status $?
