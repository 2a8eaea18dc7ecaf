# reference errors (07-errors.sh): neighbour entries: permanent, noarp, duplicates and bad input, REACHABLE after a ping, FAILED after unanswered ARP
ip netns add err1
ip netns add err2
ip -n err1 link add eth0 type veth peer name eth0 netns err2
ip -n err1 addr add 10.0.0.1/24 dev eth0
ip -n err2 addr add 10.0.0.2/24 dev eth0
ip -n err1 link set eth0 up
ip -n err2 link set eth0 up
sleep 2
ip -n err1 neigh add 10.0.0.99 lladdr 00:11:22:33:44:55 dev eth0 nud permanent
echo "exit=$?"
ip -n err1 neigh add 10.0.0.99 lladdr 00:11:22:33:44:55 dev eth0 nud permanent
echo "exit=$?"
ip -n err1 neigh add 10.0.0.98 lladdr 00:11:22:33:44:56 dev eth0 nud noarp
echo "exit=$?"
ip -n err1 neigh del 10.0.0.97 dev eth0
echo "exit=$?"
ip -n err1 neigh add 10.0.0.96 lladdr zz dev eth0
echo "exit=$?"
ip -n err1 neigh add 10.0.0.96 lladdr 00:11:22:33:44:57 dev nodev
echo "exit=$?"
ip -n err1 neigh show 10.0.0.99
echo "exit=$?"
ip -n err1 neigh show 10.0.0.98
echo "exit=$?"
ip netns exec err1 ping -c 1 10.0.0.2
echo "exit=$?"
ip -n err1 neigh show 10.0.0.2
echo "exit=$?"
ip netns exec err1 ping -c 4 10.0.0.77
echo "exit=$?"
ip -n err1 neigh show 10.0.0.77
echo "exit=$?"
ip -n err1 neigh show dev eth0 nud permanent
echo "exit=$?"
ip -n err1 -4 neigh show dev eth0 nud noarp
echo "exit=$?"
ip -n err1 neigh del 10.0.0.99 dev eth0
echo "exit=$?"
ip -n err1 neigh flush dev eth0
echo "exit=$?"
ip -n err1 -4 neigh show dev eth0 nud all
echo "exit=$?"
