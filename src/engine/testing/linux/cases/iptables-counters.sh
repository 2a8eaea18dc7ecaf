# iptables counters after masqueraded pings: -L -n -v, -x, -Z, and iptables-save -c
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
ip netns exec r iptables -A FORWARD -i in0 -j ACCEPT
ip netns exec r iptables -A FORWARD -p icmp -j ACCEPT
ip netns exec c1 ping -c 3 -i 0.2 -q 10.0.0.2 >/dev/null
ip netns exec r iptables -t nat -L -n -v
ip netns exec r iptables -L FORWARD -n -v
ip netns exec r iptables -L FORWARD -n -v -x
ip netns exec r iptables -L FORWARD -n -v --line-numbers
ip netns exec r iptables -t nat -S
ip netns exec r iptables -Z FORWARD
ip netns exec r iptables -L FORWARD -n -v
ip netns exec r iptables -t nat -L POSTROUTING -v
