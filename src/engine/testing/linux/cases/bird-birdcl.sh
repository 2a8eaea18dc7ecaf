# birdcl, BIRD's client without readline: one command, commands from a pipe (echo, ? help, no redraw, a newline at the end), errors and options
ip netns add bl
ip -n bl link add eth0 type veth peer name eth1
ip -n bl addr add 10.0.0.1/24 dev eth0
ip -n bl link set eth0 up
printf '%s\n' 'protocol device {}' 'protocol static { ipv4; route 10.30.0.0/16 blackhole; }' > /tmp/cnlab-bird-bl.conf
ip netns exec bl birdcl -s /tmp/cnlab-bird-bl.ctl show status
echo "exit=$?"
ip netns exec bl bird -c /tmp/cnlab-bird-bl.conf -s /tmp/cnlab-bird-bl.ctl
sleep 1
ip netns exec bl birdcl -s /tmp/cnlab-bird-bl.ctl show route | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bl birdcl -s /tmp/cnlab-bird-bl.ctl sh st
echo "exit=$?"
printf '%s\n' 'show protocols' 'sh st' 'show ?' '' 'help' 'show route' 'disable static1' 'show route count' | ip netns exec bl birdcl -s /tmp/cnlab-bird-bl.ctl | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
echo "exit=$?"
printf '%s\n' 'show status' 'quit' 'show route' | ip netns exec bl birdcl -s /tmp/cnlab-bird-bl.ctl | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/' -e 's/[0-9-]* TIME/DATE TIME/' -e 's/Hostname is .*/Hostname is H/'
ip netns exec bl birdcl -x
echo "exit=$?"
ip netns exec bl birdcl -s
echo "exit=$?"
ip netns exec bl birdcl -s /tmp/cnlab-bird-bl.ctl down
rm -f /tmp/cnlab-bird-bl.conf /tmp/cnlab-bird-bl.ctl
