# for loops: over words, variables and command output, nested in pipelines and and-or lists, across lines, and their errors
for ns in a1 a2 a3; do ip netns add $ns; done
ip netns list
for i in 1 2 3; do echo "item $i"; done
for i in 1 2 3; do echo $i; done | wc -l
X="x y z"
for w in $X; do echo "[$w]"; done
for w in "$X"; do echo "[$w]"; done
for i in; do echo never; done
echo status $?
for ns in a1 a2 a3; do ip -n $ns link set lo up && echo "$ns up"; done
for ns in a1 a2 a3
do
  ip -n $ns -br link show lo
done
for i in 1 2; do for j in a b; do echo $i$j; done; done
false; for i in 1; do true; done; echo status $?
for i in 1 2; do ip link show nosuch 2>/dev/null; done; echo status $?
echo last $i
for ns in a1 a2 a3; do ip netns del $ns; done
ip netns list
for 1 in a; do echo x; done
echo status $?
