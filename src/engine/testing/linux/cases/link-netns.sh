# veth ends in other namespaces: @ifN peers, link-netns NAME vs link-netnsid N, ifindex numbering
ip netns add c1
ip netns add c2
ip link add veth1 type veth peer name eth0 netns c1
ip link
ip -n c1 link
ip link add veth2 type veth peer name veth2p
ip link set veth2p netns c2
ip link
ip -n c2 link
ip -n c2 link set veth2p name eth0
ip -n c2 link
ip netns list
ip -n c1 link add x1 type veth peer name x2 netns c2
ip -n c1 link
ip -n c2 link
ip netns list
ip -br link
ip -n c1 -br link
