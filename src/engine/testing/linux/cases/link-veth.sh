# a veth pair: @peer names, NO-CARRIER while the peer is down, LOWER_UP once both are up
ip link add veth0 type veth peer name veth1
ip link
ip link set veth0 up
ip link show veth0
ip link show veth1
ip -br link
ip link set veth1 up
ip link show veth0
ip -br link
ip -o link show veth1
ip link set veth1 down
ip -br link
ip link del veth0
ip link
