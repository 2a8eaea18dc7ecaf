# tcpdump output options on a veth pair: -A/-AA (ASCII), -# and --number, -ttt (delta), -tttt (date), -ttttt (since first), -nn, -vvv, -xx with -e
ip netns add a1
ip netns add a2
for n in a1 a2; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 link set eth0 address 02:00:00:00:00:01
ip -n a2 link set eth0 address 02:00:00:00:00:02
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a2 addr add 10.0.0.2/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -A -c 2 -i eth0 arp 2>&1
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -AA -c 2 -i eth0 arp 2>&1
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -# -c 4 -i eth0 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/'
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump --number -nn -ttt -c 4 -i eth0 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/; s/^( +[0-9]+  ) 00:00:00\.0[0-9]{5} /\1SMALL /'
ip netns exec a1 bash -c 'sleep 1; ping -c 2 -i 0.5 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -ttttt -c 4 -i eth0 icmp 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/; s/^ 00:00:00\.0[0-9]{5} /SMALL /; s/^ 00:00:00\.5[0-9]{5} /HALF /'
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -tttt -c 2 -i eth0 icmp 2>&1 | sed -E 's/id [0-9]+, seq/id ID, seq/; s/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} /DATE TIME /'
ip netns exec a1 bash -c 'sleep 1; ping -c 1 -M dont 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -vvv -c 2 -i eth0 icmp 2>&1 | sed -E 's/id [0-9]+, (seq|offset)/id ID, \1/'
ip -n a1 neigh flush all
ip -n a2 neigh flush all
ip netns exec a1 bash -c 'sleep 1; ping -c 1 10.0.0.2 >/dev/null' | ip netns exec a2 tcpdump -n -t -e -xx -c 2 -i eth0 arp 2>&1
ip netns del a1
ip netns del a2
