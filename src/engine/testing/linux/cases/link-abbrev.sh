# iproute2 matches keyword prefixes: a device named "a" is read as "address", "b" as "broadcast"
ip link add a type veth peer name b
echo "exit=$?"
ip link add veth0 type veth peer name b
echo "exit=$?"
ip link
ip link set b up
echo "exit=$?"
ip link set dev b up
echo "exit=$?"
ip -br link
