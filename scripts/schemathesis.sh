#!/usr/bin/env bash
# Property-based API tests: schemathesis generates requests from /docs-json and checks every
# answer against the document (status codes, bodies, headers, negative and positive data).
# Runs the embedded service on a free port with a fresh DATA_DIR and no rate limit, as an admin.
# Prints "schemathesis: N cases, N failed"; exits non-zero on any failure.
# Env: SCHEMATHESIS_EXAMPLES (examples per operation, default 10: over 3,000 cases with the stateful phase).
set -uo pipefail
cd "$(dirname "$0")/.."

VERSION=4.32.5
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/followup-schemathesis-$VERSION"
if [ ! -x "$VENV/bin/st" ]; then
  echo "[schemathesis] installing schemathesis $VERSION into $VENV" >&2
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "schemathesis==$VERSION" || exit 1
fi

DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/followup-schemathesis-XXXXXX")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DATA_DIR PORT HOST=127.0.0.1 RATE_LIMIT_PER_MINUTE=0 LOG_LEVEL=error DEMO_DATA=false
export AUTH_JWT_SECRET="schemathesis-$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
unset KAFKA_BROKERS MONGO_URL

# node itself, not through npx: $! must be the server, or the kill below leaves it running.
node -r ts-node/register/transpile-only -r tsconfig-paths/register apps/api/src/main.ts >"$DATA_DIR/api.log" 2>&1 &
API_PID=$!
cleanup() {
  kill "$API_PID" 2>/dev/null
  wait "$API_PID" 2>/dev/null
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  curl -fs "$URL/health/live" >/dev/null 2>&1 && break
  kill -0 "$API_PID" 2>/dev/null || { cat "$DATA_DIR/api.log" >&2; exit 1; }
  sleep 0.5
done
TOKEN=$(npm run -s token -- --sub schemathesis --roles admin --name "Schemathesis" --expires 2h) || exit 1

# Run from DATA_DIR: schemathesis keeps its example cache in the working directory.
ROOT=$(pwd)
(cd "$DATA_DIR" && "$VENV/bin/st" --no-color --config-file "$ROOT/schemathesis.toml" run "$URL/docs-json" \
  --checks all \
  --header "Authorization: Bearer $TOKEN" \
  --exclude-path /alerts/stream \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-10}" \
  --seed "${SCHEMATHESIS_SEED:-1}" \
  --report junit --report-junit-path "$DATA_DIR/junit.xml" \
  >"$DATA_DIR/st.log" 2>&1)
result=$?
cat "$DATA_DIR/st.log"
mkdir -p .test-results
cp "$DATA_DIR/st.log" .test-results/schemathesis.log
# The number of generated test cases, from schemathesis' own summary line.
cases=$(grep -Eo '^ *[0-9]+ generated' "$DATA_DIR/st.log" | grep -Eo '[0-9]+' | tail -1)
failed=$(grep -Eo '[0-9]+ unique failures?' "$DATA_DIR/st.log" | grep -Eo '^[0-9]+' | tail -1)
echo "schemathesis: ${cases:-0} cases, ${failed:-0} failed (exit $result)"
exit "$result"
