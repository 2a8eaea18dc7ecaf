# ip -j addr and ip -j -p addr (JSON, compact and pretty) plus ip -j link and ip -j route
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip -j addr show dev veth0
ip -j -p addr show dev veth0
ip -j link show veth1
ip -j route
ip -j -p route
