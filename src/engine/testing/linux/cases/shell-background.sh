# background jobs: tcpdump started with & while ping runs in the foreground, wait, $!, wait's errors, a failing job's status, jobs, kill
ip netns add bg1
ip netns add bg2
ip link add eth0 netns bg1 type veth peer name eth0 netns bg2
ip -n bg1 addr add 10.0.0.1/24 dev eth0
ip -n bg2 addr add 10.0.0.2/24 dev eth0
ip -n bg1 link set eth0 up
ip -n bg2 link set eth0 up
ip netns exec bg2 tcpdump -n -l -i eth0 -c 2 icmp 2>/dev/null | sed -e 's/^[0-9:.]* //' -e 's/id [0-9]*/id N/' &
sleep 1
ip netns exec bg1 ping -c 1 -q 10.0.0.2 | head -n 1
wait
echo "wait=$?"
sleep 0.2 &
echo "$!" | grep -q "^[0-9][0-9]*$" && echo "pid set"
wait $!
echo "status=$?"
false &
wait %2
echo "status=$?"
wait %1
echo "status=$?"
wait %7
echo "status=$?"
wait 99999
echo "status=$?"
wait foo
echo "status=$?"
sleep 1 &
sleep 2 &
jobs
jobs -l | sed -e 's/ [0-9][0-9]* Running/ PID Running/'
jobs %1
jobs %9
echo "status=$?"
wait
sleep 100 &
kill %1
wait %1
echo "status=$?"
sleep 100 &
kill -s INT %1
wait
echo "status=$?"
ip netns exec bg2 tcpdump -n -i eth0 icmp > /tmp/cnlab-bg-capture.txt 2>&1 &
sleep 1
ip netns exec bg1 ping -c 2 -i 0.2 -q 10.0.0.2 > /dev/null
sleep 2
kill %1
wait
sed -e 's/^[0-9][0-9]:[0-9:.]* //' -e 's/id [0-9]*/id N/' /tmp/cnlab-bg-capture.txt
rm -f /tmp/cnlab-bg-capture.txt
kill %5
echo "status=$?"
kill 99999
echo "status=$?"
kill foo
echo "status=$?"
kill
echo "status=$?"
kill -FOO %1
echo "status=$?"
kill -s
echo "status=$?"
kill -n 99 %1
echo "status=$?"
jobs -q
echo "status=$?"
echo done
ip netns del bg1
ip netns del bg2
