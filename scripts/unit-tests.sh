#!/usr/bin/env bash
# Runs every test file under test/ with node's test runner (Node 20 has no glob support in --test).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find test -name '*.test.ts' -not -path '*/fixtures/*' | sort)
exec node --import tsx --test --test-reporter=spec --test-concurrency="${TEST_CONCURRENCY:-2}" "${files[@]}"
