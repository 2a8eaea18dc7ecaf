# sysctl key forms: a device name with a dot (flannel/1), slashed keys, combined -q/-w/-n, per-device neigh/ipv6 keys, conf.default for new devices, keys follow a rename
ip link add flannel.1 type vxlan id 1 dstport 8472
sysctl -w net.ipv6.conf.flannel/1.accept_ra=0
sysctl net.ipv6.conf.flannel/1.accept_ra
sysctl net/ipv6/conf/flannel.1/accept_ra
sysctl -n net.ipv4.conf.flannel/1.forwarding
sysctl -qw net.ipv4.ip_forward=1
sysctl net.ipv4.conf.flannel/1.forwarding net.ipv4.conf.all.forwarding net.ipv4.conf.default.forwarding
ip link add veth0 type veth peer name veth1
sysctl net.ipv4.conf.veth0.forwarding
sysctl -nq net.ipv4.neigh.veth0.proxy_delay
sysctl net.ipv4.neigh.veth0.delay_first_probe_time net.ipv4.neigh.default.ucast_solicit
sysctl -w net.ipv4.neigh.veth0.proxy_delay=0
sysctl net.ipv4.conf.nodev.forwarding
echo "exit=$?"
sysctl -w net.ipv4.conf.nodev.forwarding=1
echo "exit=$?"
sysctl net.ipv6.conf.veth0.disable_ipv6 net.ipv6.conf.all.forwarding net.ipv6.conf.default.accept_ra
sysctl -w net.ipv4.conf.default.rp_filter=1
ip link add veth2 type veth peer name veth3
sysctl net.ipv4.conf.veth0.rp_filter net.ipv4.conf.veth2.rp_filter
ip link set veth0 name eth5
sysctl net.ipv4.neigh.eth5.proxy_delay
ip link del eth5
ip link add veth0 type veth peer name veth1
sysctl net.ipv4.neigh.veth0.proxy_delay net.ipv4.conf.veth0.rp_filter
sysctl -x net.ipv4.ip_forward
echo "exit=$?"
sysctl -e net.ipv4.conf.nodev.forwarding net.ipv4.ip_forward
echo "exit=$?"
sysctl -N net.ipv4.ip_forward
sysctl -w net.ipv4.ip_forward
echo "exit=$?"
sysctl -z
echo "exit=$?"
