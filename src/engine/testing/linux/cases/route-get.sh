# ip route get: local, loopback, on-link, via a gateway, broadcast, from/oif, fibmatch, no route (exit 2)
ip netns add r
ip link set lo up
ip link add veth0 type veth peer name eth0 netns r
ip link set veth0 up
ip -n r link set eth0 up
ip addr add 10.0.0.1/24 dev veth0
ip -n r addr add 10.0.0.2/24 dev eth0
ip route add 10.20.0.0/16 via 10.0.0.2
ip route get 10.0.0.1
ip route get 127.0.0.1
ip route get 127.0.0.5
ip route get 10.0.0.2
ip route get 10.20.1.1
ip route get 10.0.0.255
ip route get 8.8.8.8
echo "exit=$?"
ip route add default via 10.0.0.2
ip route get 8.8.8.8
ip route get 10.0.0.77 from 10.0.0.1
ip route get 10.20.1.1 oif veth0
ip route get fibmatch 10.20.1.1
ip route get fibmatch 8.8.8.8
ip -n r route get 10.0.0.1
ip -n r route get 10.20.1.1
echo "exit=$?"
