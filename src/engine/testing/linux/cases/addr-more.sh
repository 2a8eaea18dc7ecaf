# ip addr: labels, scope, brd +, peer, lifetimes, replace, change, show filters, del errors
ip link add d0 type veth peer name d1
ip link set d0 up
ip addr add 10.0.0.1/24 brd + dev d0 label d0:1
ip addr add 10.0.0.2/24 dev d0 label d0:web
ip addr add 192.168.5.1/32 peer 192.168.5.2 dev d0
ip addr add 172.16.0.1/16 dev d0 scope link
ip addr add 172.17.0.1/16 dev d0 valid_lft 100 preferred_lft 50
ip addr show dev d0
ip addr show dev d0 label d0:web
ip addr show dev d0 scope link
ip addr show up
ip -4 addr show primary dev d0
ip -4 addr show secondary dev d0
ip addr replace 10.0.0.2/24 dev d0 label d0:web2
ip addr change 172.16.0.1/16 dev d0 scope global
ip -br addr show dev d0
ip addr del 10.0.0.99/24 dev d0
ip addr del 10.0.0.1 dev d0
ip addr add 10.0.0.5/24 dev d0 label bad
ip addr add 10.0.0.6/33 dev d0
ip addr add 10.0.0.1/24 dev d0
ip addr add 10.0.0.1/24 dev d0
ip -4 -o addr show dev d0
