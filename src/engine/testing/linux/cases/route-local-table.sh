# table local: entries per address (only while the link is up for broadcast), route add ... table local, table 100, empty tables
ip link set lo up
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip addr add 192.168.1.10/32 dev veth0
ip route show table local
ip route add 10.60.0.0/16 dev veth0 table 100
echo "exit=$?"
ip link set veth0 up
ip route show table local
ip route add local 10.50.0.0/16 dev lo table local
ip route show table local
ip route add 10.60.0.0/16 dev veth0 table 100
ip route show table 100
ip route show table main
ip route flush table 100
ip route show table 100
echo "exit=$?"
ip route show table 999
echo "exit=$?"
