# ip link set promisc, arp and alias: flags, promiscuity, the alias line, and their errors
ip netns add a2
ip link add v0 type veth peer name v1 netns a2
ip link set v0 alias "x y" promisc on
ip -d link show v0
ip link show v0
ip -s link show v0
ip link set v0 promisc maybe; echo st $?
ip link set v0 arp maybe; echo st $?
ip link set v0 alias; echo st $?
ip link set v0 alias "x y" promisc on arp off
ip link show v0
ip -d link show v0 | head -3
ip addr show v0
ip link set v0 alias ""
ip link show v0
ip -br link show v0
ip -j link show v0
