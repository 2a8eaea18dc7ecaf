# bash -c and sh -c in a namespace, bash reading its commands from a pipe, and their errors
ip netns add a1
ip -n a1 link add d0 type veth peer name d1
ip netns exec a1 bash -c "ip -br link | wc -l"
ip netns exec a1 sh -c 'ip -o link show d0 | wc -l; echo inner $?'
bash -c 'exit 3'
echo status $?
bash -c "ip link show nosuch"
echo status $?
echo "ip -n a1 -br link show d1 | wc -l" | bash
bash -c
echo status $?
bash -c 'echo a; echo b' | wc -l
bash -c 'for i in 1 2; do echo $i; done'
bash -c 'echo a ;; echo b'
echo status $?
ip netns exec a1 bash -c 'ip netns exec a1 ip -br link show lo'
