# bridge link set: port flags (hairpin, learning, flood, isolated), how bridge -d link and ip -d link show them, and its errors
ip link add br0 type bridge
ip link set br0 address 02:00:00:00:00:b0
ip link add veth0 type veth peer name veth1
ip link set veth0 master br0
bridge link set dev veth0 hairpin on learning off isolated on
echo "exit=$?"
bridge -d link
bridge link set dev veth0 flood off mcast_flood off
bridge -d link show dev veth0
bridge link set dev veth1 hairpin on
echo "exit=$?"
bridge link set dev nodev hairpin on
echo "exit=$?"
bridge link set dev veth0 hairpin maybe
echo "exit=$?"
bridge link set dev veth0 frobnicate on
echo "exit=$?"
bridge link set hairpin on
echo "exit=$?"
ip link set veth0 nomaster
ip link set veth0 master br0
bridge -d link
