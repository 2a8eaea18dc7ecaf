# ping variants: -I by device and by address, -t, -s, -q, own address, loopback, broadcast with and without -b, -w deadline
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 addr add 10.0.0.1/24 brd + dev eth0
ip -n a2 addr add 10.0.0.2/24 brd + dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip -n a1 link set lo up
ip netns exec a1 ping -c 2 -i 0.2 -I eth0 10.0.0.2
ip netns exec a1 ping -c 1 -I 10.0.0.1 10.0.0.2
ip netns exec a1 ping -c 1 -I nosuch 10.0.0.2
ip netns exec a1 ping -c 1 -I 10.9.9.9 10.0.0.2
ip netns exec a1 ping -c 1 -t 1 10.0.0.2
ip netns exec a1 ping -c 1 -s 1000 10.0.0.2
ip netns exec a1 ping -c 1 -s 70000 10.0.0.2
ip netns exec a1 ping -c 1 10.0.0.1
ip netns exec a1 ping -c 1 127.0.0.1
ip netns exec a1 ping -c 1 10.0.0.255
ip netns exec a1 ping -c 1 -b 10.0.0.255
ip netns exec a1 ping -c 3 -i 0.2 -q 10.0.0.2
ip netns exec a1 ping -w 1 -i 0.3 -q 10.0.0.2
ip netns exec a1 ping -c 1 -W 1 10.0.0.9
ip netns exec a1 ping -c 1 0.0.0.0
