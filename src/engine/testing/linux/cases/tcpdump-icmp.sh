# tcpdump during a ping on a veth pair: -n icmp, names, -e, -v, -vv, -q, -t, -tt, -c counters, filters by host/dst/or and by packet bytes (icmp[icmptype], ip[8], len), and their errors
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 link set eth0 address 02:00:00:00:00:01
ip -n a2 link set eth0 address 02:00:00:00:00:02
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a2 addr add 10.0.0.2/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip netns exec a1 bash -c 'sleep 1; ping -c 2 -i 0.2 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -c 4 -i eth0 icmp 2>&1 | sed -E 's/^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} /TIME /; s/id [0-9]+, seq/id ID, seq/'
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -t -e -c 2 -i eth0 icmp 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -nte -c 2 -i eth0 icmp or arp 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip netns exec a1 bash -c 'sleep 1; ping -c 1 -s 100 -t 9 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -v -c 2 -i eth0 icmp 2>&1 | sed -E 's/id [0-9]+, (seq|offset)/id ID, \1/'
ip netns exec a1 bash -c 'sleep 1; ping -c 1 -M dont 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -vv -c 2 -i eth0 icmp 2>&1 | sed -E 's/id [0-9]+, (seq|offset)/id ID, \1/'
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -q -tt -c 2 -i eth0 icmp 2>&1 | sed -E 's/^[0-9]+\.[0-9]{6} /EPOCH /; s/id [0-9]+, seq/id ID, seq/'
ip netns exec a1 bash -c 'sleep 1; ping -c 2 -i 0.2 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -c 2 -i eth0 'icmp[icmptype] = icmp-echoreply' 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip netns exec a1 bash -c 'sleep 1; ping -c 2 -i 0.2 -t 7 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -c 2 -i eth0 'ip[8] < 10 and len > 90' 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip netns exec a1 bash -c 'sleep 1; ping -c 2 -i 0.2 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -c 2 -i eth0 src host 10.0.0.2 and icmp 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip netns exec a1 bash -c 'sleep 1; ping -c 2 -i 0.2 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -c 4 -i eth0 'dst 10.0.0.2 or dst 10.0.0.1' and not arp 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip netns exec a2 tcpdump -n -c 1 -i eth0 'ip[0:3] = 1'
echo status $?
ip netns exec a2 tcpdump -n -c 1 -i eth0 'ip[0] / 0 = 1'
echo status $?
ip netns exec a2 tcpdump -n -c 1 -i eth0 'icmp[0] = 8 and arp[0] = 0'
echo status $?
ip netns exec a2 tcpdump -n -c 1 -i eth0 'icmp[0] ='
echo status $?
ip netns del a1
ip netns del a2
