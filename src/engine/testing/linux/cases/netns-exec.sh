# ip -n NS vs ip netns exec NS: same output; sysctl and /proc are per namespace
ip netns add c1
ip -n c1 link set lo up
ip -n c1 addr
ip netns exec c1 ip addr
ip -n c1 route
ip -n c1 -4 -br addr
ip netns exec c1 sysctl net.ipv4.ip_forward
ip netns exec c1 sysctl -w net.ipv4.ip_forward=1
ip netns exec c1 cat /proc/sys/net/ipv4/ip_forward
cat /proc/sys/net/ipv4/ip_forward
sysctl -w net.ipv4.ip_forward=1
cat /proc/sys/net/ipv4/ip_forward
sysctl net.ipv4.ip_forward
sysctl -w net.ipv4.ip_forward=0
ip netns exec c1 ping -c 1 127.0.0.1
