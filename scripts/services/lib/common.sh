# shellcheck shell=bash
# Shared helpers for scripts/services/{up,down,env}.sh. Sourced, never run.
# shellcheck disable=SC2034 # variables are used by the scripts that source this file
# Everything here must be safe under `set -euo pipefail`.

SERVICES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$SERVICES_DIR/../.." && pwd)"

# ---- configuration (all overridable from the environment) -------------------
SERVICES_CACHE_DIR="${SERVICES_CACHE_DIR:-${HOME:-/tmp}/.cache/followup-services}"
SERVICES_STATE_DIR="${SERVICES_STATE_DIR:-$REPO_ROOT/.services}"
# auto | docker | local  (auto: docker compose if a Docker engine answers, else local builds)
SERVICES_MODE="${SERVICES_MODE:-auto}"

SERVICES_KAFKA_VERSION="${SERVICES_KAFKA_VERSION:-3.9.1}"
SERVICES_FERRETDB_VERSION="${SERVICES_FERRETDB_VERSION:-v1.24.2}"
# FerretDB's storage: postgresql (a private PostgreSQL cluster, the default) or sqlite
FERRETDB_BACKEND="${FERRETDB_BACKEND:-postgresql}"
case "$FERRETDB_BACKEND" in
  pg | postgres) FERRETDB_BACKEND=postgresql ;;
esac
SERVICES_POSTGRES_VERSION="${SERVICES_POSTGRES_VERSION:-15}"
SERVICES_HOST="${SERVICES_HOST:-127.0.0.1}"
SERVICES_KAFKA_PORT="${SERVICES_KAFKA_PORT:-9092}"
SERVICES_KAFKA_CONTROLLER_PORT="${SERVICES_KAFKA_CONTROLLER_PORT:-9093}"
SERVICES_MONGO_PORT="${SERVICES_MONGO_PORT:-27017}"
SERVICES_KAFKA_HEAP_OPTS="${SERVICES_KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
# seconds to wait for a service to answer
SERVICES_KAFKA_TIMEOUT="${SERVICES_KAFKA_TIMEOUT:-${SERVICES_WAIT_TIMEOUT:-180}}"
SERVICES_MONGO_TIMEOUT="${SERVICES_MONGO_TIMEOUT:-${SERVICES_WAIT_TIMEOUT:-120}}"

LOCAL_KAFKA_BROKERS="$SERVICES_HOST:$SERVICES_KAFKA_PORT"
LOCAL_MONGO_URL="mongodb://$SERVICES_HOST:$SERVICES_MONGO_PORT"

KAFKA_HOME="$SERVICES_CACHE_DIR/kafka-$SERVICES_KAFKA_VERSION"
FERRETDB_HOME="$SERVICES_CACHE_DIR/ferretdb-$SERVICES_FERRETDB_VERSION"
FERRETDB_BIN="$FERRETDB_HOME/bin/ferretdb"

STATE_ENV_FILE="$SERVICES_STATE_DIR/services.env"
DOCKER_MARKER="$SERVICES_STATE_DIR/docker-compose.services"
KAFKA_PIDFILE="$SERVICES_STATE_DIR/kafka/kafka.pid"
KAFKA_LOG="$SERVICES_STATE_DIR/logs/kafka.log"
FERRETDB_PIDFILE="$SERVICES_STATE_DIR/ferretdb/ferretdb.pid"
FERRETDB_LOG="$SERVICES_STATE_DIR/logs/ferretdb.log"

# ---- output -----------------------------------------------------------------
# progress goes to stderr, so `eval "$(bash scripts/services/up.sh)"` only sees the exports
log() { printf '[services] %s\n' "$*" >&2; }
warn() { printf '[services] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[services] ERROR: %s\n' "$*" >&2
  exit 1
}

# show_log_tail FILE [LINES]
show_log_tail() {
  local file=$1 lines=${2:-40}
  if [[ -s "$file" ]]; then
    printf '[services] ---- last %s lines of %s ----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2 || true
    printf '[services] ---- end of %s ----\n' "$file" >&2
  else
    printf '[services] (log %s is empty or missing)\n' "$file" >&2
  fi
}

have() { command -v "$1" >/dev/null 2>&1; }

# ---- locking ----------------------------------------------------------------
# with_lock FILE — takes an exclusive flock held until the calling script exits.
# The fd is closed in every detached child (see start_detached), so a running
# broker never keeps the lock.
take_lock() {
  local file=$1 waitfor=${2:-1200}
  mkdir -p "$(dirname "$file")"
  if have flock; then
    local fd
    exec {fd}>"$file"
    if ! flock -n "$fd"; then
      log "waiting for another services script to finish (lock $file)..."
      flock -w "$waitfor" "$fd" || die "could not take lock $file within ${waitfor}s"
    fi
  fi
}

# ---- processes --------------------------------------------------------------
# alive_pid PIDFILE PATTERN — prints the pid if the pid file names a live process
# whose command line contains PATTERN (guards against pid reuse).
alive_pid() {
  local file=$1 pattern=$2 pid=""
  [[ -s "$file" ]] || return 1
  read -r pid <"$file" || true
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    # no `| grep -q` here: under pipefail an early-exiting grep can fail the pipe
    local cmdline
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ "$cmdline" == *"$pattern"* ]] || return 1
  fi
  printf '%s\n' "$pid"
}

# start_detached PIDFILE LOGFILE CMD... — runs CMD in its own session, immune to
# SIGHUP, stdio to LOGFILE, every other inherited fd closed, and writes its pid.
start_detached() {
  local pidfile=$1 logfile=$2
  shift 2
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  rm -f "$pidfile"
  if [[ -f "$logfile" ]]; then mv -f "$logfile" "$logfile.1"; fi
  # shellcheck disable=SC2016 # expanded by the child bash
  local launcher='
    pidfile=$1; shift
    for fdpath in /proc/$$/fd/*; do
      fd=${fdpath##*/}
      if [[ "$fd" =~ ^[0-9]+$ ]] && (( fd > 2 )); then eval "exec ${fd}>&-" 2>/dev/null || true; fi
    done
    trap "" HUP
    echo $$ >"$pidfile.tmp" && mv -f "$pidfile.tmp" "$pidfile"
    exec "$@"'
  if have setsid; then
    setsid bash -c "$launcher" services-launcher "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 &
  else
    nohup bash -c "$launcher" services-launcher "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 &
  fi
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.1
  done
  die "process did not start: $*"
}

# stop_pidfile NAME PIDFILE PATTERN [GRACE_SECONDS]
stop_pidfile() {
  local name=$1 pidfile=$2 pattern=$3 grace=${4:-60} pid i
  if ! pid=$(alive_pid "$pidfile" "$pattern"); then
    if [[ -e "$pidfile" ]]; then log "$name: not running (stale pid file removed)"; fi
    rm -f "$pidfile"
    return 0
  fi
  log "stopping $name (pid $pid)..."
  # setsid made it a process-group leader: signal the group, else just the pid
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$name did not stop within ${grace}s, killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
  log "$name stopped"
}

# port_open HOST PORT — something accepts TCP connections there
port_open() {
  # shellcheck disable=SC2016
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# ---- probes -----------------------------------------------------------------
# probe_kafka BROKERS [JARS_DIR] — one attempt; reason for failure on stderr
probe_kafka() {
  local brokers=$1 jars=${2:-}
  if have node; then
    node "$SERVICES_DIR/lib/probe.cjs" kafka "$brokers"
  elif [[ -n "$jars" ]] && have java; then
    timeout 30 java -Xmx128m -cp "$jars/*" kafka.admin.BrokerApiVersionsCommand \
      --bootstrap-server "${brokers%%,*}" >/dev/null
  else
    local hp=${brokers%%,*}
    port_open "${hp%:*}" "${hp##*:}" || { echo "no TCP answer from $hp" >&2; return 1; }
  fi
}

# probe_mongo URL [FERRETDB_BIN] — one attempt; reason for failure on stderr
probe_mongo() {
  local url=$1 ferret=${2:-}
  if have node; then
    node "$SERVICES_DIR/lib/probe.cjs" mongo "$url"
  elif [[ -n "$ferret" && -x "$ferret" ]]; then
    local hp=${url#mongodb://}
    hp=${hp#*@}
    hp=${hp%%/*}
    hp=${hp%%\?*}
    timeout 30 "$ferret" ping --listen-addr="${hp%%,*}" >/dev/null
  else
    local hp=${url#mongodb://}
    hp=${hp#*@}
    hp=${hp%%/*}
    hp=${hp%%\?*}
    hp=${hp%%,*}
    [[ "$hp" == *:* ]] || hp="$hp:27017"
    port_open "${hp%:*}" "${hp##*:}" || { echo "no TCP answer from $hp" >&2; return 1; }
  fi
}

# wait_ready NAME KIND TARGET TIMEOUT [PIDFILE PATTERN LOGFILE EXTRA]
#   KIND: kafka|mongo. Polls until the probe succeeds. On timeout, or if the
#   process behind PIDFILE dies, prints a clear error with the log tail and fails.
wait_ready() {
  local name=$1 kind=$2 target=$3 timeout_s=$4 pidfile=${5:-} pattern=${6:-} logfile=${7:-} extra=${8:-}
  local start=$SECONDS errfile
  errfile=$(mktemp "${TMPDIR:-/tmp}/services-probe.XXXXXX")
  while :; do
    if "probe_$kind" "$target" "$extra" 2>"$errfile"; then
      rm -f "$errfile"
      log "$name is ready at $target ($((SECONDS - start))s)"
      return 0
    fi
    if [[ -n "$pidfile" ]] && ! alive_pid "$pidfile" "$pattern" >/dev/null; then
      printf '[services] ERROR: %s exited while starting (last probe: %s)\n' "$name" "$(tail -n 1 "$errfile" 2>/dev/null)" >&2
      rm -f "$errfile"
      [[ -n "$logfile" ]] && show_log_tail "$logfile" 60
      return 1
    fi
    if ((SECONDS - start >= timeout_s)); then
      printf '[services] ERROR: %s did not answer at %s within %ss (last probe: %s)\n' \
        "$name" "$target" "$timeout_s" "$(tail -n 1 "$errfile" 2>/dev/null)" >&2
      rm -f "$errfile"
      [[ -n "$logfile" ]] && show_log_tail "$logfile" 60
      return 1
    fi
    sleep 1
  done
}

# ---- docker -----------------------------------------------------------------
docker_usable() {
  have docker || return 1
  timeout 20 docker info >/dev/null 2>&1 || return 1
  docker compose version >/dev/null 2>&1 || return 1
  [[ -f "$REPO_ROOT/docker-compose.yml" ]] || return 1
}

compose() {
  docker compose -f "$REPO_ROOT/docker-compose.yml" --project-directory "$REPO_ROOT" "$@"
}

# ---- env file ---------------------------------------------------------------
# print_exports KAFKA_BROKERS MONGO_URL
print_exports() {
  printf 'export KAFKA_BROKERS=%q\n' "$1"
  printf 'export MONGO_URL=%q\n' "$2"
}
