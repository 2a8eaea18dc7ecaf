# birdc show interfaces [summary]: flags, admin and link state, address order, Preferred/Secondary, BIRD's scopes
ip netns add bi
ip -n bi link set lo up
ip -n bi link add eth0 type veth peer name eth1
ip -n bi addr add 10.168.0.2/24 dev eth0
ip -n bi addr add 10.168.0.9/24 dev eth0
ip -n bi addr add 192.0.2.1/24 dev eth0
ip -n bi addr add 100.64.0.1/10 dev eth0
ip -n bi link set eth0 up
ip -n bi addr add 172.20.0.1/32 dev eth1
ip -n bi link set eth1 mtu 9000
printf '%s\n' 'router id 1.1.1.1;' 'protocol device {}' 'protocol direct { ipv4; }' > /tmp/cnlab-bird-bi.conf
ip netns exec bi bird -c /tmp/cnlab-bird-bi.conf -s /tmp/cnlab-bird-bi.ctl
sleep 1
ip netns exec bi birdc -s /tmp/cnlab-bird-bi.ctl show interfaces
ip netns exec bi birdc -s /tmp/cnlab-bird-bi.ctl show interfaces summary
ip netns exec bi birdc -s /tmp/cnlab-bird-bi.ctl show interfaces foo
ip netns exec bi birdc -s /tmp/cnlab-bird-bi.ctl show route | sed -e 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9]/TIME/'
ip netns exec bi birdc -s /tmp/cnlab-bird-bi.ctl down
rm /tmp/cnlab-bird-bi.conf
