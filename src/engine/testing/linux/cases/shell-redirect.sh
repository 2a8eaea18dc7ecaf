# redirections: /dev/null, 2>&1 and >&2 in any order, input from a file, and their errors
ip link show nosuch 2>/dev/null
echo status $?
ip link show lo >/dev/null
echo status $?
ip link show nosuch 2>&1 | wc -l
ip link show nosuch >/dev/null 2>&1
echo status $?
ip link show nosuch 2>&1 >/dev/null | wc -l
ip -o link show lo 2>&1 >/dev/null | wc -l
echo to-stderr >&2 | wc -l
echo also 1>&2
ip -4 addr show lo &>/dev/null
echo status $?
ip link show nosuch &>> /dev/null
echo status $?
nosuchcmd 2>/dev/null
echo status $?
echo 2>/dev/null
echo a 2 > /dev/null
echo ok 3>/dev/null
> /dev/null
echo status $?
echo bad >&5
echo status $?
cat < /proc/sys/net/ipv4/ip_forward
cat < /proc/sys/net/ipv4/nosuch
echo status $?
wc -l < /dev/null
ip link show lo>/dev/null
echo status $?
echo x >
echo status $?
