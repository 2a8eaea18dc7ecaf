# tcpdump of a BIRD eBGP session: the handshake and the messages one speaker sends (OPEN 53 bytes, KEEPALIVE, UPDATE, End-of-RIB), each printed as ': BGP'; acks masked (the peer's segments coalesce as timing allows)
ip netns add n1
ip netns add n2
ip link add eth0 netns n1 type veth peer name eth0 netns n2
ip -n n1 addr add 10.0.0.1/24 dev eth0
ip -n n2 addr add 10.0.0.2/24 dev eth0
ip -n n1 link set eth0 up
ip -n n2 link set eth0 up
ip netns exec n1 sysctl -qw net.ipv4.tcp_rmem='4096 131072 6291456'
ip netns exec n2 sysctl -qw net.ipv4.tcp_rmem='4096 131072 6291456'
printf '%s\n' 'router id 10.0.0.1;' 'protocol device { scan time 2; }' 'protocol static { ipv4; route 10.10.1.0/24 blackhole; }' 'protocol bgp peer { local as 65001; neighbor 10.0.0.2 as 65002; source address 10.0.0.1; connect delay time 1; ipv4 { import all; export where source = RTS_STATIC; }; }' > /tmp/cnlab-bird-n1.conf
printf '%s\n' 'router id 10.0.0.2;' 'protocol device { scan time 2; }' 'protocol static { ipv4; route 10.10.2.0/24 blackhole; }' 'protocol bgp peer { local as 65002; neighbor 10.0.0.1 as 65001; source address 10.0.0.2; passive on; ipv4 { import all; export where source = RTS_STATIC; }; }' > /tmp/cnlab-bird-n2.conf
ip netns exec n2 bird -c /tmp/cnlab-bird-n2.conf -s /tmp/cnlab-bird-n2.ctl
ip netns exec n1 bird -c /tmp/cnlab-bird-n1.conf -s /tmp/cnlab-bird-n1.ctl
ip netns exec n2 tcpdump -n -t -c 2 -i eth0 'tcp port 179 and tcp[tcpflags] & tcp-syn != 0' 2>&1 | sed -E 's/(seq|ack) [0-9]{5,}/\1 N/g; s/:[0-9]{5,}/:N/; s/val [0-9]+ ecr [0-9]+/val TS ecr TS/; s/10\.0\.0\.1\.[0-9]{5}/10.0.0.1.PORT/'
ip netns exec n1 birdc -s /tmp/cnlab-bird-n1.ctl down >/dev/null
ip netns exec n2 birdc -s /tmp/cnlab-bird-n2.ctl down >/dev/null
ip netns exec n2 bird -c /tmp/cnlab-bird-n2.conf -s /tmp/cnlab-bird-n2.ctl
ip netns exec n1 bird -c /tmp/cnlab-bird-n1.conf -s /tmp/cnlab-bird-n1.ctl
ip netns exec n2 tcpdump -n -t -c 4 -i eth0 'src 10.0.0.1 and tcp port 179 and tcp[tcpflags] & tcp-push != 0' 2>&1 | sed -E 's/, ack [0-9]+,/, ack A,/; s/(seq|ack) [0-9]{5,}/\1 N/g; s/:[0-9]{5,}/:N/; s/val [0-9]+ ecr [0-9]+/val TS ecr TS/; s/10\.0\.0\.1\.[0-9]{5}/10.0.0.1.PORT/'
ip netns exec n1 birdc -s /tmp/cnlab-bird-n1.ctl show protocols all peer | sed -n '/Local capabilities/,/Session/p'
ip netns exec n1 birdc -s /tmp/cnlab-bird-n1.ctl down >/dev/null
ip netns exec n2 birdc -s /tmp/cnlab-bird-n2.ctl down >/dev/null
ip netns del n1
ip netns del n2
rm -f /tmp/cnlab-bird-n1.conf /tmp/cnlab-bird-n2.conf
