# rm of files written with > and >>: removal, -f, and coreutils' errors
echo one > /tmp/cnlab-rm-a
echo two >> /tmp/cnlab-rm-a
cat /tmp/cnlab-rm-a
rm /tmp/cnlab-rm-a
echo "status $?"
cat /tmp/cnlab-rm-a
rm /tmp/cnlab-rm-a
echo "status $?"
rm -f /tmp/cnlab-rm-a
echo "status $?"
rm
echo "status $?"
rm -z /tmp/cnlab-rm-a
echo "status $?"
rm --bogus
echo "status $?"
