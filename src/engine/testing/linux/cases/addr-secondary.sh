# secondary addresses, /32, a peer address, brd +, label, and what deleting the primary does
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.0.2/24 dev veth0
ip addr add 10.0.0.3/24 dev veth0 label veth0:1
ip addr add 192.168.5.5/32 dev veth0
ip addr add 10.9.0.1 peer 10.9.0.2 dev veth0
ip addr add 172.16.0.1/12 brd + dev veth0
ip -4 addr show dev veth0
ip -br addr
ip route show table main
ip addr del 10.0.0.1/24 dev veth0
ip -4 addr show dev veth0
ip addr add 10.0.0.7 dev veth0
ip -4 addr show dev veth0
