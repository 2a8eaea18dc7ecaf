# ping failures: no route (Network is unreachable, exit 2), unanswered on-link address, bad address, -c 0
ping -c 1 10.0.0.1
echo "exit=$?"
ip link set lo up
ping -c 1 127.0.0.1
echo "exit=$?"
ip link add veth0 type veth peer name veth1
ip link set veth0 up
ip link set veth1 up
ip addr add 10.0.0.1/24 dev veth0
ping -c 1 10.99.0.1
echo "exit=$?"
ping -c 1 -W 1 10.0.0.2
echo "exit=$?"
ping -c 1 10.0.0.300
echo "exit=$?"
ping -c 0 10.0.0.1
echo "exit=$?"
ping -c 1 -I eth9 10.0.0.1
echo "exit=$?"
ping -c 1 10.0.0.255
echo "exit=$?"
ping -c 2 10.0.0.1
