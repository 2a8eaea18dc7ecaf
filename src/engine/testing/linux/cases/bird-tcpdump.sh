# tcpdump decoding BGP between two BIRDs (eBGP), one direction at a time: OPEN and its capabilities, KEEPALIVE, an UPDATE of two networks with their AS path, End-of-RIB (-vv); OPEN and a NOTIFICATION for a wrong peer AS (-v)
ip netns add t1
ip netns add t2
ip link add eth0 netns t1 type veth peer name eth0 netns t2
ip -n t1 addr add 10.0.0.1/24 dev eth0
ip -n t2 addr add 10.0.0.2/24 dev eth0
ip -n t1 link set eth0 up
ip -n t2 link set eth0 up
printf '%s\n' 'router id 10.0.0.1;' 'protocol device {}' 'protocol static { ipv4; route 10.10.1.0/24 blackhole; route 10.10.3.0/24 blackhole; }' 'protocol bgp peer { local as 65001; neighbor 10.0.0.2 as 65002; hold time 3; connect delay time 2; error wait time 3, 6; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-t1.conf
printf '%s\n' 'router id 10.0.0.2;' 'protocol device {}' 'protocol static { ipv4; route 10.10.2.0/24 blackhole; }' 'protocol bgp peer { local as 65002; neighbor 10.0.0.1 as 65001; hold time 3; passive; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-t2.conf
ip netns exec t1 bird -c /tmp/cnlab-bird-t1.conf -s /tmp/cnlab-bird-t1.ctl
ip netns exec t2 bird -c /tmp/cnlab-bird-t2.conf -s /tmp/cnlab-bird-t2.ctl
ip netns exec t2 tcpdump -l -n -vv -i eth0 -c 20 src host 10.0.0.1 and tcp port 179 2>/dev/null | grep -v -e '^[0-9]' -e 'length 0$' | sed -E -e 's/\.[0-9]+ > /.PORT > /' -e 's/ > ([0-9.]+)\.[0-9]+: / > \1.PORT: /' -e 's/Flags .*length [0-9]*: BGP/BGP/' | head -n 34
ip netns exec t1 birdc -s /tmp/cnlab-bird-t1.ctl show protocols peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
printf '%s\n' 'router id 10.0.0.2;' 'protocol device {}' 'protocol static { ipv4; route 10.10.2.0/24 blackhole; }' 'protocol bgp peer { local as 65002; neighbor 10.0.0.1 as 65009; hold time 3; passive; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-t2.conf
ip netns exec t2 birdc -s /tmp/cnlab-bird-t2.ctl configure
sleep 1
ip netns exec t1 birdc -s /tmp/cnlab-bird-t1.ctl show protocols peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec t1 tcpdump -l -n -v -i eth0 -c 5 src host 10.0.0.2 and tcp port 179 2>/dev/null | grep -v -e '^[0-9]' -e 'length 0$' | sed -E -e 's/\.[0-9]+ > /.PORT > /' -e 's/ > ([0-9.]+)\.[0-9]+: / > \1.PORT: /' -e 's/Flags .*length [0-9]*: BGP/BGP/'
ip netns del t1
ip netns del t2
rm -f /tmp/cnlab-bird-t1.conf /tmp/cnlab-bird-t2.conf /tmp/cnlab-bird-t1.ctl /tmp/cnlab-bird-t2.ctl
