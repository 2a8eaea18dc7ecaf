# tcpdump of TCP connections made with nc: handshake flags, relative seq/ack, win, options (mss, sackOK, TS, wscale), data, FIN, RST; -S absolute, -q, HTTP lines on 80/8080, port filters
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a2 addr add 10.0.0.2/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip netns exec a1 sysctl -qw net.ipv4.tcp_rmem='4096 131072 6291456'
ip netns exec a2 sysctl -w net.ipv4.tcp_rmem='4096 131072 6291456'
ip netns exec a1 sysctl net.ipv4.tcp_rmem
ip netns exec a1 ping -c 1 10.0.0.2 >/dev/null
ip netns exec a2 bash -c 'nc -l 8080 </dev/null' | ip netns exec a1 bash -c 'sleep 1; echo hi | nc -N 10.0.0.2 8080' | ip netns exec a2 tcpdump -n -t -c 8 -i eth0 tcp port 8080 2>&1 | sed -E 's/(seq|ack) [0-9]{5,}/\1 N/g; s/val [0-9]+ ecr [0-9]+/val TS ecr TS/; s/10\.0\.0\.1\.[0-9]{5}/10.0.0.1.PORT/'
ip netns exec a2 bash -c 'nc -l 5001 </dev/null' | ip netns exec a1 bash -c 'sleep 1; echo hello | nc -N 10.0.0.2 5001' | ip netns exec a2 tcpdump -n -t -S -c 8 -i eth0 tcp port 5001 2>&1 | sed -E 's/(seq|ack) [0-9]{5,}/\1 N/g; s/:[0-9]{5,}/:N/; s/val [0-9]+ ecr [0-9]+/val TS ecr TS/; s/10\.0\.0\.1\.[0-9]{5}/10.0.0.1.PORT/'
ip netns exec a2 bash -c 'nc -l 5002 </dev/null' | ip netns exec a1 bash -c 'sleep 1; echo hello | nc -N 10.0.0.2 5002' | ip netns exec a2 tcpdump -n -t -q -c 8 -i eth0 port 5002 2>&1 | sed -E 's/10\.0\.0\.1\.[0-9]{5}/10.0.0.1.PORT/'
ip netns exec a2 bash -c 'nc -l 80 </dev/null' | ip netns exec a1 bash -c 'sleep 1; printf "GET / HTTP/1.0\r\nHost: a2\r\n\r\n" | nc -N 10.0.0.2 80' | ip netns exec a2 tcpdump -n -t -c 5 -i eth0 tcp dst port 80 2>&1 | sed -E 's/(seq|ack) [0-9]{5,}/\1 N/g; s/val [0-9]+ ecr [0-9]+/val TS ecr TS/; s/10\.0\.0\.1\.[0-9]{5}/10.0.0.1.PORT/'
ip netns exec a2 bash -c 'nc -l 8080 </dev/null' | ip netns exec a1 bash -c 'sleep 1; printf "GET /x" | nc -N 10.0.0.2 8080' | ip netns exec a2 tcpdump -t -c 5 -i eth0 tcp dst port http-alt 2>&1 | sed -E 's/(seq|ack) [0-9]{5,}/\1 N/g; s/val [0-9]+ ecr [0-9]+/val TS ecr TS/; s/10\.0\.0\.1\.[0-9]{5}/10.0.0.1.PORT/'
ip netns exec a1 bash -c 'sleep 1; nc 10.0.0.2 9' | ip netns exec a2 tcpdump -n -t -c 2 -i eth0 tcp port 9 2>&1 | sed -E 's/(seq|ack) [0-9]{5,}/\1 N/g; s/val [0-9]+ ecr [0-9]+/val TS ecr TS/; s/10\.0\.0\.1\.[0-9]{5}/10.0.0.1.PORT/'
ip netns del a1
ip netns del a2
