# reference flannel-udp (04-flannel-udp.sh): flannel0 made with ip tuntap (persistent, no proxy attached), its /32, MTU 1472, the 10.244.0.0/16 route; a tap device; removal
ip netns add underlay
ip netns add node1
ip netns add pod1
ip -n underlay link add br0 type bridge
ip -n underlay link set br0 up
ip -n node1 link add eth0 type veth peer name ul-node1 netns underlay
ip -n underlay link set ul-node1 master br0
ip -n underlay link set ul-node1 up
ip -n node1 addr add 10.168.0.2/24 dev eth0
ip -n node1 link set eth0 up
ip netns exec node1 sysctl -qw net.ipv4.ip_forward=1
ip -n node1 link add cni0 type bridge
ip -n node1 addr add 10.244.1.1/24 dev cni0
ip -n node1 link set cni0 up
ip -n node1 link add veth3a1b2c4d type veth peer name eth0 netns pod1
ip -n pod1 link set eth0 mtu 1472
ip -n node1 link set veth3a1b2c4d mtu 1472
ip -n node1 link set veth3a1b2c4d master cni0
ip -n node1 link set veth3a1b2c4d up
ip netns exec node1 bridge link set dev veth3a1b2c4d hairpin on
ip -n pod1 addr add 10.244.1.2/24 dev eth0
ip -n pod1 link set eth0 up
ip -n pod1 route add default via 10.244.1.1 dev eth0
ip -n pod1 route add 10.244.0.0/16 via 10.244.1.1 dev eth0
ip -n node1 tuntap add dev flannel0 mode tun
ip -n node1 -d link show flannel0
ip -n node1 addr add 10.244.1.0/32 dev flannel0
ip -n node1 link set flannel0 mtu 1472
ip -n node1 link set flannel0 up
ip -n node1 route add 10.244.0.0/16 dev flannel0
sleep 2
ip -n node1 -d link show flannel0
ip -n node1 addr show flannel0
ip -n node1 -br link
ip -n node1 -br addr
ip -n node1 route
ip -n node1 route get 10.244.2.2
ip -n node1 route get 10.244.3.2
ip -n pod1 route get 10.244.2.2
ip -n node1 tuntap show
ip netns exec pod1 ping -c 1 -M do -s 1445 10.244.2.2
echo "exit=$?"
ip netns exec node1 ping -c 1 -M do -s 1472 10.244.2.2
echo "exit=$?"
ip -n node1 tuntap add dev tap0 mode tap
ip -n node1 -d link show tap0
ip -n node1 -j -d link show flannel0
ip -n node1 link del flannel0
ip -n node1 route
ip -n node1 -br link
