# ss filters on the VXLAN socket: state NAME (one state hides the State column), sport/dport comparisons, parentheses, errors
ip link set lo up
ip link add vxlan0 type vxlan id 1 dstport 8472 dev lo nolearning
ip link set vxlan0 up
ss -uan sport = :8472
ss -uan 'sport = :4789'
ss -uan sport eq :8472
ss -uan sport == :8472
ss -uan sport != :8472
ss -uan dport = :8472
ss -un state all
ss -ua state established
ss -ua state closed
ss -ta state listening
ss -uan '( sport = :8472 or sport = :4789 )'
ss -uan sport = 8472
echo "exit=$?"
ss -t state bogus
echo "exit=$?"
ss -tuln sport = :8472
ss -uln state listening
ss -uan state listening state closed
ss -tan state connected
ss -uan src 0.0.0.0:8472
ss -uan src 10.0.0.0/8
ss -uan not sport = :8472
ss -uan sport = :8472 and dport = :0
ss -uan exclude closed
ss -uan sport = :foo
echo "exit=$?"
ss -uan sport = :8472 junk
echo "exit=$?"
ss -uan junk
ss -u junk
ss -n junk
ss -4 junk
ss -t junk
ss -t 10.0.0.1
echo "exit=$?"
ss -t dst foo
ss -t src 1.2.3.4:bar
echo "exit=$?"
