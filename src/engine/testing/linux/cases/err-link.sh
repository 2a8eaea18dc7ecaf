# ip link errors: existing device, unknown device, bad kind, bad mtu, bad mac, master not a bridge, del lo
ip link add veth0 type veth peer name veth1
ip link add veth0 type veth peer name veth2
echo "exit=$?"
ip link add br0 type bridge
ip link add br0 type bridge
echo "exit=$?"
ip link show eth9
echo "exit=$?"
ip link set eth9 up
echo "exit=$?"
ip link del eth9
echo "exit=$?"
ip link set veth0 master eth9
echo "exit=$?"
ip link set veth0 master veth1
echo "exit=$?"
ip link add d0 type nosuchkind
echo "exit=$?"
ip link set veth0 mtu 70000
echo "exit=$?"
ip link set veth0 mtu 60
echo "exit=$?"
ip link set veth0 address zz:11:22:33:44:55
echo "exit=$?"
ip link set veth0 address 01:00:5e:00:00:01
echo "exit=$?"
ip link del lo
echo "exit=$?"
ip link add averyveryverylongname type veth
echo "exit=$?"
ip link set veth0 name veth1
echo "exit=$?"
ip link frob
echo "exit=$?"
ip foo
echo "exit=$?"
