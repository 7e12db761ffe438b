#!/usr/bin/env bash
# Every check, as CI runs it: type-check, lint, formatting, unit and integration tests
# (database tests on SQLite and on PostgreSQL), then the end-to-end tests: the portal in
# Chromium, the production configuration on PostgreSQL, and bad input around both.
# Ends with one line: "N passed, N failed". Artefacts (screenshots, logs) go to test-results/.
set -uo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
source "$(dirname "$0")/lib/preflight.sh"
gw_toolchain
gw_ensure_chromium
export CHROMIUM_PATH="$GW_CHROMIUM"
# Without it, every test but the templates' coherence test still runs; that one fails and says why.
gw_ensure_kubectl && export KUBECTL="$GW_KUBECTL"

cd "$GW_ROOT"
results="$GW_ROOT/test-results"
rm -rf "$results" && mkdir -p "$results"
summary="$results/summary.txt"

# Database and cache tests run on the real servers when they answer here.
if gw_answers 127.0.0.1 5432; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
  export BACKSTAGE_TEST_DISABLE_DOCKER=1
else
  gw_say "No PostgreSQL on 127.0.0.1:5432: database tests run on SQLite only, the production test is skipped."
fi
if gw_answers 127.0.0.1 6379; then
  export BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING="${BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING:-redis://127.0.0.1:6379}"
fi

passed=0
failed=0
failures=()
started=$SECONDS

# check NAME COMMAND... : one pass or fail for a whole check.
check() {
  local name="$1"
  shift
  gw_say "── $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

check "type-check (tsc)" pnpm exec tsc
check "lint (eslint)" pnpm exec backstage-cli repo lint
check "formatting (prettier)" pnpm exec prettier --check --loglevel warn .

gw_say "── unit and integration tests (jest)"
# Integration tests start backends, git and Terraform stand-in processes; on a loaded
# 2-core CI machine a few of them need more than Jest's default 5 s.
CI=true pnpm exec backstage-cli repo test --testTimeout=30000 --json --outputFile="$results/jest.json"
jest_status=$?
read -r jest_passed jest_failed < <("$GW_NODE" -e '
  try {
    const r = require(process.argv[1]);
    console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites);
  } catch { console.log(0, 1); }
' "$results/jest.json")
passed=$((passed + jest_passed))
failed=$((failed + jest_failed))
if [ "$jest_status" != 0 ] && [ "$jest_failed" = 0 ]; then failed=$((failed + 1)); fi
[ "$jest_status" = 0 ] || failures+=("unit and integration tests")

gw_say "── end-to-end tests (node --test e2e/, Chromium at $GW_CHROMIUM)"
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/e2e.tap" \
  'e2e/*.test.mjs'
e2e_status=$?
e2e_passed=$(sed -n 's/^# pass //p' "$results/e2e.tap" | tail -1)
e2e_failed=$(sed -n 's/^# fail //p' "$results/e2e.tap" | tail -1)
passed=$((passed + ${e2e_passed:-0}))
failed=$((failed + ${e2e_failed:-1}))
if [ "$e2e_status" != 0 ] && [ "${e2e_failed:-0}" = 0 ]; then failed=$((failed + 1)); fi
[ "$e2e_status" = 0 ] || failures+=("end-to-end tests")

gw_say "Finished in $((SECONDS - started)) s. Artefacts: test-results/ (screenshots in test-results/e2e/, the journeys' in test-results/screenshots/)."
[ ${#failures[@]} -eq 0 ] || gw_say "Failed: ${failures[*]}"
echo "$passed passed, $failed failed" | tee "$summary"
[ "$failed" = 0 ]
