#!/bin/bash
# Re-records expected/NAME.txt from real Linux for every case (or only the named ones):
#   sudo src/engine/testing/linux/regenerate.sh                 # all cases
#   sudo src/engine/testing/linux/regenerate.sh link-veth err-ip # only these
# Each case runs twice through /work/shared/tools/real-run.sh (a fresh network namespace and a
# private /run/netns per run); the two normalised outputs must be identical, otherwise the case is
# reported as flaky and its expected file is left untouched. Needs root, iproute2 6.1,
# iputils-ping 20221126, iptables, conntrack, curl, netcat-openbsd, traceroute, tcpdump and
# net-tools and bird2 (Debian 12 packages). Set
# TOOLS=... if the shared tools live elsewhere.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tools=${TOOLS:-/work/shared/tools}
if [ "$#" -eq 0 ]; then
  set -- $(cd "$here/cases" && ls -- *.sh | sed 's/\.sh$//')
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for name in "$@"; do
  name=${name%.sh}
  case_file="$here/cases/$name.sh"
  if [ ! -f "$case_file" ]; then
    echo "$name: no such case ($case_file)" >&2
    status=1
    continue
  fi
  abs=$(readlink -f "$case_file")
  for run in 1 2; do
    "$tools/real-run.sh" "$case_file" >"$tmp/$name.raw$run" 2>&1
    # the script path bash prints in its own errors becomes <CASE>, then the shared normaliser
    python3 -c 'import sys; sys.stdout.write(sys.stdin.read().replace(sys.argv[1], "<CASE>"))' \
      "$abs" <"$tmp/$name.raw$run" | "$tools/normalize.py" >"$tmp/$name.norm$run"
  done
  if cmp -s "$tmp/$name.norm1" "$tmp/$name.norm2"; then
    cp "$tmp/$name.norm1" "$here/expected/$name.txt"
    echo "$name: $(wc -l <"$here/expected/$name.txt") lines"
  else
    echo "$name: FLAKY, the two runs differ (expected file not written):" >&2
    diff -u "$tmp/$name.norm1" "$tmp/$name.norm2" >&2
    status=1
  fi
done
exit $status
