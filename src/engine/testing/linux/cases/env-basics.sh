# env: variables for one command, -i, -u, and its errors (coreutils 9.1)
env -i A=1 B=2
env -i A=1 env -u A B=2
env -i false
echo "rc=$?"
env nonexistent-cmd
echo "rc=$?"
env -q
echo "rc=$?"
env -u
echo "rc=$?"
