# reference errors (07-errors.sh): ip route add/del/show/flush mistakes and ip route get answers, with exit codes
ip netns add err1
ip netns add err2
ip -n err1 link add eth0 type veth peer name eth0 netns err2
ip -n err1 addr add 10.0.0.1/24 dev eth0
ip -n err2 addr add 10.0.0.2/24 dev eth0
ip -n err1 link set eth0 up
ip -n err2 link set eth0 up
ip -n err1 link add vdown type veth peer name vdown netns err2
ip -n err1 addr add 10.3.0.1/24 dev vdown
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
ip -n err1 route add 10.9.0.0/24 dev eth0
ip -n err1 route add 10.9.0.0/24 dev eth0
echo "exit=$?"
ip -n err1 route add 10.9.0.0/33 dev eth0
echo "exit=$?"
ip -n err1 route add 10.9.0.1/24 dev eth0
echo "exit=$?"
ip -n err1 route add 10.9.0.300/24 dev eth0
echo "exit=$?"
ip -n err1 route add 10.8.0.0/24 dev nodev
echo "exit=$?"
ip -n err1 route add 10.8.0.0/24 via 10.0.0.2 dev nodev
echo "exit=$?"
ip -n err1 route add 10.8.0.0/24 via 10.99.0.1
echo "exit=$?"
ip -n err1 route add 10.8.0.0/24 via 10.0.0.1
echo "exit=$?"
ip -n err1 route add 10.7.0.0/24 via 10.3.0.2 dev vdown
echo "exit=$?"
ip -n err1 route add 10.7.0.0/24 via 10.3.0.2 dev vdown onlink
echo "exit=$?"
ip -n err1 route del 10.99.0.0/24
echo "exit=$?"
ip -n err1 route show table 999
echo "exit=$?"
ip -n err1 route add 10.6.0.0/24 vai 10.0.0.2
echo "exit=$?"
ip -n err1 route flush
echo "exit=$?"
ip -n err1 route get 10.0.0.2
echo "exit=$?"
ip -n err1 route get 10.0.0.1
echo "exit=$?"
ip -n err1 route get 10.0.0.255
echo "exit=$?"
ip -n err1 route get 224.0.0.1
echo "exit=$?"
ip -n err1 route get 10.99.0.1
echo "exit=$?"
ip -n cl route get 10.60.0.1
echo "exit=$?"
ip -n cl route get 10.170.0.1
echo "exit=$?"
ip -n cl route get 10.171.0.1
echo "exit=$?"
ip -n cl route get 10.172.0.1
echo "exit=$?"
ip -n r1 route get 10.60.0.1 from 10.1.0.2 iif eth0
echo "exit=$?"
ip -n err1 route get 10.1.0.2 from 10.0.0.2 iif eth0
echo "exit=$?"
ip -n r1 route get fibmatch 10.60.0.1
echo "exit=$?"
ip -n err1 route get 300.1.1.1
echo "exit=$?"
ip -n err1 route
ip -n r1 route
