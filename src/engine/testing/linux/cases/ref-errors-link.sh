# reference errors (07-errors.sh): ip link/addr/netns mistakes, vxlan creation errors and defaults, bridge fdb errors on a vxlan device
ip netns add err1
ip netns add err2
ip -n err1 link add eth0 type veth peer name eth0 netns err2
ip -n err1 addr add 10.0.0.1/24 dev eth0
ip -n err2 addr add 10.0.0.2/24 dev eth0
ip -n err1 link set eth0 up
ip -n err2 link set eth0 up
ip -n err1 link add vdown type veth peer name vdown netns err2
ip -n err1 addr add 10.3.0.1/24 dev vdown
ip -n err1 link add vx0 type vxlan id 42 local 10.0.0.1 remote 10.0.0.2 dev eth0 dstport 4789
ip -n err1 addr add 192.168.100.1/24 dev vx0
ip -n err1 link set vx0 up
ip -n err2 link add vx0 type vxlan id 42 local 10.0.0.2 remote 10.0.0.1 dev eth0 dstport 4789
ip -n err2 addr add 192.168.100.2/24 dev vx0
ip -n err2 link set vx0 up
sleep 1
ip -n err1 link set nodev up
echo "exit=$?"
ip -n err1 link add eth0 type veth peer name eth9
echo "exit=$?"
ip -n err1 link add averyveryverylongname type veth
echo "exit=$?"
ip -n err1 link add d0 type nosuchkind
echo "exit=$?"
ip -n err1 link set eth0 mtu 70000
echo "exit=$?"
ip -n err1 link set eth0 mtu 60
echo "exit=$?"
ip -n err1 link set eth0 master nobr
echo "exit=$?"
ip -n err1 link set eth0 master vdown
echo "exit=$?"
ip -n err1 link del lo
echo "exit=$?"
ip -n err1 link set eth0 address zz:11:22:33:44:55
echo "exit=$?"
ip -n err1 link set vdown address 01:00:5e:00:00:01
echo "exit=$?"
ip -n err1 addr add 10.0.0.300/24 dev eth0
echo "exit=$?"
ip -n err1 addr add 10.0.0.1/24 dev eth0
echo "exit=$?"
ip -n err1 addr del 10.99.0.1/24 dev eth0
echo "exit=$?"
ip -n err1 addr add 10.5.0.1/24 dev nodev
echo "exit=$?"
ip -n err1 addr add 10.5.0.1/24
echo "exit=$?"
ip netns exec refnonexistentns true
echo "exit=$?"
ip netns add err1
echo "exit=$?"
ip -n err1 -d link show vx0
echo "exit=$?"
ip -n err1 link add vx1 type vxlan id 43 dev eth0
echo "exit=$?"
ip -n err1 -d link show vx1
echo "exit=$?"
ip -n err1 link add vx2 type vxlan id 16777216 dstport 4789
echo "exit=$?"
ip -n err1 link add vx3 type vxlan dstport 4789
echo "exit=$?"
ip -n err1 link add vx4 type vxlan id 42 dstport 4789 dev eth0
echo "exit=$?"
ip -n err1 link add vx5 type vxlan id 45 dstport 4789 srcport 5000 5010 noudpcsum
echo "exit=$?"
ip -n err1 -d link show vx5
echo "exit=$?"
ip -n err1 link add vx6 type vxlan id 46 dstport 4789 srcport 6000 5000
echo "exit=$?"
ip netns exec err1 bridge fdb add aa:bb:cc:dd:ee:01 dev vx0 dst 10.0.0.2 self permanent
ip netns exec err1 bridge fdb show dev vx0 | grep permanent
echo "exit=$?"
ip netns exec err1 bridge fdb add aa:bb:cc:dd:ee:01 dev vx0 dst 10.0.0.2 self permanent
echo "exit=$?"
ip netns exec err1 bridge fdb append aa:bb:cc:dd:ee:01 dev vx0 dst 10.0.0.3 self permanent
echo "exit=$?"
ip netns exec err1 bridge fdb show dev vx0 | grep permanent
echo "exit=$?"
ip netns exec err1 bridge fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.3 self permanent
echo "exit=$?"
ip netns exec err1 bridge fdb show dev vx0 | grep permanent
echo "exit=$?"
ip netns exec err1 bridge fdb add zz:11:22:33:44:55 dev vx0 dst 10.0.0.2 self permanent
echo "exit=$?"
ip netns exec err1 bridge fdb add aa:bb:cc:dd:ee:01 dev nodev dst 10.0.0.2 self permanent
echo "exit=$?"
ip netns exec err1 bridge fdb add aa:bb:cc:dd:ee:02 dev vx0 dst 300.1.1.1 self permanent
echo "exit=$?"
ip netns exec err1 bridge fdb del aa:bb:cc:dd:ee:09 dev vx0 dst 10.0.0.2 self
echo "exit=$?"
ip netns exec err1 bridge fdb add aa:bb:cc:dd:ee:03 dev eth0 master
echo "exit=$?"
ip netns exec err1 bridge fdb add aa:bb:cc:dd:ee:04 dev eth0 self permanent
echo "exit=$?"
ip netns exec err1 bridge fdb show dev nodev
echo "exit=$?"
ip netns exec err1 bridge link set dev nodev hairpin on
echo "exit=$?"
ip netns exec err1 bridge vlan add vid 5000 dev eth0
echo "exit=$?"
