# docker0 by hand with Docker-style MACs: ping between containers, neighbours, fdb, a container removed
ip netns add c1
ip netns add c2
ip link add docker0 type bridge
ip link set docker0 address 02:42:00:00:00:01
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
sleep 2
ip link show docker0
ip link add veth1a2b3c4 type veth peer name eth0 netns c1
ip link add veth9f8e7d6 type veth peer name eth0 netns c2
ip -n c1 link set eth0 address 02:42:ac:11:00:02
ip -n c2 link set eth0 address 02:42:ac:11:00:03
ip link set veth1a2b3c4 master docker0
ip link set veth9f8e7d6 master docker0
ip link set veth1a2b3c4 up
ip link set veth9f8e7d6 up
ip -n c1 addr add 172.17.0.2/16 dev eth0
ip -n c2 addr add 172.17.0.3/16 dev eth0
ip -n c1 link set eth0 up
ip -n c2 link set eth0 up
ip -n c1 route add default via 172.17.0.1
sleep 2
ip netns exec c1 ping -c 2 172.17.0.3
ip netns exec c2 ping -c 1 172.17.0.1
ip -n c1 neigh
ip neigh
ip -br addr
ip -n c2 route
ip netns exec c2 ping -c 1 8.8.8.8
echo "exit=$?"
ip netns del c2
sleep 2
ip -br link
bridge link
ip netns list
