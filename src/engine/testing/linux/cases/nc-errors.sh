# nc (OpenBSD netcat 1.219): refused, no route, port scans with -z, bad arguments and exit statuses
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a2 addr add 10.0.0.2/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip netns exec a1 nc 10.0.0.2 80
echo status $?
ip netns exec a1 nc -v 10.0.0.2 80
echo status $?
ip netns exec a1 nc -z 10.0.0.2 80
echo status $?
ip netns exec a1 nc -zv 10.0.0.2 80
echo status $?
ip netns exec a1 nc -zv 10.0.0.2 20-22
echo status $?
ip netns exec a1 nc -zv 192.168.9.9 80
echo status $?
ip netns exec a1 nc -zv 10.0.0.2 99999
echo status $?
ip netns exec a1 nc -zv 10.0.0.2
echo status $?
ip netns exec a1 nc
echo status $?
ip netns exec a1 nc -zv nosuch.example 80
echo status $?
ip netns exec a1 nc -l
echo status $?
ip netns exec a1 nc -Q 10.0.0.2 80
echo status $?
