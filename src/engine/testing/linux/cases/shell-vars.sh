# bash: variables, export, quoting and echo flags
X=hello
echo $X world
echo "$X"'s'
export Y=two
echo "[$Y]"
echo -n no-newline
echo
echo "unset=[$NOPE]"
