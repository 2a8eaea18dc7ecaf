# ip neigh: add, replace, change, del, flush (by device and all), filters by state and device, errors
ip link set d0 up
ip link set d1 up
ip addr add 10.0.0.1/24 dev d0
ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev d0
ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:06 dev d0
ip neigh replace 10.0.0.5 lladdr 02:00:00:00:00:07 dev d0 nud reachable
ip neigh change 10.0.0.6 lladdr 02:00:00:00:00:08 dev d0
ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:09 dev d0 nud stale
ip neigh
ip neigh show nud permanent
ip neigh show nud stale
ip neigh show dev d1
ip neigh del 10.0.0.99 dev d0
ip neigh del 10.0.0.7 dev d0
ip neigh flush dev d0
ip neigh
ip neigh flush all
ip neigh add 10.0.0.5 lladdr zz dev d0
ip neigh add 10.0.0.5 dev nosuch
ip neigh add 10.0.0.5
ip neigh
