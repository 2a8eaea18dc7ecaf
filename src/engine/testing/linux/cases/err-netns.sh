# ip netns errors: unknown namespace for -n and exec, existing name, delete missing, exec of a missing program
ip -n x link
echo "exit=$?"
ip netns exec x true
echo "exit=$?"
ip netns add c1
ip netns add c1
echo "exit=$?"
ip netns del nope
echo "exit=$?"
ip netns exec c1 nosuchprog
echo "exit=$?"
ip link set lo netns nope
echo "exit=$?"
ip netns list
