# iptables: insert at a position, delete by number and by spec, check, policies, user chains, and errors
ip netns add a1
ip netns exec a1 iptables -A INPUT -p tcp --dport 22 -j ACCEPT
ip netns exec a1 iptables -A INPUT -p tcp --dport 80 -j ACCEPT
ip netns exec a1 iptables -I INPUT 2 -p udp --dport 53 -j ACCEPT
ip netns exec a1 iptables -L INPUT -n --line-numbers
ip netns exec a1 iptables -C INPUT -p tcp --dport 80 -j ACCEPT
echo status $?
ip netns exec a1 iptables -C INPUT -p tcp --dport 81 -j ACCEPT
echo status $?
ip netns exec a1 iptables -D INPUT 1
ip netns exec a1 iptables -D INPUT -p tcp --dport 80 -j ACCEPT
ip netns exec a1 iptables -D INPUT 9
ip netns exec a1 iptables -S INPUT
ip netns exec a1 iptables -P FORWARD DROP
ip netns exec a1 iptables -P FORWARD BOGUS
ip netns exec a1 iptables -L FORWARD
ip netns exec a1 iptables -N MYCHAIN
ip netns exec a1 iptables -N MYCHAIN
ip netns exec a1 iptables -A MYCHAIN -s 10.0.0.0/8 -j RETURN
ip netns exec a1 iptables -A INPUT -j MYCHAIN
ip netns exec a1 iptables -X MYCHAIN
ip netns exec a1 iptables -L -n
ip netns exec a1 iptables -F MYCHAIN
ip netns exec a1 iptables -D INPUT -j MYCHAIN
ip netns exec a1 iptables -X MYCHAIN
ip netns exec a1 iptables -S
ip netns exec a1 iptables -A NOCHAIN -j ACCEPT
ip netns exec a1 iptables -A INPUT -p tcp --dport 99999 -j ACCEPT
ip netns exec a1 iptables -A INPUT -j NOTARGET
ip netns exec a1 iptables -t nosuch -L
ip netns exec a1 iptables -L INPUT -v -n -x
