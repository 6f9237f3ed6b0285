#!/usr/bin/env bash
# Runs every test tier: type check and architecture rules, unit and e2e tests (embedded
# default), property-based API tests (schemathesis), browser tests of the web console,
# integration tests against a real Kafka broker and a MongoDB-compatible server, then the load
# under faults (`npm run test:faults`: a Kafka broker and a FerretDB of its own, on the
# PostgreSQL that scripts/services/up.sh runs). Starts those services itself when KAFKA_BROKERS /
# MONGO_URL are not set. The last line is the summary "N passed, N failed" over all tiers.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .test-results
rm -f .test-results/*.json

step() { printf '\n[test] %s\n' "$*" >&2; }
status=0
# Steps that failed outside jest's counts (checks, schemathesis, or a jest run that exited non-zero
# although every test passed, e.g. an error logged after its tests): each counts as one failure.
failed_steps=()
fail() { failed_steps+=("$1"); status=1; }

step 'type check (API, and the web console against the OpenAPI document the API generates)'
npx tsc -p tsconfig.json --noEmit || fail 'type check'
npm run --silent api:types && npx tsc -p apps/web/tsconfig.json --noEmit || fail 'web console type check'
step 'lint and formatting (ESLint, Prettier)'
npx eslint . || fail 'eslint'
npx prettier --check . >/dev/null || { npx prettier --list-different . >&2; fail 'prettier'; }
step 'architecture rules (dependency-cruiser)'
npx depcruise apps libs --config .dependency-cruiser.js || fail 'dependency-cruiser'

step 'unit and e2e tests (embedded default)'
npx jest --selectProjects unit e2e --json --outputFile=.test-results/fast.json || fail 'jest unit and e2e'

# Installs schemathesis into a cache outside the repository when missing; prints "schemathesis: N cases, N failed".
step 'property-based API tests against the OpenAPI document (schemathesis)'
bash scripts/schemathesis.sh || fail 'schemathesis'

step 'browser tests of the web console (Playwright, Debian chromium, axe-core)'
npm run --silent test:browser || fail 'browser tests'

started_services=0
if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${MONGO_URL:-}" ]; then
  step 'starting Kafka and the MongoDB-compatible server (scripts/services/up.sh)'
  # Stopped at the end even when the start failed halfway: nothing it started is left running.
  started_services=1
  if exports=$(bash scripts/services/up.sh); then
    eval "$exports"
  else
    echo '[test] could not start the services; integration tests cannot run' >&2
    fail 'starting the services'
  fi
fi

if [ -n "${KAFKA_BROKERS:-}" ] && [ -n "${MONGO_URL:-}" ]; then
  step "building the processes for the integration tests (KAFKA_BROKERS=$KAFKA_BROKERS MONGO_URL=$MONGO_URL)"
  if npx nest build api && npx nest build projector && npx nest build notifier; then
    step 'integration tests (real Kafka and MongoDB-compatible server, one file at a time)'
    npx jest --selectProjects int --runInBand --json --outputFile=.test-results/int.json || fail 'jest int'
    step 'load under faults (own broker and database server; APIs, projector, notifier, broker and database killed and restarted)'
    npx jest --selectProjects faults --runInBand --json --outputFile=.test-results/faults.json || fail 'jest faults'
  else
    fail 'building the processes'
  fi
fi

if [ "$started_services" = 1 ] && [ -z "${KEEP_SERVICES:-}" ]; then
  bash scripts/services/down.sh >/dev/null 2>&1 || true
fi

# Summary over every tier from jest's JSON results; a tier that did not run counts as failed, and
# so does each failed step above whose failure those results do not already count.
FAILED_STEPS="$(printf '%s\n' "${failed_steps[@]}")" node -e '
  const fs = require("fs");
  let passed = 0, failed = 0;
  /** Failures counted in the results of each tier (a tier that did not run: 1). */
  const failedIn = {};
  for (const tier of ["fast", "int", "faults"]) {
    const file = `.test-results/${tier}.json`;
    if (!fs.existsSync(file)) { failed += failedIn[tier] = 1; console.error(`[test] ${tier} tests did not run`); continue; }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += r.numPassedTests;
    failed += failedIn[tier] = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    if (r.numPendingTests || r.numTodoTests) console.error(`[test] ${tier}: ${r.numPendingTests + r.numTodoTests} skipped (not counted as passed)`);
  }
  // Browser tests: the Playwright JSON report counts expected (passed) and unexpected (failed) tests.
  const browser = ".test-results/browser.json";
  if (!fs.existsSync(browser)) { failed += failedIn.browser = 1; console.error("[test] browser tests did not run"); }
  else {
    const { stats } = JSON.parse(fs.readFileSync(browser, "utf8"));
    passed += stats.expected;
    failed += failedIn.browser = stats.unexpected + (stats.flaky || 0);
    if (stats.skipped) console.error(`[test] browser: ${stats.skipped} skipped (not counted as passed)`);
  }
  // A failed step counts once more unless the results of its tier already show a failure.
  const tierOfStep = { "jest unit and e2e": "fast", "jest int": "int", "jest faults": "faults", "browser tests": "browser" };
  for (const step of (process.env.FAILED_STEPS || "").split("\n").filter(Boolean)) {
    if (failedIn[tierOfStep[step]] > 0) continue;
    failed += 1;
    console.error(`[test] failed: ${step}`);
  }
  const summary = `${passed} passed, ${failed} failed`;
  fs.writeFileSync(".test-results/summary.txt", summary + "\n");
  console.log(summary);
  process.exit(failed > 0 ? 1 : 0);
' || status=1
exit "$status"
