#!/usr/bin/env bash
# The README's test line (after setup): builds the library, executes the
# notebooks and builds the site (a failing notebook fails here, with its cell
# and stderr printed), then runs every test file with node's test runner —
# unit and property tests, the notebook tests and the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
if node -e "process.exit(require('./package.json').scripts['site:build'] ? 0 : 1)"; then
  npm run --silent site:build
fi
bash scripts/unit-tests.sh
