# two subnets joined by a router namespace: ip_forward off then on, TTL 63 through one hop, route get from the client
ip netns add cl
ip netns add rt
ip netns add sv
ip link add eth0 netns cl type veth peer name eth1 netns rt
ip link add eth0 netns sv type veth peer name eth2 netns rt
ip -n cl addr add 10.1.0.2/24 dev eth0
ip -n rt addr add 10.1.0.1/24 dev eth1
ip -n rt addr add 10.2.0.1/24 dev eth2
ip -n sv addr add 10.2.0.2/24 dev eth0
ip -n cl link set eth0 up
ip -n rt link set eth1 up
ip -n rt link set eth2 up
ip -n sv link set eth0 up
ip -n cl route add default via 10.1.0.1
ip -n sv route add 10.1.0.0/24 via 10.2.0.1
ip netns exec rt cat /proc/sys/net/ipv4/ip_forward
ip netns exec cl ping -c 1 -W 1 10.2.0.2
echo "exit=$?"
ip netns exec rt sysctl -w net.ipv4.ip_forward=1
ip netns exec cl ping -c 2 10.2.0.2
ip netns exec cl ping -c 1 10.2.0.1
ip netns exec cl ping -c 1 -t 1 10.2.0.2
echo "exit=$?"
ip -n rt route
ip -n cl route get 10.2.0.2
ip -n rt route get 10.2.0.2 from 10.1.0.2 iif eth1
ip -n rt -br addr
