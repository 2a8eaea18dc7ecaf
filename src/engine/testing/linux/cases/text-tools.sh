# sort, uniq, cut, sed and awk over ip and iptables output (GNU coreutils, GNU sed, mawk)
ip link add v0 type veth peer name v1
ip link add br0 type bridge
ip addr add 10.0.0.1/24 dev v0
ip addr add 10.0.0.9/24 dev v0
ip addr add 10.0.1.1/24 dev v1
ip -o link | awk '{print $2}'
ip -o link | awk -F': ' '{print $2}' | sort
ip -o link | awk '{print $2, $NF}' | sort -r
ip -o -4 addr | awk '/v0/ {print $4}'
ip -o -4 addr | awk '{print NR": "$2" "$4}'
ip -o -4 addr | awk '{print}' | wc -l
ip -o -4 addr | cut -d ' ' -f 2 | sort | uniq -c
ip -o -4 addr | cut -d ' ' -f 2 | sort -u
ip -o -4 addr | cut -c 1-10
ip -br link | cut -d ' ' -f 1
ip -br addr | sed 's/ \+/ /g'
ip -br addr | sed -n '2p'
ip -br addr | sed -n '/v1/p'
ip -br addr | sed '1d'
ip -br addr | sed -E 's/([0-9]+)\.([0-9]+)/\2.\1/'
ip -br addr | sed 's/UP/up/;s/DOWN/down/'
ip -br link | sed -n '2,3p'
ip -br link | sed '$d'
ip route | sort -k 3
printf '3\n10\n2\n' | sort -n
printf 'b\na\nb\n' | sort | uniq -d
ip -br link | cut -f
printf '%s=%d\n' a 1 b 2
printf '%5s|%-5s|\n' x y
printf '%x %o %%\n' 255 8
printf '%d\n' abc
echo status $?
printf 'no newline'
echo
