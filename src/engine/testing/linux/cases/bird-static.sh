# BIRD in one namespace: static vs static vs kernel routes for one network (preferences, non-best lines), show route all/count/for/filter/export, show protocols all, abbreviations, kernel persist
ip netns add bs
ip -n bs link set lo up
ip -n bs link add eth0 type veth peer name eth1
ip -n bs addr add 10.0.0.1/24 dev eth0
ip -n bs link set eth0 up
ip -n bs link set eth1 up
ip -n bs route add 10.20.0.0/16 via 10.0.0.2
printf '%s\n' 'router id 10.0.0.1;' 'filter only10 { if net ~ [ 10.0.0.0/8{16,24} ] then accept; else reject; }' 'protocol device {}' 'protocol direct { ipv4; interface "eth0"; }' 'protocol kernel { learn; persist; ipv4 { import all; export filter only10; }; }' 'protocol static s1 { ipv4; route 10.20.0.0/16 via 10.0.0.3; route 10.30.0.0/16 blackhole; route 192.168.0.0/16 unreachable; }' 'protocol static s2 { ipv4 { preference 300; import all; }; route 10.30.0.0/16 via 10.0.0.4; }' 'protocol static s3 { ipv4 { import none; }; route 10.40.0.0/16 blackhole; }' > /tmp/cnlab-bird-bs.conf
ip netns exec bs bird -c /tmp/cnlab-bird-bs.conf -s /tmp/cnlab-bird-bs.ctl
sleep 2
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route all 10.20.0.0/16 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route all 10.30.0.0/16 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route primary | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route count
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route where net '~' [ 10.0.0.0/8+ ] count
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route protocol s1 count
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route filter only10 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route for 172.16.0.1
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route for 10.20.5.5 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route export kernel1 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show protocols all kernel1 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show protocols all s3 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show protocols all direct1 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl sh r | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl sh ro co
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl s p | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route count where net '~' [ 10.0.0.0/8+ ]
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route export kernel1 count
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route 10.99.0.0/16
echo "exit=$?"
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route for 10.20.5.5 count
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route for 10.20.5.5 protocol s2
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route co
echo "exit=$?"
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route table master6
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route where net '~' [ 1.2.3.0/24 ]
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show route filter '{ if net ~ [ 192.168.0.0/16 ] then accept; reject; }' | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl sh p a s3 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip -n bs route
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl down
sleep 1
ip -n bs route
rm -f /tmp/cnlab-bird-bs.conf
