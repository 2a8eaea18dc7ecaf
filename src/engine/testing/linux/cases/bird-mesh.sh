# five BIRDs: eBGP m1-m2 and m4-m5, a full iBGP mesh m2-m3-m4 on a bridge (next hop self on m2 only): AS paths of two, recursive next hops, static vs BGP for one network, iBGP routes not passed on to iBGP peers
ip netns add m1
ip netns add m2
ip netns add m3
ip netns add m4
ip netns add m5
ip netns add lan
ip -n lan link add br0 type bridge
ip -n lan link set br0 up
ip link add eth0 netns m1 type veth peer name eth0 netns m2
ip link add eth0 netns m5 type veth peer name eth0 netns m4
ip link add eth1 netns m2 type veth peer name p2 netns lan
ip link add eth1 netns m3 type veth peer name p3 netns lan
ip link add eth1 netns m4 type veth peer name p4 netns lan
ip -n lan link set p2 master br0 up
ip -n lan link set p3 master br0 up
ip -n lan link set p4 master br0 up
ip -n m1 addr add 10.0.12.1/24 dev eth0
ip -n m2 addr add 10.0.12.2/24 dev eth0
ip -n m4 addr add 10.0.45.4/24 dev eth0
ip -n m5 addr add 10.0.45.5/24 dev eth0
ip -n m2 addr add 10.0.0.2/24 dev eth1
ip -n m3 addr add 10.0.0.3/24 dev eth1
ip -n m4 addr add 10.0.0.4/24 dev eth1
ip -n m1 link set eth0 up
ip -n m2 link set eth0 up
ip -n m4 link set eth0 up
ip -n m5 link set eth0 up
ip -n m2 link set eth1 up
ip -n m3 link set eth1 up
ip -n m4 link set eth1 up
printf '%s\n' 'router id 1.1.1.1;' 'protocol device {}' 'protocol static { ipv4; route 10.1.0.0/16 blackhole; }' 'protocol bgp m2 { local as 65001; neighbor 10.0.12.2 as 65002; connect delay time 1; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-m1.conf
printf '%s\n' 'router id 2.2.2.2;' 'protocol device {}' 'protocol direct { ipv4; }' 'template bgp mesh { local as 65002; connect delay time 1; ipv4 { import all; export where source != RTS_DEVICE; next hop self; }; }' 'protocol bgp m1 { local as 65002; neighbor 10.0.12.1 as 65001; connect delay time 1; ipv4 { import all; export where source = RTS_BGP; }; }' 'protocol bgp m3 from mesh { neighbor 10.0.0.3 as 65002; }' 'protocol bgp m4 from mesh { neighbor 10.0.0.4 as 65002; }' > /tmp/cnlab-bird-m2.conf
printf '%s\n' 'router id 3.3.3.3;' 'protocol device {}' 'protocol direct { ipv4; }' 'protocol static { ipv4; route 10.5.0.0/16 blackhole; }' 'template bgp mesh { local as 65002; connect delay time 1; ipv4 { import all; export none; }; }' 'protocol bgp m2 from mesh { neighbor 10.0.0.2 as 65002; }' 'protocol bgp m4 from mesh { neighbor 10.0.0.4 as 65002; }' > /tmp/cnlab-bird-m3.conf
printf '%s\n' 'router id 4.4.4.4;' 'protocol device {}' 'protocol direct { ipv4; }' 'template bgp mesh { local as 65002; connect delay time 1; ipv4 { import all; export where source = RTS_BGP; }; }' 'protocol bgp m5 { local as 65002; neighbor 10.0.45.5 as 65005; connect delay time 1; ipv4 { import all; export where source = RTS_BGP; }; }' 'protocol bgp m2 from mesh { neighbor 10.0.0.2 as 65002; }' 'protocol bgp m3 from mesh { neighbor 10.0.0.3 as 65002; }' > /tmp/cnlab-bird-m4.conf
printf '%s\n' 'router id 5.5.5.5;' 'protocol device {}' 'protocol static { ipv4; route 10.5.0.0/16 blackhole; }' 'protocol bgp m4 { local as 65005; neighbor 10.0.45.4 as 65002; connect delay time 1; ipv4 { import all; export all; }; }' > /tmp/cnlab-bird-m5.conf
ip netns exec m1 bird -c /tmp/cnlab-bird-m1.conf -s /tmp/cnlab-bird-m1.ctl
ip netns exec m2 bird -c /tmp/cnlab-bird-m2.conf -s /tmp/cnlab-bird-m2.ctl
ip netns exec m3 bird -c /tmp/cnlab-bird-m3.conf -s /tmp/cnlab-bird-m3.ctl
ip netns exec m4 bird -c /tmp/cnlab-bird-m4.conf -s /tmp/cnlab-bird-m4.ctl
ip netns exec m5 bird -c /tmp/cnlab-bird-m5.conf -s /tmp/cnlab-bird-m5.ctl
sleep 8
ip netns exec m4 birdc -s /tmp/cnlab-bird-m4.ctl show protocols | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec m3 birdc -s /tmp/cnlab-bird-m3.ctl show route all | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec m5 birdc -s /tmp/cnlab-bird-m5.ctl show route all | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec m1 birdc -s /tmp/cnlab-bird-m1.ctl show route | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec m2 birdc -s /tmp/cnlab-bird-m2.ctl show route export m4 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec m4 birdc -s /tmp/cnlab-bird-m4.ctl show route export m3 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec m1 birdc -s /tmp/cnlab-bird-m1.ctl down
ip netns exec m2 birdc -s /tmp/cnlab-bird-m2.ctl down
ip netns exec m3 birdc -s /tmp/cnlab-bird-m3.ctl down
ip netns exec m4 birdc -s /tmp/cnlab-bird-m4.ctl down
ip netns exec m5 birdc -s /tmp/cnlab-bird-m5.ctl down
sleep 1
rm -f /tmp/cnlab-bird-m1.conf /tmp/cnlab-bird-m2.conf /tmp/cnlab-bird-m3.conf /tmp/cnlab-bird-m4.conf /tmp/cnlab-bird-m5.conf
