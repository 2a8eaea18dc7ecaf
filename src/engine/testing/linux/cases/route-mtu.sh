# a route's mtu: what ping may send through it, and ip route get
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a2 addr add 10.0.0.2/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip -n a1 route add 10.0.0.2/32 dev eth0 mtu 1400
ip -n a1 route
ip netns exec a1 ping -c 1 -M do -s 1372 -q 10.0.0.2 | tail -2 | head -1
ip netns exec a1 ping -c 1 -M do -s 1373 10.0.0.2
ip -n a1 route get 10.0.0.2
ip -n a1 route change 10.0.0.2/32 dev eth0 mtu lock 1300
ip -n a1 route
ip netns exec a1 ping -c 1 -M do -s 1273 10.0.0.2
