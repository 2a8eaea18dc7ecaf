# file errors of ls, cat, rm, mkdir and bash redirections (coreutils 9.1, bash 5.2)
ls /nonexist
echo $?
cat /etc
echo hi > /etc
echo hi > /nonexist/x
echo $?
rm /nonexist
rm /tmp
mkdir /tmp
ls /etc/nonexist/x
/etc
echo $?
/nonexist/x
echo $?
ls -j
echo "rc=$?"
