# ip link set: name, address, mtu limits, promisc, arp, txqueuelen, alias, moving between namespaces
ip netns add a1
ip link add v0 type veth peer name v1
ip link set v0 name veth-a
ip link set veth-a address 02:11:22:33:44:55
ip link set veth-a mtu 9000
ip link set veth-a mtu 67
ip link set veth-a mtu 70000
ip link set veth-a promisc on
ip link set veth-a arp off
ip link set veth-a txqueuelen 500
ip link set veth-a alias "to the peer"
ip link show veth-a
ip link set veth-a address zz:11
ip link set veth-a address 01:00:00:00:00:01
ip link set veth-a up
ip link set veth-a name other
ip link set veth-a netns a1
ip link show veth-a
ip -n a1 link show
ip -n a1 link set veth-a netns 1
ip link show veth-a
ip link set v1 netns nosuch
ip link set dev nosuch up
ip link set veth-a promisc off arp on
ip -br link
ip link del veth-a
ip -br link
