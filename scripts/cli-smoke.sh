#!/usr/bin/env bash
# The README's CLI examples, run for real: `npm run cnlab -- --help` and `sh FILE`.
set -uo pipefail
out=$(npm run --silent cnlab -- --help) || exit 1
grep -q '^Usage: cnlab' <<<"$out" || { echo "cnlab --help printed: $out"; exit 1; }
script=$(mktemp)
trap 'rm -f "$script"' EXIT
printf 'echo cli ok\nhostname\nnosuch\n' >"$script"
got=$(npm run --silent cnlab -- sh "$script" --machine node1 2>&1)
want=$(printf 'cli ok\nnode1\n%s: line 3: nosuch: command not found' "$script")
[ "$got" = "$want" ] || { printf 'cnlab sh printed:\n%s\nexpected:\n%s\n' "$got" "$want"; exit 1; }
list=$(npm run --silent cnlab -- scenarios)
grep -q '^flannel-vxlan ' <<<"$list" || { echo "cnlab scenarios printed: $list"; exit 1; }
pcaps=$(mktemp -d)
trap 'rm -f "$script"; rm -rf "$pcaps"' EXIT
got=$(npm run --silent cnlab -- run flannel-vxlan-manual --exec 'node1: ip netns exec pod1 ping -c 1 10.244.2.2' --pcap "$pcaps" 2>&1)
grep -q 'ttl=62' <<<"$got" || { printf 'cnlab run printed:\n%s\n' "$got"; exit 1; }
[ -s "$pcaps/node1__root__eth0.pcap" ] || { echo "cnlab run --pcap wrote: $(ls "$pcaps")"; exit 1; }
npm run --silent cnlab -- run nosuch 2>/dev/null; [ $? -eq 2 ] || { echo "cnlab run nosuch: status is not 2"; exit 1; }
echo "cnlab CLI ok"
