# the IPv6 routes the kernel adds by itself (main, local, table all), an address flush, and the default rules
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip -n a1 link set lo up
ip -n a1 -6 route
ip -n a1 -6 route show table local
ip -n a1 route show table all
ip -n a1 -6 addr
ip -n a1 addr flush dev eth0
ip -n a1 addr show dev eth0
ip -n a1 -6 route
ip -n a1 rule
ip -n a1 -6 rule
ip -n a1 rule list
