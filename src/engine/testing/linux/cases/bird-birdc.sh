# birdc: a stale control socket after a failed start, ambiguous abbreviations, restart all with a disabled protocol, syntax errors, show route all of a static via route
ip netns add bc
ip -n bc link add eth0 type veth peer name eth1
ip -n bc addr add 10.0.0.1/24 dev eth0
ip -n bc link set eth0 up
printf '%s\n' 'protocol device {}' 'protocol static { ipv4; route 10.30.0.0/16 via 10.0.0.9; }' 'protocol static s2 { ipv4; route 10.20.0.0/16 blackhole; }' > /tmp/cnlab-bird-bc.conf
printf '%s\n' 'protocol device {}' 'protocol static { ipv4 route 10.30.0.0/16 via 10.0.0.9; }' > /tmp/cnlab-bird-bc-bad.conf
ip netns exec bc bird -c /tmp/cnlab-bird-bc-bad.conf -s /tmp/cnlab-bird-bc.ctl
echo "exit=$?"
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl show status
echo "exit=$?"
ip netns exec bc bird -c /tmp/cnlab-bird-bc.conf -s /tmp/cnlab-bird-bc.ctl
echo "exit=$?"
sleep 1
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl sh
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl sh st
echo "exit=$?"
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl d static1
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl re static1
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl dis static1
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl disable s9
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl restart all
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl en static1
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl show route for
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl show route table master5
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl show route protocol s9
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl show route for 10.30.1.1 all | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl show protocol | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl show protocols all static1 | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl help show
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl exit foo
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl foo
echo "exit=$?"
ip netns exec bc birdc -s /tmp/cnlab-bird-bc.ctl down
sleep 1
rm -f /tmp/cnlab-bird-bc.conf /tmp/cnlab-bird-bc-bad.conf /tmp/cnlab-bird-bc.ctl
