# ip netns: ids, set, list-id, identify, -all exec, attach errors, deleting and re-adding
ip netns add red
ip netns add blue
ip netns list
ip link add v0 netns red type veth peer name v1 netns blue
ip netns list
ip netns list-id
ip netns set red 7
ip netns set blue 7
ip netns list
ip -n red netns list-id
ip netns identify
ip -all netns exec ip -br link
ip netns exec red ip netns identify
ip netns del green
ip netns add red
ip netns add "bad/name"
ip netns delete blue
ip netns list
ip netns exec nosuch true
ip netns exec red
ip netns
