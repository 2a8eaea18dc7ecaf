# traceroute through two routers: UDP, ICMP (-I) and TCP (-T) probes, -n -q -m -w, an unreachable network, help and errors
ip netns add a
ip netns add r1
ip netns add r2
ip netns add b
ip link add eth0 netns a type veth peer name e0 netns r1
ip link add e1 netns r1 type veth peer name e0 netns r2
ip link add e1 netns r2 type veth peer name eth0 netns b
ip -n a addr add 10.0.1.2/24 dev eth0
ip -n r1 addr add 10.0.1.1/24 dev e0
ip -n r1 addr add 10.0.2.1/24 dev e1
ip -n r2 addr add 10.0.2.2/24 dev e0
ip -n r2 addr add 10.0.3.1/24 dev e1
ip -n b addr add 10.0.3.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n r1 link set e0 up
ip -n r1 link set e1 up
ip netns exec r1 sysctl -q -w net.ipv4.ip_forward=1
ip -n r2 link set e0 up
ip -n r2 link set e1 up
ip netns exec r2 sysctl -q -w net.ipv4.ip_forward=1
ip -n a route add default via 10.0.1.1
ip -n r1 route add 10.0.3.0/24 via 10.0.2.2
ip -n r2 route add 10.0.1.0/24 via 10.0.2.1
ip -n b route add default via 10.0.3.1
ip netns exec a traceroute -n 10.0.3.2
ip netns exec a traceroute -n -q 1 10.0.3.2
ip netns exec a traceroute -n -m 2 10.0.3.2
ip netns exec a traceroute -n -q 1 -w 1 10.0.9.9
ip netns exec a traceroute -n -I -q 1 10.0.3.2
ip netns exec a traceroute -n -T -q 1 10.0.3.2
ip netns exec a traceroute
ip netns exec a traceroute -n 300.1.1.1
ip netns exec a traceroute -n -m 0 10.0.3.2
