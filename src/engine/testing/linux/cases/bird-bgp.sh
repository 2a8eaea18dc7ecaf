# BIRD 2 between two namespaces over eBGP: bird -p errors, the session, birdc tables, proto bird routes, withdraw, down
ip netns add n1
ip netns add n2
ip link add eth0 netns n1 type veth peer name eth0 netns n2
ip -n n1 addr add 10.0.0.1/24 dev eth0
ip -n n2 addr add 10.0.0.2/24 dev eth0
ip -n n1 link set eth0 up
ip -n n2 link set eth0 up
printf '%s\n' 'router id 10.0.0.1;' 'protocol device { scan time 2; }' 'protocol direct { ipv4; interface "eth*"; }' 'protocol kernel { learn; scan time 2; ipv4 { import all; export where source = RTS_BGP; }; }' 'protocol static { ipv4; route 10.10.1.0/24 blackhole; }' 'protocol bgp peer { local as 65001; neighbor 10.0.0.2 as 65002; source address 10.0.0.1; connect delay time 1; ipv4 { import all; export where source = RTS_STATIC; }; }' > /tmp/cnlab-bird-n1.conf
printf '%s\n' 'router id 10.0.0.2;' 'protocol device { scan time 2; }' 'protocol direct { ipv4; interface "eth*"; }' 'protocol kernel { learn; scan time 2; ipv4 { import all; export where source = RTS_BGP; }; }' 'protocol static { ipv4; route 10.10.2.0/24 blackhole; }' 'protocol bgp peer { local as 65002; neighbor 10.0.0.1 as 65001; source address 10.0.0.2; connect delay time 1; ipv4 { import all; export where source = RTS_STATIC; }; }' > /tmp/cnlab-bird-n2.conf
printf '%s\n' 'protocol static {' '  ipv4;' '  route 10.10.3.1/24 blackhole;' '}' > /tmp/cnlab-bird-bad.conf
bird -p -c /tmp/cnlab-bird-bad.conf
echo "status $?"
ip netns exec n1 bird -c /tmp/cnlab-bird-n1.conf -s /tmp/cnlab-bird-n1.ctl
ip netns exec n2 bird -c /tmp/cnlab-bird-n2.conf -s /tmp/cnlab-bird-n2.ctl
ip netns exec n1 bird -c /tmp/cnlab-bird-n1.conf -s /tmp/cnlab-bird-n1.ctl
echo "status $?"
sleep 5
ip netns exec n1 birdc -s /tmp/cnlab-bird-n1.ctl show protocols | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec n1 birdc -s /tmp/cnlab-bird-n1.ctl show route all | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec n1 birdc -s /tmp/cnlab-bird-n1.ctl show route count
ip netns exec n1 birdc -s /tmp/cnlab-bird-n1.ctl show route export peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec n2 birdc -s /tmp/cnlab-bird-n2.ctl show route for 10.10.1.77 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip -n n1 route
ip -n n2 route
ip -n n1 -d route show proto bird
ip netns exec n2 birdc -s /tmp/cnlab-bird-n2.ctl disable static1
sleep 2
ip -n n1 route
ip netns exec n2 birdc -s /tmp/cnlab-bird-n2.ctl enable static1
sleep 2
ip -n n1 route
ip netns exec n2 birdc -s /tmp/cnlab-bird-n2.ctl down
sleep 3
ip netns exec n1 birdc -s /tmp/cnlab-bird-n1.ctl show protocols peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip -n n1 route
ip -n n2 route
ip netns exec n1 birdc -s /tmp/cnlab-bird-n1.ctl down
ip -n n1 route
ip netns exec n1 birdc -s /tmp/cnlab-bird-n1.ctl show status
echo "status $?"
rm -f /tmp/cnlab-bird-n1.conf /tmp/cnlab-bird-n2.conf /tmp/cnlab-bird-bad.conf
