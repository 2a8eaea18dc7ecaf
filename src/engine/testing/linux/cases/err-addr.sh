# ip addr errors: bad address, bad prefix, duplicate, delete missing, missing dev
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.0.1/24 dev veth0
echo "exit=$?"
ip addr add 10.0.0.300/24 dev veth0
echo "exit=$?"
ip addr add 10.0.0.5/33 dev veth0
echo "exit=$?"
ip addr add 10.0.0.1/16 dev veth0
echo "exit=$?"
ip addr del 10.99.0.1/24 dev veth0
echo "exit=$?"
ip addr add 10.5.0.1/24 dev eth9
echo "exit=$?"
ip addr add 10.5.0.1/24
echo "exit=$?"
ip addr show dev eth9
echo "exit=$?"
ip addr add foo dev veth0
echo "exit=$?"
ip addr flush
echo "exit=$?"
ip -4 addr
