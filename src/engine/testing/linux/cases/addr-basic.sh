# ip addr add/del/flush on a veth, the listing formats (-4, -br, show dev), and the routes they add
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip addr
ip -4 addr
ip -br addr
ip addr show dev veth0
ip route
ip link set veth0 up
ip link set veth1 up
ip addr add 10.0.0.2/24 dev veth1
ip -4 addr
ip -br -4 addr
ip route
ip addr del 10.0.0.1/24 dev veth0
ip -4 addr show veth0
ip route
ip addr add 10.1.0.1/16 dev veth0
ip addr add 10.2.0.1/8 dev veth0
ip -4 addr show veth0
ip addr flush dev veth0
ip -4 addr
ip route
