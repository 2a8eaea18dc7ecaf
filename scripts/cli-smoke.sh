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
echo "cnlab CLI ok"
