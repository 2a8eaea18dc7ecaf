# two BIRDs over eBGP: a wrong peer AS (Bad peer AS), birdc configure after fixing it and after adding a static route (which protocols restart), restart and disable of the session
ip netns add c1
ip netns add c2
ip link add eth0 netns c1 type veth peer name eth0 netns c2
ip -n c1 addr add 10.0.0.1/24 dev eth0
ip -n c2 addr add 10.0.0.2/24 dev eth0
ip -n c1 link set eth0 up
ip -n c2 link set eth0 up
printf '%s\n' 'router id 10.0.0.1;' 'protocol device {}' 'protocol static { ipv4; route 10.10.1.0/24 blackhole; }' 'protocol bgp peer { local as 65001; neighbor 10.0.0.2 as 65002; connect delay time 1; error wait time 2, 4; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-c1.conf
printf '%s\n' 'router id 10.0.0.2;' 'protocol device {}' 'protocol static { ipv4; route 10.10.2.0/24 blackhole; }' 'protocol bgp peer { local as 65002; neighbor 10.0.0.1 as 65009; connect delay time 1; error wait time 2, 4; ipv4 { import all; export none; }; }' > /tmp/cnlab-bird-c2.conf
ip netns exec c1 bird -c /tmp/cnlab-bird-c1.conf -s /tmp/cnlab-bird-c1.ctl
ip netns exec c2 bird -c /tmp/cnlab-bird-c2.conf -s /tmp/cnlab-bird-c2.ctl
sleep 3
ip netns exec c1 birdc -s /tmp/cnlab-bird-c1.ctl show protocols | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec c2 birdc -s /tmp/cnlab-bird-c2.ctl show protocols all peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/' -e 's/ [0-9]*\.[0-9][0-9][0-9]\// T\//'
printf '%s\n' 'router id 10.0.0.2;' 'protocol device {}' 'protocol static { ipv4; route 10.10.2.0/24 blackhole; }' 'protocol bgp peer { local as 65002; neighbor 10.0.0.1 as 65001; connect delay time 1; error wait time 2, 4; ipv4 { import all; export none; }; }' > /tmp/cnlab-bird-c2.conf
ip netns exec c2 birdc -s /tmp/cnlab-bird-c2.ctl configure
sleep 6
ip netns exec c2 birdc -s /tmp/cnlab-bird-c2.ctl show protocols | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec c2 birdc -s /tmp/cnlab-bird-c2.ctl show route | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec c1 birdc -s /tmp/cnlab-bird-c1.ctl show route | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
printf '%s\n' 'router id 10.0.0.1;' 'protocol device {}' 'protocol static { ipv4; route 10.10.1.0/24 blackhole; route 10.10.3.0/24 unreachable; }' 'protocol bgp peer { local as 65001; neighbor 10.0.0.2 as 65002; connect delay time 1; error wait time 2, 4; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-c1.conf
ip netns exec c1 birdc -s /tmp/cnlab-bird-c1.ctl configure
sleep 1
ip netns exec c1 birdc -s /tmp/cnlab-bird-c1.ctl show protocols | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec c2 birdc -s /tmp/cnlab-bird-c2.ctl show route | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec c1 birdc -s /tmp/cnlab-bird-c1.ctl restart peer
sleep 1
ip netns exec c1 birdc -s /tmp/cnlab-bird-c1.ctl show protocols peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec c2 birdc -s /tmp/cnlab-bird-c2.ctl show protocols peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
sleep 5
ip netns exec c2 birdc -s /tmp/cnlab-bird-c2.ctl show protocols peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec c1 birdc -s /tmp/cnlab-bird-c1.ctl disable peer
ip netns exec c1 birdc -s /tmp/cnlab-bird-c1.ctl disable peer
sleep 1
ip netns exec c1 birdc -s /tmp/cnlab-bird-c1.ctl show protocols peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec c2 birdc -s /tmp/cnlab-bird-c2.ctl show protocols all peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/' -e 's/ [0-9]*\.[0-9][0-9][0-9]\// T\//'
ip netns exec c2 birdc -s /tmp/cnlab-bird-c2.ctl show route | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec c1 birdc -s /tmp/cnlab-bird-c1.ctl down
ip netns exec c2 birdc -s /tmp/cnlab-bird-c2.ctl down
sleep 1
rm -f /tmp/cnlab-bird-c1.conf /tmp/cnlab-bird-c2.conf
