# shellcheck shell=bash
# PostgreSQL for FerretDB's postgresql backend: a private cluster in $SERVICES_STATE_DIR/postgresql,
# run by pg_ctl. Sourced by up.sh and down.sh after common.sh, never run.
# shellcheck disable=SC2034 # variables are used by the scripts that source this file

POSTGRES_DIR="$SERVICES_STATE_DIR/postgresql"
POSTGRES_DATA="$POSTGRES_DIR/data"
POSTGRES_LOG="$POSTGRES_DIR/postgresql.log"
POSTGRES_PORT_FILE="$POSTGRES_DIR/port"
POSTGRES_DB=ferretdb

# postgres_bindir — prints the directory holding initdb, pg_ctl and psql (Debian keeps them
# in /usr/lib/postgresql/<major>/bin, off the PATH)
postgres_bindir() {
  if [[ -n "${SERVICES_POSTGRES_BINDIR:-}" ]]; then
    printf '%s\n' "$SERVICES_POSTGRES_BINDIR"
    return 0
  fi
  local dir
  for dir in "/usr/lib/postgresql/$SERVICES_POSTGRES_VERSION/bin" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && { printf '%s\n' "$dir"; return 0; }
  done
  if have initdb && have pg_ctl; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  return 1
}

# as_postgres CMD... — initdb and the server refuse to run as root: run them as `postgres` then
as_postgres() {
  if ((EUID != 0)); then
    "$@"
  elif have runuser; then
    runuser -u postgres -- "$@"
  else
    su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
  fi
}

# Run as `bash -c "$CLOSE_INHERITED_FDS" close-fds CMD...`: CMD without the fds above 2 (the
# server pg_ctl starts must not keep the scripts' lock files open)
# shellcheck disable=SC2016 # expanded by the child bash
CLOSE_INHERITED_FDS='for fdpath in /proc/$$/fd/*; do
    fd=${fdpath##*/}
    if [[ "$fd" =~ ^[0-9]+$ ]] && ((fd > 2)); then eval "exec ${fd}>&-" 2>/dev/null || true; fi
  done
  exec "$@"'

ensure_postgres() {
  if postgres_bindir >/dev/null; then return 0; fi
  ((EUID == 0)) && have apt-get ||
    die "PostgreSQL $SERVICES_POSTGRES_VERSION is needed for FerretDB: apt-get install -y postgresql-$SERVICES_POSTGRES_VERSION
  (or set SERVICES_POSTGRES_BINDIR, or FERRETDB_BACKEND=sqlite)"
  log "installing PostgreSQL $SERVICES_POSTGRES_VERSION with apt-get (first run only)..."
  # the package would otherwise create and start a system cluster on port 5432: not needed here
  mkdir -p /etc/postgresql-common/createcluster.d
  printf 'create_main_cluster = false\n' >/etc/postgresql-common/createcluster.d/followup-services.conf
  local aptlog="$SERVICES_CACHE_DIR/postgresql-install.log"
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "postgresql-$SERVICES_POSTGRES_VERSION"; } </dev/null >"$aptlog" 2>&1; then
    show_log_tail "$aptlog" 30
    die "apt-get install postgresql-$SERVICES_POSTGRES_VERSION failed (full log: $aptlog)"
  fi
  postgres_bindir >/dev/null || die "PostgreSQL was installed but initdb/pg_ctl are not found"
}

postgres_running() { # the cluster in $POSTGRES_DATA answers pg_ctl status
  local bindir
  [[ -f "$POSTGRES_DATA/PG_VERSION" ]] || return 1
  bindir=$(postgres_bindir) || return 1
  as_postgres "$bindir/pg_ctl" -D "$POSTGRES_DATA" status >/dev/null 2>&1
}

# Below Linux's ephemeral range (32768-60999): a port in it can be held by any outgoing connection
# (Kafka's own, a test's), which a connect probe does not see and which makes the bind fail.
POSTGRES_FIRST_PORT=25432

postgres_pick_port() { # the port used last time if free, else the first free one from POSTGRES_FIRST_PORT on
  local port
  if [[ -n "${SERVICES_POSTGRES_PORT:-}" ]]; then
    port_open "$SERVICES_HOST" "$SERVICES_POSTGRES_PORT" &&
      die "port $SERVICES_HOST:$SERVICES_POSTGRES_PORT (SERVICES_POSTGRES_PORT) is taken"
    printf '%s\n' "$SERVICES_POSTGRES_PORT"
    return 0
  fi
  port=$(cat "$POSTGRES_PORT_FILE" 2>/dev/null || true)
  # A port the kernel hands out to outgoing connections (as 54320 is) can be taken by one of them
  # at the moment PostgreSQL binds it, which no check beforehand sees: such a remembered port is dropped.
  local ephemeral_first
  ephemeral_first=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  if [[ "$port" =~ ^[0-9]+$ ]] && ((port < ephemeral_first)) && ! port_open "$SERVICES_HOST" "$port"; then
    printf '%s\n' "$port"
    return 0
  fi
  for ((port = POSTGRES_FIRST_PORT; port < POSTGRES_FIRST_PORT + 80; port++)); do
    port_open "$SERVICES_HOST" "$port" || { printf '%s\n' "$port"; return 0; }
  done
  die "no free port for PostgreSQL in $POSTGRES_FIRST_PORT-$((POSTGRES_FIRST_PORT + 79)) (set SERVICES_POSTGRES_PORT)"
}

init_postgres_cluster() {
  local bindir=$1
  log "creating a PostgreSQL cluster in $POSTGRES_DATA"
  mkdir -p "$POSTGRES_DIR"
  ((EUID != 0)) || chown postgres: "$POSTGRES_DIR"
  as_postgres test -w "$POSTGRES_DIR" ||
    die "the postgres user cannot write $POSTGRES_DIR (every parent folder must be searchable by it; set SERVICES_STATE_DIR)"
  if ! as_postgres "$bindir/initdb" -D "$POSTGRES_DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale \
    >"$POSTGRES_DIR/initdb.log" 2>&1; then
    show_log_tail "$POSTGRES_DIR/initdb.log" 30
    die "initdb failed"
  fi
  # A throw-away test cluster: durability off (fsync) buys speed; the planner is told that
  # random reads are cheap, as they are on an SSD, so small GIN lookups win over scans.
  as_postgres tee -a "$POSTGRES_DATA/postgresql.conf" >/dev/null <<CONF
# added by scripts/services/up.sh
listen_addresses = '$SERVICES_HOST'
unix_socket_directories = ''
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
random_page_cost = 1.1
CONF
}

# start_postgres_local — prints the port the cluster listens on
start_postgres_local() {
  local bindir port
  bindir=$(postgres_bindir)
  if postgres_running; then
    port=$(cat "$POSTGRES_PORT_FILE")
    log "postgresql already running on port $port, reusing it"
    printf '%s\n' "$port"
    return 0
  fi
  [[ -f "$POSTGRES_DATA/PG_VERSION" ]] || init_postgres_cluster "$bindir"
  port=$(postgres_pick_port)
  printf '%s\n' "$port" >"$POSTGRES_PORT_FILE"
  log "starting PostgreSQL ($bindir) on $SERVICES_HOST:$port, log: $POSTGRES_LOG"
  if ! as_postgres bash -c "$CLOSE_INHERITED_FDS" close-fds \
    "$bindir/pg_ctl" -D "$POSTGRES_DATA" -l "$POSTGRES_LOG" -o "-p $port" -w -t 60 start \
    </dev/null >/dev/null 2>&1; then
    show_log_tail "$POSTGRES_LOG" 30
    die "PostgreSQL did not start"
  fi
  local psql=("$bindir/psql" -h "$SERVICES_HOST" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt)
  if [[ -z "$("${psql[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$POSTGRES_DB'")" ]]; then
    "${psql[@]}" -d postgres -c "CREATE DATABASE $POSTGRES_DB" >&2 || die "could not create database $POSTGRES_DB"
  fi
  PGOPTIONS='-c client_min_messages=warning' "${psql[@]}" -d "$POSTGRES_DB" \
    -f "$SERVICES_DIR/postgresql/equality-indexes.sql" >&2 || die "could not install the equality indexes trigger"
  printf '%s\n' "$port"
}

stop_postgres_local() {
  postgres_running || return 0
  local bindir
  bindir=$(postgres_bindir)
  log "stopping postgresql..."
  as_postgres "$bindir/pg_ctl" -D "$POSTGRES_DATA" -m fast -w -t 60 stop >/dev/null 2>&1 ||
    warn "pg_ctl stop failed (log: $POSTGRES_LOG)"
  log "postgresql stopped"
}
