# ip route errors: gateway not on-link, duplicate, missing route, bad prefix, host bits, unknown dev, no route
ip link add veth0 type veth peer name veth1
ip link set veth0 up
ip link set veth1 up
ip addr add 10.0.0.1/24 dev veth0
ip route add 10.8.0.0/24 via 10.99.0.1
echo "exit=$?"
ip route add 10.8.0.0/24 via 10.99.0.1 dev veth0
echo "exit=$?"
ip route replace 10.8.0.0/24 via 10.99.0.1
echo "exit=$?"
ip route add 10.9.0.0/24 dev veth0
ip route add 10.9.0.0/24 dev veth0
echo "exit=$?"
ip route del 10.99.0.0/24
echo "exit=$?"
ip route add 10.9.0.0/33 dev veth0
echo "exit=$?"
ip route add 10.9.1.1/24 dev veth0
echo "exit=$?"
ip route add 10.9.0.300/24 dev veth0
echo "exit=$?"
ip route add 10.10.0.0/24 dev eth9
echo "exit=$?"
ip route add 10.8.0.0/24 via 10.0.0.1
echo "exit=$?"
ip route add default via 10.0.0.2
ip route add default via 10.0.0.3
echo "exit=$?"
ip route add
echo "exit=$?"
ip route add 10.8.0.0/24 vai 10.0.0.2
echo "exit=$?"
ip route flush
echo "exit=$?"
ip route get 300.1.1.1
echo "exit=$?"
ip route show table nosuchtable
echo "exit=$?"
ip route
