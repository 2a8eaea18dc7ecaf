# ip neigh add/replace/change/del: no nud means permanent, noarp hidden by default, flush keeps permanent
ip link add veth0 type veth peer name veth1
ip link set veth0 up
ip link set veth1 up
ip addr add 10.0.0.1/24 dev veth0
ip neigh
ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev veth0 nud permanent
ip neigh
ip neigh show dev veth0
ip -br neigh
ip neigh add 10.0.0.6 lladdr 02:00:00:00:00:06 dev veth0 nud noarp
ip neigh show 10.0.0.6
ip -4 neigh show nud noarp
ip neigh show nud all 10.0.0.6
ip neigh replace 10.0.0.5 lladdr 02:00:00:00:00:55 dev veth0 nud permanent
ip neigh show 10.0.0.5
ip neigh change 10.0.0.6 lladdr 02:00:00:00:00:66 dev veth0
ip neigh show 10.0.0.6
ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev veth0
ip neigh show 10.0.0.7
ip neigh del 10.0.0.5 dev veth0
ip neigh del 10.0.0.6 dev veth0
ip neigh
ip neigh flush dev veth0
ip neigh
ip neigh del 10.0.0.7 dev veth0
ip neigh
ip -4 neigh show nud all
