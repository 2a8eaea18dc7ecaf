# tcpdump on a Linux bridge and on a bridge port: frames between two namespaces (promiscuous capture on br0 shows forwarded traffic), -e, -p, ARP broadcast flooding, a ping to the bridge's own address, -i any (each frame on the ports it crosses, with its direction)
ip netns add h
ip netns add c1
ip netns add c2
for n in h c1 c2; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
ip -n h link add br0 type bridge
ip -n h link set br0 address 02:00:00:00:00:10
ip -n h addr add 172.20.0.1/24 dev br0
ip -n h link set br0 up
ip -n h link add veth1 type veth peer name eth0 netns c1
ip -n h link add veth2 type veth peer name eth0 netns c2
ip -n c1 link set eth0 address 02:00:00:00:00:01
ip -n c2 link set eth0 address 02:00:00:00:00:02
ip -n h link set veth1 master br0
ip -n h link set veth2 master br0
ip -n h link set veth1 up
ip -n h link set veth2 up
ip -n c1 addr add 172.20.0.2/24 dev eth0
ip -n c2 addr add 172.20.0.3/24 dev eth0
ip -n c1 link set eth0 up
ip -n c2 link set eth0 up
sleep 2
ip netns exec c1 bash -c 'sleep 1; ping -c 1 172.20.0.3 >/dev/null' | ip netns exec h tcpdump -n -t -e -c 4 -i br0 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip -n c1 neigh flush all
ip -n c2 neigh flush all
ip netns exec c1 bash -c 'sleep 1; ping -c 1 172.20.0.3 >/dev/null' | ip netns exec h tcpdump -n -t -p -c 1 -i br0 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip -n c1 neigh flush all
ip -n c2 neigh flush all
ip netns exec c1 bash -c 'sleep 1; ping -c 1 172.20.0.3 >/dev/null' | ip netns exec h tcpdump -n -t -e -c 4 -i veth2 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip -n c1 neigh flush all
ip netns exec c1 bash -c 'sleep 1; ping -c 1 172.20.0.1 >/dev/null' | ip netns exec h tcpdump -n -t -e -c 4 -i br0 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip -n c1 neigh flush all
ip -n c2 neigh flush all
ip netns exec c1 bash -c 'sleep 1; ping -c 1 172.20.0.3 >/dev/null' | ip netns exec h tcpdump -n -t -c 5 -i any arp 2>&1
ip netns exec c1 bash -c 'sleep 1; ping -c 1 172.20.0.3 >/dev/null' | ip netns exec h tcpdump -n -t -c 4 -i any icmp 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip netns del c1
ip netns del c2
ip netns del h
