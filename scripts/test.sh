#!/usr/bin/env bash
# The README's test line (after setup). Stages:
#   1. build the library, then ESLint and Prettier;
#   2. unit, property, fixture, CLI and notebook tests (the notebook tests execute
#      every notebook through Jupyter with the tslab kernel and write the executed
#      copies to build/notebooks/);
#   3. build the site from those executed copies (a failing or stale notebook fails it);
#   4. the browser test against the built site.
# Every stage runs even when an earlier test stage failed, so one run shows all
# failures; the last line counts the tests of all stages.
set -uo pipefail
cd "$(dirname "$0")/.."
results=build/test-results
rm -rf "$results" && mkdir -p "$results"
status=0

echo "== build the library"
npm run --silent build || { echo "build failed"; exit 1; }

echo "== lint and formatting"
if npm run --silent lint && npm run --silent format:check; then
  echo "lint and formatting: clean"
else
  echo "lint or formatting failed (npm run lint; npm run format)"
  status=1
  lint_failed=1
fi

echo "== unit, property, notebook and CLI tests"
TEST_SELECT=unit TEST_TAP="$results/unit.tap" bash scripts/unit-tests.sh || status=1

echo "== build the site"
if npm run --silent site:build; then
  echo "== browser test"
  TEST_SELECT=browser TEST_TAP="$results/browser.tap" bash scripts/unit-tests.sh || status=1
else
  echo "site build failed: the browser test did not run"
  status=1
  site_failed=1
fi

count() { cat "$results"/*.tap 2>/dev/null | awk -v k="$1" '$1 == "#" && $2 == k { n += $3 } END { print n + 0 }'; }
passed=$(count pass)
failed=$(( $(count fail) + $(count cancelled) + ${site_failed:-0} + ${lint_failed:-0} ))
skipped=$(count skipped)
[ "$failed" -gt 0 ] && status=1
echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
