# the kernel routes an address brings (proto kernel scope link src, linkdown), local table entries
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip route
ip route show table local
ip link set veth0 up
ip route
ip link set veth1 up
ip route
ip link set lo up
ip route show table local
ip -4 route show table all
ip link set veth1 down
ip route
ip link set veth0 down
ip route
ip route show table local
