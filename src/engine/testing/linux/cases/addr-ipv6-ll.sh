# IPv6 link-local addresses: tentative right after up, settled after DAD; the fe80::/64 and local routes
ip link add veth0 type veth peer name veth1
ip link set veth0 address 02:00:00:00:00:01
ip link set veth1 address 02:00:00:00:00:02
ip link set veth0 up
ip link set veth1 up
ip -6 addr show dev veth0
sleep 3
ip addr show dev veth0
ip -6 addr
ip -br addr
ip -6 route
ip -6 route show table local
ip addr add 10.0.0.1/24 dev veth0
ip addr show dev veth0
