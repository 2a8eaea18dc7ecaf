# tcpdump of ARP on a veth pair: request and reply with -n, names (Broadcast, oui), -e, -v, -x, -X, -XX, -q, filters arp / broadcast / ether host
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 link set eth0 address 02:00:00:00:00:01
ip -n a2 link set eth0 address 02:00:00:00:00:02
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a2 addr add 10.0.0.2/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -c 2 -i eth0 arp 2>&1
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -t -c 2 -i eth0 arp 2>&1
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -t -e -c 2 -i eth0 arp 2>&1
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -e -v -c 2 -i eth0 arp 2>&1
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -x -c 2 -i eth0 arp 2>&1
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -X -c 2 -i eth0 arp 2>&1
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -XX -c 2 -i eth0 arp 2>&1
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -xx -q -c 2 -i eth0 arp 2>&1
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -c 1 -i eth0 broadcast 2>&1
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -c 2 -i eth0 ether src 02:00:00:00:00:02 2>&1 | sed -E "s/id [0-9]+, seq/id ID, seq/"
ip netns del a1
ip netns del a2
