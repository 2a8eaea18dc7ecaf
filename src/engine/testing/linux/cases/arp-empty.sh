# arp -n on an empty table prints nothing; with only unlisted entries it says no match
arp -n
echo st $?
ip link add d0 type veth peer name d1
ip link set d0 up
ip addr add 10.0.0.1/24 dev d0
ip neigh add 10.0.0.3 dev d0 nud noarp lladdr 02:00:00:00:00:03
arp -n
arp -n -i d0
arp -n -i d1
