#!/usr/bin/env bash
# Start a real Apache Kafka broker and a MongoDB-compatible server for tests and
# local runs, wait until both really answer, and print the export lines:
#
#   bash scripts/services/up.sh                 # progress on stderr, exports on stdout
#   eval "$(bash scripts/services/up.sh)"       # ...and export them into this shell
#   source scripts/services/env.sh              # export them later
#
# Per service, in this order of preference:
#   1. KAFKA_BROKERS / MONGO_URL already set in the environment: only wait for them.
#   2. A Docker engine answers (`docker info`) and `docker compose` works:
#      `docker compose up -d kafka mongo` with the repo's docker-compose.yml.
#   3. Local builds, cached in $SERVICES_CACHE_DIR (default ~/.cache/followup-services):
#      Apache Kafka (KRaft, from Maven Central via kafka/pom.xml) run with java, and
#      FerretDB (built once with `go`) on a private PostgreSQL cluster (Debian's
#      postgresql-15, installed with apt-get when missing), or on SQLite with FERRETDB_BACKEND=sqlite.
# Runtime state (data, logs, pid files) lives in $SERVICES_STATE_DIR (default <repo>/.services).
# Running it again while the services run is a quick no-op (idempotent).
# See scripts/services/README.md for all knobs.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.sh"
# shellcheck source=lib/postgresql.sh
source "$SERVICES_DIR/lib/postgresql.sh"

case "${1:-}" in
  -h | --help)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  "") ;;
  *) die "unknown argument: $1 (try --help)" ;;
esac

T0=$SECONDS

mkdir -p "$SERVICES_STATE_DIR/logs" "$SERVICES_CACHE_DIR"
# keep the state folder out of git even without a top-level .gitignore entry
case "$SERVICES_STATE_DIR/" in
  "$REPO_ROOT"/*) [[ -f "$SERVICES_STATE_DIR/.gitignore" ]] || printf '*\n' >"$SERVICES_STATE_DIR/.gitignore" ;;
esac
take_lock "$SERVICES_STATE_DIR/.lock"

state_get() { # KEY — last recorded value from the previous up.sh, if any
  [[ -f "$STATE_ENV_FILE" ]] || return 0
  sed -n "s/^$1=//p" "$STATE_ENV_FILE" | tail -n 1
}

# ---- which services are provided from outside? ------------------------------
# A value equal to what these scripts exported last time (e.g. after
# `source env.sh`) is not "external": up.sh keeps managing it.
KAFKA_EXTERNAL=""
MONGO_EXTERNAL=""
if [[ -n "${KAFKA_BROKERS:-}" ]]; then
  if [[ "$KAFKA_BROKERS" == "$(state_get KAFKA_BROKERS)" && "$(state_get KAFKA_MODE)" != external ]]; then
    [[ "$KAFKA_BROKERS" == "$LOCAL_KAFKA_BROKERS" ]] || KAFKA_EXTERNAL=$KAFKA_BROKERS
  else
    KAFKA_EXTERNAL=$KAFKA_BROKERS
  fi
fi
if [[ -n "${MONGO_URL:-}" ]]; then
  if [[ "$MONGO_URL" == "$(state_get MONGO_URL)" && "$(state_get MONGO_MODE)" != external ]]; then
    [[ "$MONGO_URL" == "$LOCAL_MONGO_URL" ]] || MONGO_EXTERNAL=$MONGO_URL
  else
    MONGO_EXTERNAL=$MONGO_URL
  fi
fi

# ---- choose docker or local for what we must start --------------------------
NEED=()
[[ -n "$KAFKA_EXTERNAL" ]] || NEED+=(kafka)
[[ -n "$MONGO_EXTERNAL" ]] || NEED+=(mongo)

MODE=none
if ((${#NEED[@]})); then
  case "$SERVICES_MODE" in
    local) MODE=local ;;
    docker)
      docker_usable || die "SERVICES_MODE=docker but no Docker engine answers (docker info) or docker compose is missing"
      MODE=docker
      ;;
    auto)
      # processes we started earlier keep the local path, even if Docker appeared since
      if alive_pid "$KAFKA_PIDFILE" kafka.Kafka >/dev/null || alive_pid "$FERRETDB_PIDFILE" --handler= >/dev/null; then
        MODE=local
      elif docker_usable; then
        MODE=docker
      else
        MODE=local
      fi
      ;;
    *) die "SERVICES_MODE must be auto, docker or local (got '$SERVICES_MODE')" ;;
  esac
fi

# ---- local: Kafka -----------------------------------------------------------
cache_lock() {
  exec {CACHE_LOCK_FD}>"$SERVICES_CACHE_DIR/.lock"
  if have flock && ! flock -n "$CACHE_LOCK_FD"; then
    log "waiting for another services script that is filling the cache..."
    flock -w 1800 "$CACHE_LOCK_FD" || die "could not lock $SERVICES_CACHE_DIR/.lock"
  fi
}
cache_unlock() { exec {CACHE_LOCK_FD}>&-; }

kafka_jars_ok() { [[ -f "$KAFKA_HOME/.complete" && -f "$KAFKA_HOME/jars/kafka_2.13-$SERVICES_KAFKA_VERSION.jar" ]]; }

ensure_kafka_jars() {
  kafka_jars_ok && return 0
  have java || die "java (17+) is needed to run Kafka locally: apt-get install -y openjdk-17-jre-headless"
  have mvn || die "mvn is needed once to fetch Kafka from Maven Central: apt-get install -y maven"
  cache_lock
  if ! kafka_jars_ok; then
    log "fetching Apache Kafka $SERVICES_KAFKA_VERSION from Maven Central (first run, cached afterwards)..."
    local tmp t=$SECONDS
    tmp=$(mktemp -d "$SERVICES_CACHE_DIR/.kafka-fetch.XXXXXX")
    if ! mvn -B -q -f "$SERVICES_DIR/kafka/pom.xml" -Dkafka.version="$SERVICES_KAFKA_VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp/jars" \
      </dev/null >"$tmp/mvn.log" 2>&1; then
      cp -f "$tmp/mvn.log" "$SERVICES_CACHE_DIR/kafka-fetch.log" || true
      rm -rf "$tmp"
      show_log_tail "$SERVICES_CACHE_DIR/kafka-fetch.log" 40
      die "could not fetch Kafka $SERVICES_KAFKA_VERSION with mvn (full log: $SERVICES_CACHE_DIR/kafka-fetch.log)"
    fi
    [[ -f "$tmp/jars/kafka_2.13-$SERVICES_KAFKA_VERSION.jar" ]] || die "mvn ran but kafka_2.13-$SERVICES_KAFKA_VERSION.jar is missing"
    rm -rf "$KAFKA_HOME"
    mkdir -p "$KAFKA_HOME"
    mv "$tmp/jars" "$KAFKA_HOME/jars"
    rm -rf "$tmp"
    touch "$KAFKA_HOME/.complete"
    log "Kafka $SERVICES_KAFKA_VERSION cached in $KAFKA_HOME ($((SECONDS - t))s)"
  fi
  cache_unlock
}

random_cluster_id() { # 16 random bytes, base64url without padding, as Kafka's Uuid
  # One that starts with '-' would be read as an option by kafka-storage's argument parser.
  local id
  while id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'); [ "${id#-}" != "$id" ]; do :; done
  printf '%s' "$id"
}

write_kafka_config() {
  local conf=$1 data=$2
  cat >"$conf" <<EOF
# generated by scripts/services/up.sh on every start — edit the script, not this file
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$SERVICES_HOST:$SERVICES_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$SERVICES_HOST:$SERVICES_KAFKA_PORT,CONTROLLER://$SERVICES_HOST:$SERVICES_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$SERVICES_HOST:$SERVICES_KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
log.retention.hours=168
EOF
}

start_kafka_local() {
  local pid jars="$KAFKA_HOME/jars" dir="$SERVICES_STATE_DIR/kafka"
  if pid=$(alive_pid "$KAFKA_PIDFILE" kafka.Kafka); then
    log "kafka already running (pid $pid), reusing it"
    return 0
  fi
  rm -f "$KAFKA_PIDFILE"
  local port
  for port in "$SERVICES_KAFKA_PORT" "$SERVICES_KAFKA_CONTROLLER_PORT"; do
    if port_open "$SERVICES_HOST" "$port"; then
      die "port $SERVICES_HOST:$port is taken by a process these scripts did not start.
  Stop it, or use it as is with: KAFKA_BROKERS=$LOCAL_KAFKA_BROKERS bash scripts/services/up.sh,
  or pick other ports with SERVICES_KAFKA_PORT / SERVICES_KAFKA_CONTROLLER_PORT."
    fi
  done
  mkdir -p "$dir/data"
  write_kafka_config "$dir/server.properties" "$dir/data"
  local java_common=(-Dlog4j.configuration="file:$SERVICES_DIR/kafka/log4j.properties" -Djava.awt.headless=true)
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    local cid
    cid=$(random_cluster_id)
    log "formatting Kafka KRaft storage in $dir/data (cluster id $cid)"
    if ! java -Xmx256m "${java_common[@]}" -cp "$jars/*" kafka.tools.StorageTool format \
      -t "$cid" -c "$dir/server.properties" --ignore-formatted \
      </dev/null >"$SERVICES_STATE_DIR/logs/kafka-format.log" 2>&1; then
      show_log_tail "$SERVICES_STATE_DIR/logs/kafka-format.log" 40
      die "formatting Kafka storage failed"
    fi
  fi
  log "starting Kafka $SERVICES_KAFKA_VERSION (KRaft) on $LOCAL_KAFKA_BROKERS, log: $KAFKA_LOG"
  # shellcheck disable=SC2086 # heap/JVM options are word lists on purpose
  start_detached "$KAFKA_PIDFILE" "$KAFKA_LOG" \
    java $SERVICES_KAFKA_HEAP_OPTS \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    ${SERVICES_KAFKA_JVM_OPTS:-} "${java_common[@]}" \
    -cp "$jars/*" kafka.Kafka "$dir/server.properties"
}

# ---- local: FerretDB --------------------------------------------------------
ferretdb_ok() {
  [[ -x "$FERRETDB_BIN" ]] || return 1
  local out
  out=$("$FERRETDB_BIN" --version 2>/dev/null) || return 1
  [[ $'\n'"$out"$'\n' == *$'\n'"version: $SERVICES_FERRETDB_VERSION"$'\n'* ]]
}

ensure_ferretdb() {
  ferretdb_ok && return 0
  have go || die "the Go toolchain is needed once to build FerretDB: apt-get install -y golang (>= 1.24) or see https://go.dev/dl"
  cache_lock
  if ! ferretdb_ok; then
    log "building FerretDB $SERVICES_FERRETDB_VERSION (first run, cached afterwards)..."
    local tmp src t=$SECONDS buildlog="$SERVICES_CACHE_DIR/ferretdb-build.log"
    tmp=$(mktemp -d "$SERVICES_CACHE_DIR/.ferretdb-build.XXXXXX")
    : >"$buildlog"
    # `go install ...@version` is not enough: FerretDB panics at start unless
    # build/version/version.txt (generated, not in the module) names the version.
    # So: copy the module source, write that file, and build it ourselves.
    if (cd "$tmp" && GOWORK=off GOFLAGS=-buildvcs=false GO111MODULE=on \
      go mod download -json "github.com/FerretDB/FerretDB@$SERVICES_FERRETDB_VERSION") \
      </dev/null >"$tmp/download.json" 2>>"$buildlog"; then
      src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' "$tmp/download.json" | tail -n 1)
    else
      src=""
    fi
    if [[ -z "$src" || ! -d "$src" ]]; then
      cat "$tmp/download.json" >>"$buildlog" 2>/dev/null || true
      rm -rf "$tmp"
      show_log_tail "$buildlog" 40
      die "could not download FerretDB $SERVICES_FERRETDB_VERSION from the Go module proxy"
    fi
    cp -R "$src" "$tmp/src"
    chmod -R u+w "$tmp/src"
    printf '%s\n' "$SERVICES_FERRETDB_VERSION" >"$tmp/src/build/version/version.txt"
    printf '%s\n' "source" >"$tmp/src/build/version/package.txt"
    if ! (cd "$tmp/src" && GOWORK=off GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
      go build -trimpath -o "$tmp/ferretdb" ./cmd/ferretdb) </dev/null >>"$buildlog" 2>&1; then
      rm -rf "$tmp"
      show_log_tail "$buildlog" 40
      die "building FerretDB $SERVICES_FERRETDB_VERSION failed (full log: $buildlog)"
    fi
    mkdir -p "$FERRETDB_HOME/bin"
    mv -f "$tmp/ferretdb" "$FERRETDB_BIN"
    rm -rf "$tmp"
    ferretdb_ok || die "the FerretDB binary built in $FERRETDB_BIN does not report version $SERVICES_FERRETDB_VERSION"
    log "FerretDB $SERVICES_FERRETDB_VERSION cached in $FERRETDB_HOME ($((SECONDS - t))s)"
  fi
  cache_unlock
}

start_ferretdb_local() {
  local pid dir="$SERVICES_STATE_DIR/ferretdb"
  if pid=$(alive_pid "$FERRETDB_PIDFILE" --handler=); then
    if ! alive_pid "$FERRETDB_PIDFILE" "--handler=$FERRETDB_BACKEND" >/dev/null; then
      warn "ferretdb runs with another backend than FERRETDB_BACKEND=$FERRETDB_BACKEND; run down.sh first to switch"
    elif [[ "$FERRETDB_BACKEND" == postgresql ]]; then
      start_postgres_local >/dev/null
    fi
    log "ferretdb already running (pid $pid), reusing it"
    return 0
  fi
  rm -f "$FERRETDB_PIDFILE"
  if port_open "$SERVICES_HOST" "$SERVICES_MONGO_PORT"; then
    die "port $SERVICES_HOST:$SERVICES_MONGO_PORT is taken by a process these scripts did not start.
  Stop it, or use it as is with: MONGO_URL=$LOCAL_MONGO_URL bash scripts/services/up.sh,
  or pick another port with SERVICES_MONGO_PORT."
  fi
  mkdir -p "$dir/data"
  local storage=()
  case "$FERRETDB_BACKEND" in
    postgresql)
      ensure_postgres
      local pg_port
      pg_port=$(start_postgres_local)
      storage=(--handler=postgresql --postgresql-url="postgres://postgres@$SERVICES_HOST:$pg_port/$POSTGRES_DB")
      ;;
    sqlite) storage=(--handler=sqlite --sqlite-url="file:$dir/data/") ;;
    *) die "FERRETDB_BACKEND must be postgresql or sqlite (got '$FERRETDB_BACKEND')" ;;
  esac
  log "starting FerretDB $SERVICES_FERRETDB_VERSION ($FERRETDB_BACKEND) on $LOCAL_MONGO_URL, log: $FERRETDB_LOG"
  start_detached "$FERRETDB_PIDFILE" "$FERRETDB_LOG" \
    "$FERRETDB_BIN" "${storage[@]}" --state-dir="$dir" \
    --listen-addr="$SERVICES_HOST:$SERVICES_MONGO_PORT" --debug-addr=- --telemetry=disable \
    --log-level="${SERVICES_FERRETDB_LOG_LEVEL:-info}"
}

# ---- run --------------------------------------------------------------------
KAFKA_MODE=external
MONGO_MODE=external
KAFKA_OUT=$KAFKA_EXTERNAL
MONGO_OUT=$MONGO_EXTERNAL
[[ -z "$KAFKA_EXTERNAL" ]] || log "KAFKA_BROKERS is set ($KAFKA_EXTERNAL): using it, only waiting until it answers"
[[ -z "$MONGO_EXTERNAL" ]] || log "MONGO_URL is set ($MONGO_EXTERNAL): using it, only waiting until it answers"

need() { [[ " ${NEED[*]-} " == *" $1 "* ]]; }

if [[ "$MODE" == docker ]]; then
  log "Docker engine found: docker compose up -d ${NEED[*]}"
  compose up -d "${NEED[@]}" >&2 || die "docker compose up -d ${NEED[*]} failed"
  { cat "$DOCKER_MARKER" 2>/dev/null || true; printf '%s\n' "${NEED[@]}"; } | sort -u >"$DOCKER_MARKER.tmp"
  mv -f "$DOCKER_MARKER.tmp" "$DOCKER_MARKER"
  if need kafka; then KAFKA_MODE=docker; KAFKA_OUT=$LOCAL_KAFKA_BROKERS; fi
  if need mongo; then MONGO_MODE=docker; MONGO_OUT=$LOCAL_MONGO_URL; fi
elif [[ "$MODE" == local ]]; then
  # start Kafka first so the JVM boots while FerretDB is (maybe) being built
  if need kafka; then
    ensure_kafka_jars
    start_kafka_local
    KAFKA_MODE=local
    KAFKA_OUT=$LOCAL_KAFKA_BROKERS
  fi
  if need mongo; then
    ensure_ferretdb
    start_ferretdb_local
    MONGO_MODE=local
    MONGO_OUT=$LOCAL_MONGO_URL
  fi
fi

FAILED=0
case "$KAFKA_MODE" in
  local)
    wait_ready kafka kafka "$KAFKA_OUT" "$SERVICES_KAFKA_TIMEOUT" \
      "$KAFKA_PIDFILE" kafka.Kafka "$KAFKA_LOG" "$KAFKA_HOME/jars" || FAILED=1
    ;;
  docker)
    if ! wait_ready kafka kafka "$KAFKA_OUT" "$SERVICES_KAFKA_TIMEOUT"; then
      compose logs --tail=60 kafka >&2 || true
      FAILED=1
    fi
    ;;
  external)
    wait_ready kafka kafka "$KAFKA_OUT" "$SERVICES_KAFKA_TIMEOUT" || {
      log "(KAFKA_BROKERS came from the environment; unset it to let up.sh start a broker)"
      FAILED=1
    }
    ;;
esac
case "$MONGO_MODE" in
  local)
    wait_ready ferretdb mongo "$MONGO_OUT" "$SERVICES_MONGO_TIMEOUT" \
      "$FERRETDB_PIDFILE" --handler= "$FERRETDB_LOG" "$FERRETDB_BIN" || FAILED=1
    ;;
  docker)
    if ! wait_ready mongo mongo "$MONGO_OUT" "$SERVICES_MONGO_TIMEOUT"; then
      compose logs --tail=60 mongo >&2 || true
      FAILED=1
    fi
    ;;
  external)
    wait_ready mongo mongo "$MONGO_OUT" "$SERVICES_MONGO_TIMEOUT" || {
      log "(MONGO_URL came from the environment; unset it to let up.sh start a server)"
      FAILED=1
    }
    ;;
esac

{
  printf '# written by scripts/services/up.sh; read by env.sh and down.sh\n'
  printf 'KAFKA_BROKERS=%s\nKAFKA_MODE=%s\nMONGO_URL=%s\nMONGO_MODE=%s\nSTATUS=%s\n' \
    "$KAFKA_OUT" "$KAFKA_MODE" "$MONGO_OUT" "$MONGO_MODE" "$( ((FAILED == 0)) && echo up || echo failed)"
} >"$STATE_ENV_FILE"

((FAILED == 0)) || die "services are not ready (state and logs in $SERVICES_STATE_DIR; stop them with bash scripts/services/down.sh)"

log "all services ready in $((SECONDS - T0))s (kafka: $KAFKA_MODE, mongo: $MONGO_MODE); stop them with: bash scripts/services/down.sh"
print_exports "$KAFKA_OUT" "$MONGO_OUT"
