# a vxlan device: its -d link line, and bridge fdb add/append/del of remote entries with dst
ip link add eth0 type veth peer name eth1
ip addr add 10.168.0.2/24 dev eth0
ip link set eth0 up
ip link add vxlan0 type vxlan id 1 dstport 8472 local 10.168.0.2 dev eth0 nolearning
ip link set vxlan0 address 9a:00:00:00:01:01
ip link show vxlan0
ip -d link show vxlan0
bridge fdb show dev vxlan0
bridge fdb add 9a:00:00:00:02:02 dev vxlan0 dst 10.168.0.3 self permanent
bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.168.0.3 self permanent
bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.168.0.4 self permanent
bridge fdb show dev vxlan0
bridge fdb show
bridge fdb del 9a:00:00:00:02:02 dev vxlan0 dst 10.168.0.3 self
bridge fdb del 00:00:00:00:00:00 dev vxlan0 dst 10.168.0.3 self
bridge fdb show dev vxlan0
bridge fdb add 9a:00:00:00:02:02 dev vxlan0 dst 10.168.0.3 self permanent
bridge fdb add 9a:00:00:00:02:02 dev vxlan0 dst 10.168.0.5 self permanent
echo "exit=$?"
bridge fdb replace 9a:00:00:00:02:02 dev vxlan0 dst 10.168.0.5 self permanent
bridge fdb show dev vxlan0
ip link set vxlan0 up
ip -br link
