#!/usr/bin/env bash
# `npm test`: typecheck, lint, unit tests, the cnlab CLI and browser tests in real Chromium, then
# one closing line `tests: N passed, N failed, N skipped` (a failed check counts as one failure).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NO_COLOR=1 FORCE_COLOR=0

bash scripts/ensure-tools.sh || { echo "tests: 0 passed, 1 failed"; exit 1; }
[ -d node_modules ] || npm ci --no-audit --no-fund || { echo "tests: 0 passed, 1 failed"; exit 1; }

rm -rf reports && mkdir -p reports
check_failures=0
run() {
  local name=$1 t0=$SECONDS
  shift
  echo "--- $name: $*"
  if "$@"; then
    echo "--- $name ok ($((SECONDS - t0))s)"
  else
    echo "--- $name FAILED ($((SECONDS - t0))s)"
    check_failures=$((check_failures + 1))
  fi
}

run typecheck npx tsc -b
run lint npx biome ci --colors=off .
run unit npx vitest run --reporter=default --reporter=json --outputFile.json=reports/unit.json
run cli bash scripts/cli-smoke.sh
run e2e npx playwright test

node scripts/summary.mjs "$check_failures"
