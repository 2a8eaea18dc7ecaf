# arp off on a veth: no ARP, neighbours NOARP with the device's own address, and pings get lost
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a2 addr add 10.0.0.2/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip -n a1 link set eth0 arp off
ip netns exec a1 ping -c 1 -W 1 10.0.0.2 | tail -2 | head -1
ip -n a1 neigh
ip -n a2 neigh
ip -n a1 -br link
ip -n a1 link set eth0 arp on
ip -n a1 neigh flush dev eth0
ip netns exec a1 ping -c 1 -W 1 10.0.0.2 | tail -2 | head -1
