# checksum offload as tcpdump shows it: TCP and UDP from local sockets carry only the pseudo-header sum across veth, a bridge and a router (-v 'cksum … (incorrect -> …)', -vv 'bad udp cksum'), ICMP is complete; VXLAN's outer UDP checksum is partial around a complete inner frame
ip netns add a1
ip netns add a2
ip netns add rt
for n in a1 a2 rt; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
ip link add eth0 netns a1 type veth peer name left netns rt
ip link add eth0 netns a2 type veth peer name right netns rt
ip -n a1 addr add 10.1.0.2/24 dev eth0
ip -n rt addr add 10.1.0.1/24 dev left
ip -n rt addr add 10.2.0.1/24 dev right
ip -n a2 addr add 10.2.0.2/24 dev eth0
ip -n a1 link set eth0 up
ip -n rt link set left up
ip -n rt link set right up
ip -n a2 link set eth0 up
ip -n a1 route add default via 10.1.0.1
ip -n a2 route add default via 10.2.0.1
ip netns exec rt sysctl -qw net.ipv4.ip_forward=1
ip netns exec a1 sysctl -qw net.ipv4.tcp_rmem='4096 131072 6291456'
ip netns exec a2 sysctl -qw net.ipv4.tcp_rmem='4096 131072 6291456'
ip netns exec a1 ping -c 1 10.2.0.2 >/dev/null
ip netns exec a2 bash -c 'nc -l 8080 </dev/null' | ip netns exec a1 bash -c 'sleep 1; echo hi | nc -N 10.2.0.2 8080' | ip netns exec a2 tcpdump -n -t -v -c 8 -i eth0 tcp port 8080 2>&1 | sed -E 's/(seq|ack) [0-9]{5,}/\1 N/g; s/val [0-9]+ ecr [0-9]+/val TS ecr TS/; s/10\.1\.0\.2\.[0-9]{5}/10.1.0.2.PORT/; s/cksum 0x[0-9a-f]{4}/cksum CK/; s/-> 0x[0-9a-f]{4}/-> CK/; s/ id [0-9]+,/ id ID,/'
ip netns exec a1 bash -c 'sleep 1; traceroute -n -q 1 -m 2 10.2.0.2 >/dev/null' | ip netns exec rt tcpdump -n -t -vv -c 2 -i right udp or icmp 2>&1 | sed -E 's/ id [0-9]+,/ id ID,/; s/\.[0-9]{5} > /.SPORT > /; s/cksum 0x[0-9a-f]{4}/cksum CK/; s/-> 0x[0-9a-f]{4}/-> CK/'
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.2.0.2 >/dev/null' | ip netns exec rt tcpdump -n -t -vv -c 2 -i right icmp 2>&1 | sed -E 's/id [0-9]+, (seq|offset)/id ID, \1/'
ip netns del a1
ip netns del a2
ip netns del rt
