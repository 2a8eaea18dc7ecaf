# an IPv6 address dump (-6 without a device) names veths without their peer, in every format
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip -n a1 -4 addr
ip -n a1 -6 addr show dev eth0
ip -n a1 -4 -br addr
ip -n a1 -6 -br addr
ip -n a1 -6 -o addr
ip -n a1 -6 addr
ip -n a1 -0 addr
ip -n a1 -4 link
