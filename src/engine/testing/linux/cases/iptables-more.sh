# iptables: matches students meet in Docker and Kubernetes rules (conntrack/state, multiport, addrtype, comment, REJECT, DNAT/SNAT, LOG), -R, -E, -L without -n, iptables-save, errors
ip netns add ip1
ip netns exec ip1 iptables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec ip1 iptables -A INPUT -m state --state NEW -p tcp --dport 22 -j ACCEPT
ip netns exec ip1 iptables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
ip netns exec ip1 iptables -A INPUT -m addrtype --dst-type LOCAL -j RETURN
ip netns exec ip1 iptables -A INPUT -m comment --comment "kube: allow dns" -p udp --dport 53 -j ACCEPT
ip netns exec ip1 iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
ip netns exec ip1 iptables -A INPUT -j REJECT --reject-with icmp-host-prohibited
ip netns exec ip1 iptables -A INPUT -j LOG --log-prefix "dropped: "
ip netns exec ip1 iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
ip netns exec ip1 iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec ip1 iptables -t nat -N DOCKER
ip netns exec ip1 iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
ip netns exec ip1 iptables -t nat -A DOCKER ! -i docker0 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
ip netns exec ip1 iptables -t nat -A POSTROUTING -s 10.244.0.0/16 -d 10.244.0.0/16 -j RETURN
ip netns exec ip1 iptables -t nat -A POSTROUTING -s 10.244.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE --random-fully
ip netns exec ip1 iptables -t nat -A POSTROUTING -s 192.168.0.0/24 -j SNAT --to-source 10.0.0.1
ip netns exec ip1 iptables -L INPUT
ip netns exec ip1 iptables -L INPUT -n
ip netns exec ip1 iptables -L FORWARD -n -v
ip netns exec ip1 iptables -t nat -L -n
ip netns exec ip1 iptables -S INPUT
ip netns exec ip1 iptables -t nat -S
ip netns exec ip1 iptables -R INPUT 3 -p tcp -m multiport --dports 80,443,8443 -j ACCEPT
ip netns exec ip1 iptables -R INPUT 30 -j ACCEPT
ip netns exec ip1 iptables -S INPUT 3
ip netns exec ip1 iptables -t nat -E DOCKER DOCKER2
ip netns exec ip1 iptables -t nat -E NOPE X
ip netns exec ip1 iptables -t nat -S PREROUTING
ip netns exec ip1 iptables -t nat -X DOCKER2
echo status $?
ip netns exec ip1 iptables -A INPUT -p tcp --dport 80 --sport
ip netns exec ip1 iptables -A INPUT -m conntrack --ctstate BOGUS -j ACCEPT
ip netns exec ip1 iptables -A INPUT -p icmp --icmp-type nonsense -j ACCEPT
ip netns exec ip1 iptables -A INPUT -s 10.0.0.300 -j ACCEPT
ip netns exec ip1 iptables -A INPUT -j DROP extra
ip netns exec ip1 iptables-save -t filter | grep -v '^#'
ip netns exec ip1 iptables-save -t nat | grep -v '^#'
ip netns del ip1
