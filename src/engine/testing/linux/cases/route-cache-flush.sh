# ip route flush cache drops learned path MTUs: a router's 1400-byte link answers Frag needed, the sender caches mtu 1400, the flush forgets it
ip netns add a
ip netns add r
ip netns add b
ip link add eth0 netns a type veth peer name in0 netns r
ip link add out0 netns r type veth peer name eth0 netns b
ip -n a addr add 10.0.1.2/24 dev eth0
ip -n r addr add 10.0.1.1/24 dev in0
ip -n r addr add 10.0.2.1/24 dev out0
ip -n b addr add 10.0.2.2/24 dev eth0
ip -n a link set eth0 up
ip -n r link set in0 up
ip -n r link set out0 up
ip -n r link set out0 mtu 1400
ip -n b link set eth0 mtu 1400
ip -n b link set eth0 up
ip -n a route add default via 10.0.1.1
ip -n b route add default via 10.0.2.1
ip netns exec r sysctl -q -w net.ipv4.ip_forward=1
ip netns exec a ping -c 1 -M do -s 1472 10.0.2.2 | head -n 2
ip -n a route get 10.0.2.2 | sed -e 's/expires [0-9]*sec/expires Nsec/'
ip -n a route show cache | sed -e 's/expires [0-9]*sec/expires Nsec/'
ip -n a route flush cache
echo "flush=$?"
ip -n a route show cache
ip -n a route get 10.0.2.2
ip -n a -4 route flush cache
ip -n a route list cache 10.0.2.2
ip netns del a
ip netns del r
ip netns del b
