# net-tools views: ifconfig (primary address only, broadcast 0.0.0.0), route -n flags, arp -n and arp HOST
ip link set lo up
ip link add veth0 type veth peer name veth1
ip link set veth0 address 02:00:00:00:00:01
ip link set veth1 address 02:00:00:00:00:02
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.0.9/24 dev veth0
ip link set veth0 up
ip link set veth1 up
ip route add default via 10.0.0.254
ip route add 10.5.0.0/16 via 10.0.0.2 metric 10
ip route add 10.6.0.0/16 dev veth0
ip route add 10.7.0.1 dev veth0
ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev veth0
ip neigh add 10.0.0.3 dev veth0 nud noarp lladdr 02:00:00:00:00:03
sleep 2.5
ifconfig -a veth1 | grep -v packets
ifconfig veth0 | grep inet
ifconfig lo
route -n
arp -n
arp -n 1.2.3.4
ifconfig nosuch
echo rc=$?
