# valid_lft and preferred_lft: dynamic, deprecated when preferred runs out, gone when valid does
ip link add d0 type veth peer name d1
ip addr add 10.0.0.1/24 dev d0 valid_lft 5 preferred_lft 2
sleep 3
ip addr show dev d0 | head -4 | tail -2
ip -o -4 addr show dev d0
sleep 3
ip addr show dev d0 | head -4 | tail -2
echo end
