# reference calico (05-calico.sh) part A: /32 pods, cali* veths with ee:ee:ee:ee:ee:ee and proxy ARP for 169.254.1.1, static block routes; tables and sysctls
ip netns add underlay
ip netns add node1
ip netns add node2
ip netns add pod1
ip netns add pod2
ip -n underlay link add br0 type bridge
ip -n underlay link set br0 up
ip -n underlay addr add 10.168.0.1/24 dev br0
ip -n node1 link add eth0 type veth peer name ul-node1 netns underlay
ip -n underlay link set ul-node1 master br0
ip -n underlay link set ul-node1 up
ip -n node1 addr add 10.168.0.2/24 dev eth0
ip -n node1 link set eth0 up
ip netns exec node1 sysctl -qw net.ipv4.ip_forward=1
ip -n node1 route add default via 10.168.0.1
ip -n node2 link add eth0 type veth peer name ul-node2 netns underlay
ip -n underlay link set ul-node2 master br0
ip -n underlay link set ul-node2 up
ip -n node2 addr add 10.168.0.3/24 dev eth0
ip -n node2 link set eth0 up
ip netns exec node2 sysctl -qw net.ipv4.ip_forward=1
ip -n node2 route add default via 10.168.0.1
ip -n node1 link add cali5863f3ab4d2 type veth peer name eth0 netns pod1
ip -n node1 link set cali5863f3ab4d2 address ee:ee:ee:ee:ee:ee
ip netns exec node1 sysctl -qw net.ipv4.conf.cali5863f3ab4d2.proxy_arp=1
ip netns exec node1 sysctl -qw net.ipv4.neigh.cali5863f3ab4d2.proxy_delay=0
ip netns exec node1 sysctl -qw net.ipv4.conf.cali5863f3ab4d2.forwarding=1
ip netns exec node1 sysctl -qw net.ipv4.conf.cali5863f3ab4d2.rp_filter=1
ip -n node1 link set cali5863f3ab4d2 up
ip -n pod1 addr add 10.233.1.2/32 dev eth0
ip -n pod1 link set eth0 up
ip -n pod1 route add 169.254.1.1 dev eth0 scope link
ip -n pod1 route add default via 169.254.1.1 dev eth0
ip -n node1 route add 10.233.1.2 dev cali5863f3ab4d2 scope link
ip -n node2 link add calid0c2f7e1a93 type veth peer name eth0 netns pod2
ip -n node2 link set calid0c2f7e1a93 address ee:ee:ee:ee:ee:ee
ip netns exec node2 sysctl -qw net.ipv4.conf.calid0c2f7e1a93.proxy_arp=1
ip netns exec node2 sysctl -qw net.ipv4.neigh.calid0c2f7e1a93.proxy_delay=0
ip netns exec node2 sysctl -qw net.ipv4.conf.calid0c2f7e1a93.forwarding=1
ip netns exec node2 sysctl -qw net.ipv4.conf.calid0c2f7e1a93.rp_filter=1
ip -n node2 link set calid0c2f7e1a93 up
ip -n pod2 addr add 10.233.2.2/32 dev eth0
ip -n pod2 link set eth0 up
ip -n pod2 route add 169.254.1.1 dev eth0 scope link
ip -n pod2 route add default via 169.254.1.1 dev eth0
ip -n node2 route add 10.233.2.2 dev calid0c2f7e1a93 scope link
ip -n node1 route add 10.233.2.0/26 via 10.168.0.3 dev eth0
ip -n node2 route add 10.233.1.0/26 via 10.168.0.2 dev eth0
sleep 2
ip -n pod1 neigh
ip netns exec node1 sysctl net.ipv4.conf.cali5863f3ab4d2.proxy_arp
ip netns exec node1 sysctl net.ipv4.neigh.cali5863f3ab4d2.proxy_delay net.ipv4.conf.cali5863f3ab4d2.rp_filter
ip -n node1 route
ip -n pod1 route
ip -n pod1 addr
ip -n node1 -br link
ip -n node1 -br addr
ip -n node1 -d link show cali5863f3ab4d2
ip -n pod1 route get 10.233.2.2
ip -n pod1 route get 169.254.1.1
ip -n node1 route get 10.233.1.2
ip -n node1 route get 10.233.2.2
ip -n node1 route get 10.233.1.9
