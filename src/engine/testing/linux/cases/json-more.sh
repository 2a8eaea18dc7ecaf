# ip -j for routes (and route get: unicast, local, broadcast, from), neighbours, rules, netns and addresses
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a2 addr add 10.0.0.2/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip -n a1 route add 192.168.0.0/16 via 10.0.0.2 metric 5
ip -n a1 route add blackhole 172.16.0.0/12
ip -n a1 neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev eth0
ip -j -n a1 route
ip -j -p -n a1 route show 192.168.0.0/16
ip -j -n a1 neigh
ip -j -n a1 rule
ip -j netns list
ip -j -n a1 -4 addr
ip -j -n a1 route get 192.168.1.1
ip -j -n a1 -4 -br addr
ip -j -n a1 -br link
ip link add d0 type veth peer name d1
ip addr add 10.0.0.1/24 brd + dev d0
ip link set d0 up
ip link set lo up
ip -j route get 10.0.0.1
ip -j route get 10.0.0.255
ip -j route get 10.0.0.7 from 10.0.0.1
ip -j neigh add 10.0.0.3 lladdr 02:00:00:00:00:03 dev d0 router
ip -j neigh show dev d0
