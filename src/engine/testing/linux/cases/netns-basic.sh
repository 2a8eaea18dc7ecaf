# ip netns add/list/exec/identify/del: newest first, "(id: N)" only once an id is assigned, exec status
ip netns list
ip netns add c1
ip netns add c2
ip netns add c3
ip netns list
ip netns
ip netns exec c2 ip link
ip netns exec c2 ip netns identify
ip netns identify
echo "exit=$?"
ip netns exec c1 true
echo "exit=$?"
ip netns exec c1 false
echo "exit=$?"
ip link add veth0 type veth peer name eth0 netns c3
ip netns list
ip link add veth1 type veth peer name eth0 netns c1
ip netns list
ip netns list-id
ip netns del c2
ip netns list
ip netns del c3
sleep 2
ip link
ip netns list
ip -n c1 link show eth0
ip -n c1 addr
