#!/usr/bin/env bash
# Runs test files under test/ with node's test runner (Node 20 has no glob support in --test).
#   TEST_SELECT=all (default) | unit (everything but the browser tests) | browser (test/site/*browser*.test.ts)
#   TEST_TAP=<file>  also writes a TAP report there (scripts/test.sh reads the counts from it)
set -euo pipefail
cd "$(dirname "$0")/.."
select="${TEST_SELECT:-all}"
mapfile -t all < <(find test -name '*.test.ts' -not -path '*/fixtures/*' | sort)
files=()
for f in "${all[@]}"; do
  case "$select:$f" in
    unit:test/site/*browser*) ;;
    browser:test/site/*browser*|unit:*|all:*) files+=("$f") ;;
  esac
done
reporters=(--test-reporter=spec --test-reporter-destination=stdout)
[ -n "${TEST_TAP:-}" ] && reporters+=(--test-reporter=tap "--test-reporter-destination=$TEST_TAP")
exec node --import tsx --test "${reporters[@]}" --test-concurrency="${TEST_CONCURRENCY:-2}" "${files[@]}"
