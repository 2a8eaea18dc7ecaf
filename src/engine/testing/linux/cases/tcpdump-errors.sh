# tcpdump -D as interfaces go up and down, and the errors of bad interfaces, filters and options
ip link add d0 type veth peer name d1
tcpdump -D
tcpdump -i nosuch -c 1
echo status $?
tcpdump -i d0 -c 1 'tcp port'
echo status $?
tcpdump -i d0 -c 1 'host 300.1.1.1'
echo status $?
tcpdump -i d0 -c 1 'frobnicate'
echo status $?
tcpdump -Z
echo status $?
tcpdump --version | head -1
ip link set d0 up
ip link set d1 up
ip link set lo up
tcpdump -D
ip link set d1 down
tcpdump -D
