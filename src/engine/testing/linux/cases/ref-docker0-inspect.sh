ip netns add host
ip netns add c1
ip netns add c2
ip netns add outside
ip -n host link set lo up
ip -n c1 link set lo up
ip -n c2 link set lo up
ip -n outside link set lo up
ip -n host link add docker0 type bridge
ip -n host link set docker0 address 02:42:5e:9a:10:01
ip -n host addr add 172.17.0.1/16 dev docker0
ip -n host link set docker0 up
ip netns exec host sysctl -qw net.ipv4.ip_forward=1
ip -n host link add veth1a2b3c4 type veth peer name eth0 netns c1
ip -n host link set veth1a2b3c4 master docker0
ip -n host link set veth1a2b3c4 up
ip -n c1 link set eth0 address 02:42:ac:11:00:02
ip -n c1 addr add 172.17.0.2/16 dev eth0
ip -n c1 link set eth0 up
ip -n c1 route add default via 172.17.0.1
ip -n host link add veth9f8e7d6 type veth peer name eth0 netns c2
ip -n host link set veth9f8e7d6 master docker0
ip -n host link set veth9f8e7d6 up
ip -n c2 link set eth0 address 02:42:ac:11:00:03
ip -n c2 addr add 172.17.0.3/16 dev eth0
ip -n c2 link set eth0 up
ip -n c2 route add default via 172.17.0.1
ip -n host link add eth0 type veth peer name eth0 netns outside
ip -n host addr add 10.168.0.2/24 dev eth0
ip -n host link set eth0 up
ip -n outside addr add 10.168.0.100/24 dev eth0
ip -n outside link set eth0 up
ip netns exec host iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
sleep 3
ip netns exec c1 ping -c 2 172.17.0.3
ip netns exec c1 ping -c 1 10.168.0.100
ip netns exec host iptables -t nat -L -n -v
ip netns exec host iptables-save -t nat | grep -v '^#'
ip -n host -j addr show docker0
ip -n c1 -j route
ip -n c1 -j -p route
ip netns exec host bridge fdb show br docker0 | grep -v permanent
ip netns exec host bridge fdb show br docker0 | grep docker0
ip -n host -br link
