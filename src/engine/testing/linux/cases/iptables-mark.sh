# iptables -m mark (flanneld --ip-masq uses it): -S and -L forms, with and without a mask, inverted
iptables -t nat -N X
iptables -t nat -A X -m mark --mark 0x4000/0x4000 -j RETURN
iptables -t nat -A X -m mark ! --mark 0x1 -j RETURN
iptables -t nat -S X
iptables -t nat -L X -n
