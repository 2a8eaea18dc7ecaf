# ip route flush cache drops learned path MTUs (flannel-vxlan MTU mismatch: Frag needed caches 1450 for the pod, then the flush)
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
ip netns add node2
ip netns add pod2
ip -n node2 link add eth0 type veth peer name ul-node2 netns underlay
ip -n underlay link set ul-node2 master br0
ip -n underlay link set ul-node2 up
ip -n node2 addr add 10.168.0.3/24 dev eth0
ip -n node2 link set eth0 up
ip netns exec node2 sysctl -qw net.ipv4.ip_forward=1
ip -n node2 link add cni0 type bridge
ip -n node2 addr add 10.244.2.1/24 dev cni0
ip -n node2 link set cni0 up
ip -n node1 link add veth3a1b2c4d type veth peer name eth0 netns pod1
ip -n pod1 link set eth0 mtu 1450
ip -n node1 link set veth3a1b2c4d mtu 1450
ip -n node1 link set veth3a1b2c4d master cni0
ip -n node1 link set veth3a1b2c4d up
ip netns exec node1 bridge link set dev veth3a1b2c4d hairpin on
ip -n pod1 addr add 10.244.1.2/24 dev eth0
ip -n pod1 link set eth0 up
ip -n pod1 route add default via 10.244.1.1 dev eth0
ip -n pod1 route add 10.244.0.0/16 via 10.244.1.1 dev eth0
ip -n node2 link add veth7e6f5a4b type veth peer name eth0 netns pod2
ip -n pod2 link set eth0 mtu 1450
ip -n node2 link set veth7e6f5a4b mtu 1450
ip -n node2 link set veth7e6f5a4b master cni0
ip -n node2 link set veth7e6f5a4b up
ip netns exec node2 bridge link set dev veth7e6f5a4b hairpin on
ip -n pod2 addr add 10.244.2.2/24 dev eth0
ip -n pod2 link set eth0 up
ip -n pod2 route add default via 10.244.2.1 dev eth0
ip -n pod2 route add 10.244.0.0/16 via 10.244.2.1 dev eth0
ip -n node1 link add flannel.1 type vxlan id 1 local 10.168.0.2 dev eth0 dstport 8472 nolearning
ip -n node1 link set flannel.1 address 6e:f1:00:00:01:01
ip -n node1 link set flannel.1 mtu 1450
ip netns exec node1 sysctl -qw net.ipv6.conf.flannel/1.accept_ra=0
ip -n node1 addr add 10.244.1.0/32 dev flannel.1
ip -n node1 link set flannel.1 up
ip -n node1 route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
ip -n node1 neigh add 10.244.2.0 lladdr 6e:f1:00:00:02:02 dev flannel.1 nud permanent
ip netns exec node1 bridge fdb add 6e:f1:00:00:02:02 dev flannel.1 dst 10.168.0.3 self permanent
ip -n node2 link add flannel.1 type vxlan id 1 local 10.168.0.3 dev eth0 dstport 8472 nolearning
ip -n node2 link set flannel.1 address 6e:f1:00:00:02:02
ip -n node2 link set flannel.1 mtu 1450
ip netns exec node2 sysctl -qw net.ipv6.conf.flannel/1.accept_ra=0
ip -n node2 addr add 10.244.2.0/32 dev flannel.1
ip -n node2 link set flannel.1 up
ip -n node2 route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
ip -n node2 neigh add 10.244.1.0 lladdr 6e:f1:00:00:01:01 dev flannel.1 nud permanent
ip netns exec node2 bridge fdb add 6e:f1:00:00:01:01 dev flannel.1 dst 10.168.0.2 self permanent
sleep 2
ip -n pod1 link set eth0 mtu 1500
ip -n node1 link set veth3a1b2c4d mtu 1500
ip -n node1 link show cni0
ip netns exec pod1 ping -c 3 -M do -s 1472 10.244.2.2
echo "exit=$?"
ip -n pod1 route get 10.244.2.2
ip netns exec pod1 ping -c 2 -s 1472 10.244.2.2
ip -n pod1 route show cache
ip -n pod1 route flush cache
echo "flush=$?"
ip -n pod1 route show cache
ip -n pod1 route get 10.244.2.2
ip -n pod1 -4 route flush cache
ip -n pod1 route list cache 10.244.2.2
