# ss and netstat with nothing to list, their usage, version and option errors
ip link set lo up
ss -t
ss -tl
ss -tan
ss -tlnp
ss -x
ss -w -a
ss -tulpn6
ss
echo "exit=$?"
ss -an | grep -v "^nl "
ss -a | grep -v "^nl "
ss -h | head -3
ss -V
ss -Q
echo "exit=$?"
ss --foo
echo "exit=$?"
ss -A
echo "exit=$?"
ss foo
echo "exit=$?"
netstat
netstat -tn
netstat -l
netstat -p
netstat -tulpn
netstat -4tln
netstat -6tln
netstat -x
netstat -h | head -2
netstat -V
netstat -Q
echo "exit=$?"
netstat --foo
echo "exit=$?"
