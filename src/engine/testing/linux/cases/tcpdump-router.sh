# tcpdump on a router between two namespaces: traceroute probes and ICMP errors (time exceeded, port unreachable) with the quoted datagram under -v, -i any with directions (LINUX_SLL2) and -e, a forwarded ping with the TTL decremented
ip netns add cl
ip netns add rt
ip netns add sv
for n in cl rt sv; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
ip link add eth0 netns cl type veth peer name left netns rt
ip link add eth0 netns sv type veth peer name right netns rt
ip -n cl link set eth0 address 02:00:00:00:00:01
ip -n rt link set left address 02:00:00:00:00:02
ip -n rt link set right address 02:00:00:00:00:03
ip -n sv link set eth0 address 02:00:00:00:00:04
ip -n cl addr add 10.1.0.2/24 dev eth0
ip -n rt addr add 10.1.0.1/24 dev left
ip -n rt addr add 10.2.0.1/24 dev right
ip -n sv addr add 10.2.0.2/24 dev eth0
ip -n cl link set eth0 up
ip -n rt link set left up
ip -n rt link set right up
ip -n sv link set eth0 up
ip -n cl route add default via 10.1.0.1
ip -n sv route add default via 10.2.0.1
ip netns exec rt sysctl -qw net.ipv4.ip_forward=1
ip netns exec cl ping -c 1 10.2.0.2 >/dev/null
ip netns exec cl bash -c 'sleep 1; traceroute -n -q 1 -m 2 10.2.0.2 >/dev/null' | ip netns exec rt tcpdump -n -t -v -c 4 -i left 2>&1 | sed -E 's/ id [0-9]+,/ id ID,/; s/\.[0-9]{5} > /.SPORT > /'
ip netns exec cl bash -c 'sleep 1; traceroute -n -q 1 -m 2 10.2.0.2 >/dev/null' | ip netns exec rt tcpdump -n -t -c 6 -i any 2>&1 | sed -E 's/\.[0-9]{5} > /.SPORT > /'
ip netns exec cl bash -c 'sleep 1; ping -c 1 10.2.0.2 >/dev/null' | ip netns exec rt tcpdump -n -t -e -c 4 -i any icmp 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip netns exec cl bash -c 'sleep 1; ping -c 1 10.2.0.2 >/dev/null' | ip netns exec sv tcpdump -n -t -v -c 2 -i eth0 icmp 2>&1 | sed -E 's/id [0-9]+, (seq|offset)/id ID, \1/'
ip netns exec cl bash -c 'sleep 1; ping -c 1 -t 1 10.2.0.2 >/dev/null' | ip netns exec cl tcpdump -n -t -v -c 2 -i eth0 icmp 2>&1 | sed -E 's/id [0-9]+, (seq|offset)/id ID, \1/'
ip netns del cl
ip netns del rt
ip netns del sv
