# birdc reading commands from a pipe (prompts, echo, ? help), show static, configure check/status/soft and another file, reload, patterns, socket unlinked by down
ip netns add bs
ip -n bs link add eth0 type veth peer name eth1
ip -n bs addr add 10.0.0.1/24 dev eth0
ip -n bs link set eth0 up
printf '%s\n' 'protocol device {}' 'protocol static { ipv4; route 10.30.0.0/16 blackhole; route 10.40.0.0/16 via 10.0.0.9; route 10.50.0.0/16 unreachable; }' 'protocol static s2 { ipv4; route 10.20.0.0/16 prohibit; }' > /tmp/cnlab-bird-bs.conf
printf '%s\n' 'protocol device {}' 'protocol static { ipv4; route 10.30.0.0/16 blackhole; }' > /tmp/cnlab-bird-bs2.conf
ip netns exec bs bird -c /tmp/cnlab-bird-bs.conf -s /tmp/cnlab-bird-bs.ctl
echo "exit=$?"
ip netns exec bs bird -c /tmp/cnlab-bird-bs.conf -s /tmp/cnlab-bird-bs.ctl
echo "exit=$?"
ip netns exec bs bird -c /tmp/cnlab-bird-bs.conf -s /tmp/cnlab-nodir/bs.ctl
echo "exit=$?"
sleep 1
printf '%s\n' 'help' 'foo' 'show' 'sh st' 'dis' 'show ?' 'show protocols ?' '' 'sh stat' 'show static' 'show static s2' 'show static device1' 'show static s9' 'configure ?' 'configure check' 'configure status' 'configure check "/tmp/cnlab-nonexistent.conf"' 'reload s2' 'reload in "s*"' 'disable "s*" "maintenance"' 'enable "s*"' 'disable static1 foo' 'show route 10.30.0.0/16 10.40.0.0/16' 'show route table' 'show interfaces foo' 'show status foo' 'down foo' 'restrict' 'show ospf' 'show bfd sessions' 'disable "' 'enable "zz*"' 'disable s2 "a b"' 'show protocols "s*"' 'help show' 'exit foo' 'show status' | ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
echo
echo "exit=$?"
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl configure '"/tmp/cnlab-bird-bs2.conf"'
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show static
printf 'show route\n' | ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
echo
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl down
echo "exit=$?"
sleep 1
ls /tmp/cnlab-bird-bs.ctl
ip netns exec bs birdc -s /tmp/cnlab-bird-bs.ctl show status
echo "exit=$?"
rm -f /tmp/cnlab-bird-bs.conf /tmp/cnlab-bird-bs2.conf /tmp/cnlab-bird-bs.ctl
