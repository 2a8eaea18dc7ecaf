# ip -d link show of a veth, a bridge and a bridge port (bridge ids print MAC bytes without leading zeros)
ip link add veth0 type veth peer name veth1
ip link add br0 type bridge
ip link set veth0 address 02:00:00:00:00:0a
ip -d link show veth0
ip -d link show br0
ip link set veth0 master br0
ip -d link show veth0
