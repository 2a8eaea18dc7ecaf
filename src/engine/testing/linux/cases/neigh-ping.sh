# neighbour entries learnt by a ping across a veth pair between two namespaces (live states normalised; one entry per listing, the dump order is a random hash order)
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 link set eth0 address 02:00:00:00:00:01
ip -n a2 link set eth0 address 02:00:00:00:00:02
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a2 addr add 10.0.0.2/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip -n a1 neigh
ip netns exec a1 ping -c 1 10.0.0.2
ip -n a1 neigh
ip -n a2 neigh
ip -n a1 neigh show 10.0.0.2
ip -n a1 neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev eth0 nud permanent
ip -n a1 neigh show 10.0.0.9
ip link
ip -n a1 link
