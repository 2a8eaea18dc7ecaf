# reference errors (07-errors.sh): ping through local and remote unreachable/prohibit/blackhole routes, no route, TTL 1, a routing loop, Frag needed and the cached PMTU
ip netns add err1
ip netns add err2
ip -n err1 link add eth0 type veth peer name eth0 netns err2
ip -n err1 addr add 10.0.0.1/24 dev eth0
ip -n err2 addr add 10.0.0.2/24 dev eth0
ip -n err1 link set eth0 up
ip -n err2 link set eth0 up
ip netns add cl
ip netns add r1
ip netns add r2
ip -n cl link add eth0 type veth peer name eth0 netns r1
ip -n r1 link add eth1 type veth peer name eth0 netns r2
ip -n cl addr add 10.1.0.2/24 dev eth0
ip -n cl link set eth0 up
ip -n cl route add default via 10.1.0.1
ip -n r1 addr add 10.1.0.1/24 dev eth0
ip -n r1 addr add 10.2.0.1/30 dev eth1
ip -n r1 link set eth0 up
ip -n r1 link set eth1 mtu 1400
ip -n r1 link set eth1 up
ip -n r2 addr add 10.2.0.2/30 dev eth0
ip -n r2 link set eth0 mtu 1400
ip -n r2 link set eth0 up
ip -n r2 addr add 10.60.0.1/32 dev lo
ip netns exec r1 sysctl -qw net.ipv4.ip_forward=1
ip netns exec r2 sysctl -qw net.ipv4.ip_forward=1
ip -n r1 route add 10.60.0.1/32 via 10.2.0.2
ip -n r2 route add 10.1.0.0/24 via 10.2.0.1
ip -n r1 route add 10.50.0.0/24 via 10.2.0.2
ip -n r2 route add 10.50.0.0/24 via 10.2.0.1
ip -n r1 route add unreachable 10.70.0.0/24
ip -n r1 route add prohibit 10.71.0.0/24
ip -n r1 route add blackhole 10.72.0.0/24
ip -n cl route add unreachable 10.170.0.0/24
ip -n cl route add prohibit 10.171.0.0/24
ip -n cl route add blackhole 10.172.0.0/24
sleep 2
ip netns exec err1 ping -c 2 10.0.0.2
echo "exit=$?"
ip netns exec err1 ping -c 1 10.99.0.1
echo "exit=$?"
ip netns exec cl ping -c 1 10.170.0.1
echo "exit=$?"
ip netns exec cl ping -c 1 10.171.0.1
echo "exit=$?"
ip netns exec cl ping -c 1 10.172.0.1
echo "exit=$?"
ip netns exec cl ping -c 1 10.70.0.1
echo "exit=$?"
ip netns exec cl ping -c 1 10.71.0.1
echo "exit=$?"
ip netns exec cl ping -c 1 -W 1 10.72.0.1
echo "exit=$?"
ip netns exec cl ping -c 1 10.80.0.1
echo "exit=$?"
ip netns exec cl ping -c 1 -t 1 10.60.0.1
echo "exit=$?"
ip netns exec cl ping -c 2 10.50.0.1
echo "exit=$?"
sleep 6
ip netns exec cl ping -c 3 -M do -s 1472 10.60.0.1
echo "exit=$?"
ip netns exec cl ping -c 1 -s 1472 10.60.0.1
echo "exit=$?"
ip netns exec err1 ping -c 1 -M do -s 1473 10.0.0.2
echo "exit=$?"
ip netns exec err1 ping -c 1 -s 70000 10.0.0.2
echo "exit=$?"
ip netns exec err1 ping -c 0 10.0.0.2
echo "exit=$?"
ip netns exec err1 ping -c 1 -I nodev 10.0.0.2
echo "exit=$?"
ip netns exec err1 ping -c 1 10.0.0.255
echo "exit=$?"
ip netns exec err1 ping -c 1 -W 1 -b 10.0.0.255
echo "exit=$?"
sleep 6
ip netns exec cl traceroute -n -m 3 10.70.0.1
echo "exit=$?"
sleep 6
ip netns exec cl traceroute -n -m 3 10.71.0.1
echo "exit=$?"
sleep 6
ip netns exec cl traceroute -n -m 3 10.80.0.1
echo "exit=$?"
ip netns exec err1 traceroute -n 10.99.0.1
echo "exit=$?"
ip -n err1 link set eth0 down
ip -n err1 route
echo "exit=$?"
ip netns exec err1 ping -c 1 10.0.0.2
echo "exit=$?"
