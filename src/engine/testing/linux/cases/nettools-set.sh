# net-tools changing things: ifconfig addresses, masks, mtu, up; route add/del; arp -s/-d; and their errors
ip link add d0 type veth peer name d1
ifconfig nosuch up; echo st $?
ifconfig d0 10.1.2.3; ip -br addr show d0
ifconfig d0 10.1.2.4 netmask 255.255.255.0 broadcast 10.1.2.200; ip addr show d0 | grep inet
ifconfig d0 up; echo st $?
ifconfig d0 mtu 50; echo st $?
ifconfig d0 bogus; echo st $?
route add -net 10.9.0.0/16 gw 10.99.0.1; echo st $?
route add -net 10.9.0.0 netmask 255.255.0.0 gw 10.1.2.9; echo st $?
route add -net 10.9.0.0 netmask 255.255.0.0 gw 10.1.2.9; echo st $?
route del -net 10.8.0.0 netmask 255.255.0.0; echo st $?
ip route
arp -s 10.1.2.7 02:00:00:00:00:07; echo st $?
arp -d 10.1.2.8; echo st $?
ip neigh
route add -net 10.10.0.0/16 dev d0; ip route | grep 10.10
ifconfig d0 10.0.0.1 netmask 255.255.255.0 up
ifconfig d0 mtu 1400
ifconfig d1 up
ifconfig d0
ifconfig -a | grep -c flags
ifconfig d0 down
ifconfig d0 | head -1
ifconfig nosuch up
ifconfig d0 up
route add -net 192.168.0.0 netmask 255.255.0.0 gw 10.0.0.2
route add -host 172.16.1.1 dev d0
route add default gw 10.0.0.254
route -n
route del -net 192.168.0.0 netmask 255.255.0.0
route del default
route -n
route add -net 10.9.0.0/16 gw 10.99.0.1
arp -s 10.0.0.7 02:00:00:00:00:07
arp -n
arp -d 10.0.0.7
arp -n
arp -d 10.0.0.8
ip -br addr show d0
