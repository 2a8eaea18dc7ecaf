# a bridge: carrier on while it never had a port, NO-CARRIER once its only port is down, master/nomaster, bridge link
ip link add br0 type bridge
ip link set br0 up
sleep 2
ip link show br0
ip link add veth0 type veth peer name veth1
ip link set veth0 master br0
sleep 2
ip link
bridge link
ip link set veth0 up
ip link set veth1 up
sleep 2
ip -br link
bridge link
ip link show master br0
ip link set veth0 nomaster
sleep 2
ip link show veth0
bridge link
ip link show br0
