# ip link set: mtu, address, name (also while up on this kernel), several settings at once, del of one veth end
ip link add veth0 type veth peer name veth1
ip link set veth0 mtu 9000
ip link set veth0 address 02:42:ac:11:00:02
ip link show veth0
ip link set veth1 name eth0
ip link show veth0
ip link show eth0
ip link set eth0 up
ip link set eth0 name eth1
echo "exit=$?"
ip -br link
ip link set veth0 mtu 1400 address 02:42:ac:11:00:09 up
ip link show veth0
ip link show eth1
ip link del eth1
ip -br link
