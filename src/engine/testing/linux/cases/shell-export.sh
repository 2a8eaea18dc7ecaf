# exported variables and a command's environment: NAME=value prefixes, export, unset, bash -c children
X=1 bash -c 'echo "[$X]"'
echo "[$X]"
Z=3
bash -c 'echo "[$Z]"'
export Z
bash -c 'echo "[$Z]"'
bash -c 'W=9; echo "[$W]"'
echo "[$W]"
export V
export -p | grep ' V$'
env | grep '^Z='
env | grep -c '^X='
unset Z
env | grep -c '^Z='
A=5 env | grep '^A='
echo "[$A]"
B=7
env | grep -c '^B='
export B
env | grep '^B='
