# vxlan devices: remote, local, dstport, srcport range, ttl, learning, udpcsum, errors, and their fdb
ip link add d0 type veth peer name d1
ip addr add 10.1.0.1/24 dev d0
ip link set d0 up
ip link add vx1 type vxlan id 42 remote 10.1.0.2 local 10.1.0.1 dstport 4789 dev d0
ip -d link show vx1 | head -3
ip link add vx2 type vxlan id 43 dstport 4789 srcport 5000 6000 ttl 10 nolearning noudpcsum dev d0
ip -d link show vx2 | head -3 | tail -1
ip link add vx3 type vxlan id 42 dstport 4789 dev d0
ip link add vx4 type vxlan id 16777216 dstport 4789
ip link add vx5 type vxlan dstport 4789
ip link add vx6 type vxlan id 44 remote 10.1.0.2 group 239.1.1.1 dstport 4789
ip link add vx7 type vxlan id 45 group 10.1.0.2 dstport 4789 dev d0
bridge fdb show dev vx1
bridge fdb append 00:00:00:00:00:00 dst 10.1.0.3 dev vx1
bridge fdb append 00:00:00:00:00:00 dst 10.1.0.3 dev vx1
bridge fdb add 02:00:00:00:00:0a dst 10.1.0.4 dev vx2
bridge fdb show dev vx1
bridge fdb show dev vx2
bridge fdb del 00:00:00:00:00:00 dst 10.1.0.3 dev vx1
bridge fdb show dev vx1
ip -br link
