# bird -p on common typos: missing semicolons, unknown filter, undefined template, bad IP, duplicate names, missing neighbor
printf '%s\n' 'filter f { if net ~ [ 10.0.0.0/8+ ] then accept else reject }' 'protocol device {}' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol static { ipv4 { import filter nofilter; }; route 10.1.0.0/16 blackhole; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol bgp b1 from tpl { local as 65001; neighbor 10.0.0.2 as 65002; ipv4; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol bgp b1 { local as 65001; neighbor 10.0.0.256 as 65002; ipv4; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'router id 10.0.0.1' 'protocol device {}' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol static { ipv4; route 10.1.0.0/16 via 10.0.0.1 }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol bgp b1 { local as 65001; neighbor 10.0.0.2 as 65002; ipv4 { import all; export all; } }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol bgp b1 { local as 65001; neighbor 10.0.0.2; ipv4; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol kernel { ipv4 { export al; }; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'filter f { if net ~ [ 10.0.0.0/8{16,24} ] then accept; else reject; }' 'protocol device {}' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol static s1 { ipv4; }' 'protocol static s1 { ipv4; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol bgp { local as 65001; ipv4; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
bird -p -c /tmp/cnlab-bird-nonexist.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol static { ipv4; route 10.1.0.0/16 blackhole }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol static { ipv4; route 10.1.0.256/16 blackhole; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'filter f { accept }' 'protocol device {}' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol static s1 { ipv4; }' 'filter s1 { accept; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'template bgp t { local as 1; }' 'protocol bgp t { neighbor 10.0.0.1 as 2; ipv4; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol static { ipv4; }' 'protocol static static1 { ipv4; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol static static1 { ipv4; }' 'protocol static { ipv4; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol bgp b1 { local as 65001; neighbor 10.0.0.2 as 65002; ipv4 { import filter; }; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'template bgp ibgp { local as 65002; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'protocol static static { ipv4; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
printf '%s\n' 'protocol device {}' 'filter bgp { accept; }' > /tmp/cnlab-bird-e1.conf
bird -p -c /tmp/cnlab-bird-e1.conf; echo "exit=$?"
rm -f /tmp/cnlab-bird-e1.conf
