# reference docker0 (01-docker0.sh): Docker's iptables rules (nat + filter chains, -p 8080:80) and how iptables prints them
ip netns add host
ip -n host link set lo up
ip -n host link add docker0 type bridge
ip -n host link set docker0 address 02:42:5e:9a:10:01
ip -n host addr add 172.17.0.1/16 dev docker0
ip -n host link set docker0 up
ip netns exec host iptables -t nat -N DOCKER
ip netns exec host iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
ip netns exec host iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
ip netns exec host iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
ip netns exec host iptables -t nat -A DOCKER -i docker0 -j RETURN
ip netns exec host iptables -P FORWARD DROP
ip netns exec host iptables -N DOCKER
ip netns exec host iptables -N DOCKER-ISOLATION-STAGE-1
ip netns exec host iptables -N DOCKER-ISOLATION-STAGE-2
ip netns exec host iptables -N DOCKER-USER
ip netns exec host iptables -A FORWARD -j DOCKER-USER
ip netns exec host iptables -A FORWARD -j DOCKER-ISOLATION-STAGE-1
ip netns exec host iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec host iptables -A FORWARD -o docker0 -j DOCKER
ip netns exec host iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
ip netns exec host iptables -A FORWARD -i docker0 -o docker0 -j ACCEPT
ip netns exec host iptables -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
ip netns exec host iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN
ip netns exec host iptables -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
ip netns exec host iptables -A DOCKER-ISOLATION-STAGE-2 -j RETURN
ip netns exec host iptables -A DOCKER-USER -j RETURN
ip netns exec host iptables -t nat -A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
ip netns exec host iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
ip netns exec host iptables -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
ip netns exec host iptables -t nat -S
ip netns exec host iptables -t nat -L -n -v
ip netns exec host iptables -S
ip netns exec host iptables -L -n -v
ip netns exec host iptables -t nat -S DOCKER
ip netns exec host iptables -S FORWARD
ip netns exec host sysctl net.bridge.bridge-nf-call-iptables
ip netns exec host iptables-save -t nat | grep -v '^#'
