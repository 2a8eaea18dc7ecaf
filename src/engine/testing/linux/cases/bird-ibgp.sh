# four BIRDs in a chain: eBGP r1-r2, iBGP r2-r3-r4 (no full mesh): AS paths, next hops, iBGP routes not passed to iBGP peers
ip netns add r1
ip netns add r2
ip netns add r3
ip netns add r4
ip link add eth0 netns r1 type veth peer name eth0 netns r2
ip link add eth1 netns r2 type veth peer name eth0 netns r3
ip link add eth1 netns r3 type veth peer name eth0 netns r4
ip -n r1 addr add 10.0.12.1/24 dev eth0
ip -n r2 addr add 10.0.12.2/24 dev eth0
ip -n r2 addr add 10.0.23.2/24 dev eth1
ip -n r3 addr add 10.0.23.3/24 dev eth0
ip -n r3 addr add 10.0.34.3/24 dev eth1
ip -n r4 addr add 10.0.34.4/24 dev eth0
ip -n r1 link set eth0 up
ip -n r2 link set eth0 up
ip -n r2 link set eth1 up
ip -n r3 link set eth0 up
ip -n r3 link set eth1 up
ip -n r4 link set eth0 up
printf '%s\n' 'router id 10.0.12.1;' 'protocol device {}' 'protocol static { ipv4; route 10.1.0.0/16 blackhole; }' 'protocol bgp p2 { local as 65001; neighbor 10.0.12.2 as 65002; connect delay time 1; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-r1.conf
printf '%s\n' 'router id 10.0.12.2;' 'protocol device {}' 'protocol static { ipv4; route 10.2.0.0/16 blackhole; }' 'protocol bgp p1 { local as 65002; neighbor 10.0.12.1 as 65001; connect delay time 1; ipv4 { import all; export all; }; }' 'protocol bgp p3 { local as 65002; neighbor 10.0.23.3 as 65002; connect delay time 1; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-r2.conf
printf '%s\n' 'router id 10.0.23.3;' 'protocol device {}' 'protocol static { ipv4; route 10.3.0.0/16 blackhole; }' 'protocol bgp p2 { local as 65002; neighbor 10.0.23.2 as 65002; connect delay time 1; ipv4 { import all; export all; }; }' 'protocol bgp p4 { local as 65002; neighbor 10.0.34.4 as 65002; connect delay time 1; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-r3.conf
printf '%s\n' 'router id 10.0.34.4;' 'protocol device {}' 'protocol static { ipv4; route 10.4.0.0/16 blackhole; }' 'protocol bgp p3 { local as 65002; neighbor 10.0.34.3 as 65002; connect delay time 1; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-r4.conf
ip netns exec r1 bird -c /tmp/cnlab-bird-r1.conf -s /tmp/cnlab-bird-r1.ctl
ip netns exec r2 bird -c /tmp/cnlab-bird-r2.conf -s /tmp/cnlab-bird-r2.ctl
ip netns exec r3 bird -c /tmp/cnlab-bird-r3.conf -s /tmp/cnlab-bird-r3.ctl
ip netns exec r4 bird -c /tmp/cnlab-bird-r4.conf -s /tmp/cnlab-bird-r4.ctl
sleep 6
ip netns exec r2 birdc -s /tmp/cnlab-bird-r2.ctl show protocols | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec r1 birdc -s /tmp/cnlab-bird-r1.ctl show route all | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec r3 birdc -s /tmp/cnlab-bird-r3.ctl show route all | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec r4 birdc -s /tmp/cnlab-bird-r4.ctl show route | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec r2 birdc -s /tmp/cnlab-bird-r2.ctl show route export p3 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec r3 birdc -s /tmp/cnlab-bird-r3.ctl show route export p4 count
ip netns exec r1 birdc -s /tmp/cnlab-bird-r1.ctl down
ip netns exec r2 birdc -s /tmp/cnlab-bird-r2.ctl down
ip netns exec r3 birdc -s /tmp/cnlab-bird-r3.ctl down
ip netns exec r4 birdc -s /tmp/cnlab-bird-r4.ctl down
sleep 1
rm -f /tmp/cnlab-bird-r1.conf /tmp/cnlab-bird-r2.conf /tmp/cnlab-bird-r3.conf /tmp/cnlab-bird-r4.conf
