# tcpdump on a VXLAN underlay: udp port 8472 (decoded as OTV) and 4789 (VXLAN) with the inner frame, -n/-e/-v/-vv (outer UDP checksum partial around ICMP, complete around a partial inner TCP), -q, and the overlay device itself
ip netns add u
ip netns add n1
ip netns add n2
for n in u n1 n2; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
for n in n1 n2; do ip netns exec $n sysctl -qw net.ipv4.tcp_rmem='4096 131072 6291456'; done
ip -n u link add br0 type bridge
ip -n u link set br0 up
ip -n n1 link add eth0 type veth peer name p1 netns u
ip -n n2 link add eth0 type veth peer name p2 netns u
ip -n u link set p1 master br0
ip -n u link set p2 master br0
ip -n u link set p1 up
ip -n u link set p2 up
ip -n n1 addr add 192.168.0.1/24 dev eth0
ip -n n2 addr add 192.168.0.2/24 dev eth0
ip -n n1 link set eth0 up
ip -n n2 link set eth0 up
ip -n n1 link add vx0 type vxlan id 42 local 192.168.0.1 remote 192.168.0.2 dev eth0 dstport 8472
ip -n n2 link add vx0 type vxlan id 42 local 192.168.0.2 remote 192.168.0.1 dev eth0 dstport 8472
ip -n n1 link set vx0 address 02:00:00:00:01:01
ip -n n2 link set vx0 address 02:00:00:00:01:02
ip -n n1 addr add 10.1.0.1/24 dev vx0
ip -n n2 addr add 10.1.0.2/24 dev vx0
ip -n n1 link set vx0 up
ip -n n2 link set vx0 up
ip -n n1 link add vx1 type vxlan id 7 local 192.168.0.1 remote 192.168.0.2 dev eth0 dstport 4789
ip -n n2 link add vx1 type vxlan id 7 local 192.168.0.2 remote 192.168.0.1 dev eth0 dstport 4789
ip -n n1 link set vx1 address 02:00:00:00:02:01
ip -n n2 link set vx1 address 02:00:00:00:02:02
ip -n n1 addr add 10.2.0.1/24 dev vx1
ip -n n2 addr add 10.2.0.2/24 dev vx1
ip -n n1 link set vx1 up
ip -n n2 link set vx1 up
ip netns exec n1 ping -c 1 192.168.0.2 >/dev/null
ip netns exec n1 bash -c 'sleep 1; ping -c 1 10.1.0.2 >/dev/null' | ip netns exec n2 tcpdump -n -t -c 4 -i eth0 udp port 8472 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/; s/\.[0-9]{5} > /.SPORT > /'
ip -n n1 neigh replace 10.1.0.2 lladdr 02:00:00:00:01:02 dev vx0 nud permanent
ip -n n2 neigh replace 10.1.0.1 lladdr 02:00:00:00:01:01 dev vx0 nud permanent
ip netns exec n1 bash -c 'sleep 1; ping -c 1 10.1.0.2 >/dev/null' | ip netns exec n2 tcpdump -n -t -e -c 2 -i eth0 udp port 8472 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/; s/\.[0-9]{5} > /.SPORT > /'
ip netns exec n1 bash -c 'sleep 1; ping -c 1 10.1.0.2 >/dev/null' | ip netns exec n2 tcpdump -n -t -v -c 2 -i eth0 udp port 8472 2>&1 | sed -E 's/id [0-9]+, (seq|offset)/id ID, \1/; s/\.[0-9]{5} > /.SPORT > /'
ip netns exec n1 bash -c 'sleep 1; ping -c 1 10.1.0.2 >/dev/null' | ip netns exec n2 tcpdump -n -t -vv -c 2 -i eth0 udp port 8472 2>&1 | sed -E 's/id [0-9]+, (seq|offset)/id ID, \1/; s/\.[0-9]{5} > /.SPORT > /; s/cksum 0x[0-9a-f]{4}/cksum CK/; s/-> 0x[0-9a-f]{4}/-> CK/'
ip netns exec n2 bash -c 'nc -l 8080 </dev/null' | ip netns exec n1 bash -c 'sleep 1; echo hi | nc -N 10.1.0.2 8080' | ip netns exec n2 tcpdump -n -t -vv -c 8 -i eth0 udp port 8472 2>&1 | sed -E 's/(seq|ack) [0-9]{5,}/\1 N/g; s/val [0-9]+ ecr [0-9]+/val TS ecr TS/; s/10\.1\.0\.1\.[0-9]{5}/10.1.0.1.PORT/; s/cksum 0x[0-9a-f]{4}/cksum CK/; s/-> 0x[0-9a-f]{4}/-> CK/; s/ id [0-9]+,/ id ID,/; s/\.[0-9]{5} > /.SPORT > /'
ip netns exec n1 bash -c 'sleep 1; ping -c 1 10.1.0.2 >/dev/null' | ip netns exec n2 tcpdump -n -t -q -c 2 -i eth0 udp 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/; s/\.[0-9]{5} > /.SPORT > /'
ip netns exec n1 bash -c 'sleep 1; ping -c 1 10.2.0.2 >/dev/null' | ip netns exec n2 tcpdump -n -t -c 4 -i eth0 udp port 4789 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/; s/\.[0-9]{5} > /.SPORT > /'
ip -n n1 neigh replace 10.2.0.2 lladdr 02:00:00:00:02:02 dev vx1 nud permanent
ip -n n2 neigh replace 10.2.0.1 lladdr 02:00:00:00:02:01 dev vx1 nud permanent
ip netns exec n1 bash -c 'sleep 1; ping -c 1 10.2.0.2 >/dev/null' | ip netns exec n2 tcpdump -t -c 2 -i eth0 udp port 4789 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/; s/\.[0-9]{5} > /.SPORT > /'
ip netns exec n1 bash -c 'sleep 1; ping -c 1 10.1.0.2 >/dev/null' | ip netns exec n2 tcpdump -n -t -e -c 2 -i vx0 icmp 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip netns exec n1 bash -c 'sleep 1; ping -c 1 10.1.0.2 >/dev/null' | ip netns exec n2 tcpdump -n -t -c 2 -i eth0 'udp port 8472 and host 192.168.0.1' 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/; s/\.[0-9]{5} > /.SPORT > /'
ip netns del n1
ip netns del n2
ip netns del u
