# reference errors (07-errors.sh): iptables (nft backend) error texts and exit codes, listing formats
ip netns add err1
ip netns exec err1 iptables -V
echo "exit=$?"
ip netns exec err1 iptables -t nat -A POSTROUTING -j MASQ
echo "exit=$?"
ip netns exec err1 iptables -t nats -L
echo "exit=$?"
ip netns exec err1 iptables -A FORWARD -s 10.0.0.0/33 -j ACCEPT
echo "exit=$?"
ip netns exec err1 iptables -D FORWARD -s 192.0.2.4 -j ACCEPT
echo "exit=$?"
ip netns exec err1 iptables -N DOCKER
echo "exit=$?"
ip netns exec err1 iptables -N DOCKER
echo "exit=$?"
ip netns exec err1 iptables -A NOSUCHCHAIN -j ACCEPT
echo "exit=$?"
ip netns exec err1 iptables -X NOSUCHCHAIN
echo "exit=$?"
ip netns exec err1 iptables -A FORWARD -j DOCKER
echo "exit=$?"
ip netns exec err1 iptables -X DOCKER
echo "exit=$?"
ip netns exec err1 iptables -A FORWARD -p tcp --dport 99999 -j ACCEPT
echo "exit=$?"
ip netns exec err1 iptables -A FORWARD --dport 80 -j ACCEPT
echo "exit=$?"
ip netns exec err1 iptables -A FORWARD -p foo -j ACCEPT
echo "exit=$?"
ip netns exec err1 iptables -P FORWARD ALLOW
echo "exit=$?"
ip netns exec err1 iptables -P DOCKER DROP
echo "exit=$?"
ip netns exec err1 iptables -A FORWARD --bogus -j ACCEPT
echo "exit=$?"
ip netns exec err1 iptables -A FORWARD -j DNAT --to-destination 10.0.0.2
echo "exit=$?"
ip netns exec err1 iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 1024-2048
echo "exit=$?"
ip netns exec err1 iptables -L NOSUCHCHAIN
echo "exit=$?"
ip netns exec err1 iptables -L -n -v --line-numbers
echo "exit=$?"
ip netns exec err1 iptables -S
echo "exit=$?"
