# curl's failures: refused, no route, bad URL, unknown host; with -s, -sS and exit statuses
ip netns add a1
ip netns add a2
ip link add eth0 netns a1 type veth peer name eth0 netns a2
ip -n a1 addr add 10.0.0.1/24 dev eth0
ip -n a2 addr add 10.0.0.2/24 dev eth0
ip -n a1 link set eth0 up
ip -n a2 link set eth0 up
ip netns exec a1 curl -s http://10.0.0.2/
echo status $?
ip netns exec a1 curl -sS http://10.0.0.2:8080/x
echo status $?
ip netns exec a1 curl -sS http://192.168.9.9/
echo status $?
ip netns exec a1 curl -sS http://nosuch.example/
echo status $?
ip netns exec a1 curl -sS htp://10.0.0.2/
echo status $?
ip netns exec a1 curl -sS
echo status $?
ip netns exec a1 curl -sS http://10.0.0.2:99999/
echo status $?
ip netns exec a1 curl -sS -o /dev/null -w '%{http_code}\n' http://10.0.0.2/
echo status $?
