# sysctl: a subtree, -a with a filter, -n, -e, -N, -w several, bad values and unknown keys
ip netns add a1
ip -n a1 link add d0 type veth peer name d1
ip netns exec a1 sysctl net.ipv4.conf.d0
ip netns exec a1 sysctl -a --pattern 'net.ipv4.conf.d0.(forwarding|rp_filter|proxy_arp)$'
ip netns exec a1 sysctl -a 2>/dev/null | grep -c '^net.ipv4.conf.d1\.'
ip netns exec a1 sysctl -n net.ipv4.ip_forward net.ipv4.conf.all.rp_filter
ip netns exec a1 sysctl -e net.ipv4.nosuch
echo status $?
ip netns exec a1 sysctl net.ipv4.nosuch
echo status $?
ip netns exec a1 sysctl -N net.ipv4.ip_forward
ip netns exec a1 sysctl -w net.ipv4.ip_forward=1 net.ipv4.conf.d0.proxy_arp=1
ip netns exec a1 sysctl -w net.ipv4.ip_forward
echo status $?
ip netns exec a1 sysctl -w net.ipv4.ip_forward=abc
echo status $?
ip netns exec a1 sysctl net/ipv4/ip_forward
ip netns exec a1 sysctl -q -w net.ipv4.ip_forward=0
ip netns exec a1 sysctl net.ipv4.ip_forward
ip netns exec a1 cat /proc/sys/net/ipv4/conf/d0/forwarding
