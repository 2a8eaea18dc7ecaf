# ss and netstat list the VXLAN device's kernel UDP socket (port 8472, no process): -l/-a, -n, -p, -H, names
ip link set lo up
ip addr add 10.0.0.1/24 dev lo
ss -uln
ip link add vxlan0 type vxlan id 1 dstport 8472 dev lo nolearning
ip link set vxlan0 up
ss -uln
ss -ulnp
ss -tuln
ss -tulpn
ss -Hun -l
ss -ul
ss -ua
ss -u
ss -tua4
ss -tua6
netstat -uln
netstat -ulnp
netstat -tulpn
netstat -tuan
netstat -an
netstat -ua
netstat -uap
netstat -u
ip link add vxlan1 type vxlan id 2 dstport 4789 dev lo nolearning
ip link set vxlan1 up
ss -uln
netstat -uln
ip link set vxlan0 down
ss -uln
