# bridge fdb show (all, br X, dev X) and bridge link with two ports and a ping across the bridge
ip netns add c1
ip netns add c2
ip link add br0 type bridge
ip link set br0 address 02:00:00:00:00:10
ip link add vethA type veth peer name eth0 netns c1
ip link add vethB type veth peer name eth0 netns c2
ip link set vethA address 02:00:00:00:00:0a
ip link set vethB address 02:00:00:00:00:0b
ip -n c1 link set eth0 address 02:00:00:00:00:01
ip -n c2 link set eth0 address 02:00:00:00:00:02
ip link set vethA master br0
ip link set vethB master br0
ip link set br0 up
ip link set vethA up
ip link set vethB up
ip -n c1 addr add 10.0.0.1/24 dev eth0
ip -n c2 addr add 10.0.0.2/24 dev eth0
ip -n c1 link set eth0 up
ip -n c2 link set eth0 up
sleep 2
bridge link
bridge fdb show br br0
bridge fdb show dev vethA
ip netns exec c1 ping -c 1 10.0.0.2
bridge fdb show br br0 | grep -v 33:33
bridge fdb show dev vethB | grep -v 33:33
bridge link show dev vethA
ip -br link
