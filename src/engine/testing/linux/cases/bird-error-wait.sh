# BGP error wait: after Bad peer AS both BIRDs stay Idle for their startup delay (error wait time), the passive one says Passive before; then the active one tries again
ip netns add t1
ip netns add t2
ip link add eth0 netns t1 type veth peer name eth0 netns t2
ip -n t1 addr add 10.0.0.1/24 dev eth0
ip -n t2 addr add 10.0.0.2/24 dev eth0
ip -n t1 link set eth0 up
ip -n t2 link set eth0 up
printf '%s\n' 'router id 10.0.0.1;' 'protocol device {}' 'protocol bgp peer { local as 65001; neighbor 10.0.0.2 as 65002; connect delay time 2; error wait time 3, 6; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-ew-t1.conf
printf '%s\n' 'router id 10.0.0.2;' 'protocol device {}' 'protocol bgp peer { local as 65002; neighbor 10.0.0.1 as 65009; passive; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-ew-t2.conf
ip netns exec t1 bird -c /tmp/cnlab-bird-ew-t1.conf -s /tmp/cnlab-bird-ew-t1.ctl
ip netns exec t2 bird -c /tmp/cnlab-bird-ew-t2.conf -s /tmp/cnlab-bird-ew-t2.ctl
sleep 0.5
ip netns exec t1 birdc -s /tmp/cnlab-bird-ew-t1.ctl show protocols peer | tail -n 1 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec t2 birdc -s /tmp/cnlab-bird-ew-t2.ctl show protocols peer | tail -n 1 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
sleep 1.5
ip netns exec t1 birdc -s /tmp/cnlab-bird-ew-t1.ctl show protocols peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec t2 birdc -s /tmp/cnlab-bird-ew-t2.ctl show protocols peer | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
sleep 1
ip netns exec t1 birdc -s /tmp/cnlab-bird-ew-t1.ctl show protocols peer | tail -n 1 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
sleep 2
ip netns exec t1 birdc -s /tmp/cnlab-bird-ew-t1.ctl show protocols peer | tail -n 1 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec t2 birdc -s /tmp/cnlab-bird-ew-t2.ctl show protocols peer | tail -n 1 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec t1 birdc -s /tmp/cnlab-bird-ew-t1.ctl down
ip netns exec t2 birdc -s /tmp/cnlab-bird-ew-t2.ctl down
ip netns del t1
ip netns del t2
rm -f /tmp/cnlab-bird-ew-t1.conf /tmp/cnlab-bird-ew-t2.conf /tmp/cnlab-bird-ew-t1.ctl /tmp/cnlab-bird-ew-t2.ctl
