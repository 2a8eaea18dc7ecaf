# bash: unknown command (127, prefixed with the script path and line), $?, && and ||
foo
echo "exit=$?"
true && echo yes
false || echo no
false
echo "exit=$?"
true
echo "exit=$?"
false && echo never
echo "exit=$?"
bar --help
echo "exit=$?"
