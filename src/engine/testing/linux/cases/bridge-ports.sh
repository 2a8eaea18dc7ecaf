# bridge: ports, static fdb entries with and without -s, vlan show, hairpin, errors
ip link add br0 type bridge
ip link add v0 type veth peer name v1
ip link add v2 type veth peer name v3
ip link set v0 master br0
ip link set v2 master br0
ip link set br0 up
ip link set v0 up
ip link set v1 up
ip link set v2 up
ip link set v3 up
bridge link
bridge link show dev v0
bridge -d link show dev v0
bridge fdb show br br0 | grep -c permanent
bridge fdb add 02:00:00:00:00:09 dev v0 master static
bridge fdb show dev v0 | grep 02:00:00:00:00:09
bridge -s fdb show dev v0 | grep 02:00:00:00:00:09
bridge fdb del 02:00:00:00:00:09 dev v0 master
bridge fdb del 02:00:00:00:00:09 dev v0 master
bridge vlan show
bridge link set dev v0 hairpin on
bridge -d link show dev v0
bridge link set dev nosuch hairpin on
bridge foo
