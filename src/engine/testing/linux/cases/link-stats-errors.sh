# ip -s -s link: the error breakdowns, and transns counting a veth's carrier transitions
ip link add v0 type veth peer name v1
ip -s -s link show v0
ip link set v0 up
ip -s -s link show v0
ip link set v1 up
ip -s -s link show v0
ip link set v1 down
ip -s -s link show v0
ip link set v1 up
ip -s -s link show v1
ip link set v0 down
ip -s -s link show v0
ip link add br0 type bridge
ip -s -s link show br0
ip link set br0 up
ip -s -s link show br0
ip -s -s link show lo
ip link set lo up
ip -s -s link show lo
