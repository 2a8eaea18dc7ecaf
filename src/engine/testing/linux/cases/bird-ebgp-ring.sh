# three BIRDs in an eBGP ring: AS paths, alternative routes under the best one, loop detection when a block is withdrawn
ip netns add a
ip netns add b
ip netns add c
ip link add ab netns a type veth peer name ba netns b
ip link add bc netns b type veth peer name cb netns c
ip link add ca netns c type veth peer name ac netns a
ip -n a addr add 10.0.1.1/24 dev ab
ip -n b addr add 10.0.1.2/24 dev ba
ip -n b addr add 10.0.2.1/24 dev bc
ip -n c addr add 10.0.2.2/24 dev cb
ip -n c addr add 10.0.3.1/24 dev ca
ip -n a addr add 10.0.3.2/24 dev ac
for n in a b c; do for d in ab ba bc cb ca ac; do ip -n $n link set $d up 2>/dev/null; done; done
printf '%s\n' 'router id 10.0.1.1;' 'protocol device {}' 'protocol direct { ipv4; }' 'protocol kernel { ipv4 { export where source = RTS_BGP; }; }' 'protocol static { ipv4; route 10.10.1.0/24 blackhole; }' 'template bgp t { local as 65001; ipv4 { import all; export all; }; }' 'protocol bgp tob from t { neighbor 10.0.1.2 as 65002; }' 'protocol bgp toc from t { neighbor 10.0.3.1 as 65003; }' > /tmp/cnlab-ring-a.conf
printf '%s\n' 'router id 10.0.1.2;' 'protocol device {}' 'protocol direct { ipv4; }' 'protocol kernel { ipv4 { export where source = RTS_BGP; }; }' 'protocol static { ipv4; route 10.10.2.0/24 blackhole; }' 'template bgp t { local as 65002; ipv4 { import all; export all; }; }' 'protocol bgp toa from t { neighbor 10.0.1.1 as 65001; }' 'protocol bgp toc from t { neighbor 10.0.2.2 as 65003; }' > /tmp/cnlab-ring-b.conf
printf '%s\n' 'router id 10.0.2.2;' 'protocol device {}' 'protocol direct { ipv4; }' 'protocol kernel { ipv4 { export where source = RTS_BGP; }; }' 'protocol static { ipv4; route 10.10.3.0/24 blackhole; }' 'template bgp t { local as 65003; ipv4 { import all; export all; }; }' 'protocol bgp toa from t { neighbor 10.0.3.2 as 65001; }' 'protocol bgp tob from t { neighbor 10.0.2.1 as 65002; }' > /tmp/cnlab-ring-c.conf
ip netns exec a bird -c /tmp/cnlab-ring-a.conf -s /tmp/cnlab-ring-a.ctl
ip netns exec b bird -c /tmp/cnlab-ring-b.conf -s /tmp/cnlab-ring-b.ctl
ip netns exec c bird -c /tmp/cnlab-ring-c.conf -s /tmp/cnlab-ring-c.ctl
sleep 10
ip netns exec a birdc -s /tmp/cnlab-ring-a.ctl show route | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec b birdc -s /tmp/cnlab-ring-b.ctl disable static1
sleep 5
ip netns exec a birdc -s /tmp/cnlab-ring-a.ctl show route | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip -n a route
ip netns exec a birdc -s /tmp/cnlab-ring-a.ctl down
ip netns exec b birdc -s /tmp/cnlab-ring-b.ctl down
ip netns exec c birdc -s /tmp/cnlab-ring-c.ctl down
rm /tmp/cnlab-ring-a.conf /tmp/cnlab-ring-b.conf /tmp/cnlab-ring-c.conf
