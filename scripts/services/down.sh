#!/usr/bin/env bash
# Stop what scripts/services/up.sh started:
#   - local Kafka / FerretDB processes (by the pid files in $SERVICES_STATE_DIR) and
#     FerretDB's PostgreSQL cluster (pg_ctl stop),
#   - `docker compose down` if up.sh used the docker compose path.
# Services given from outside (KAFKA_BROKERS / MONGO_URL) are never touched.
#
#   bash scripts/services/down.sh           # stop, keep data (next up.sh reuses it)
#   bash scripts/services/down.sh --purge   # stop and delete data and logs
#                                            # (docker: `docker compose down -v`)
# The download/build cache ($SERVICES_CACHE_DIR) is always kept.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.sh"
# shellcheck source=lib/postgresql.sh
source "$SERVICES_DIR/lib/postgresql.sh"

PURGE="${SERVICES_PURGE:-}"
case "${1:-}" in
  --purge) PURGE=1 ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  "") ;;
  *) die "unknown argument: $1 (try --help)" ;;
esac

if [[ ! -d "$SERVICES_STATE_DIR" ]]; then
  log "nothing to stop ($SERVICES_STATE_DIR does not exist)"
  exit 0
fi
take_lock "$SERVICES_STATE_DIR/.lock"

# FerretDB first: it stops in well under a second; Kafka does a controlled shutdown
stop_pidfile ferretdb "$FERRETDB_PIDFILE" --handler= 30
stop_postgres_local
stop_pidfile kafka "$KAFKA_PIDFILE" kafka.Kafka 90

if [[ -f "$DOCKER_MARKER" ]]; then
  if have docker && timeout 20 docker info >/dev/null 2>&1; then
    if [[ -n "$PURGE" ]]; then
      log "docker compose down -v"
      compose down -v >&2 || warn "docker compose down -v failed"
    else
      log "docker compose down"
      compose down >&2 || warn "docker compose down failed"
    fi
    rm -f "$DOCKER_MARKER"
  else
    warn "up.sh used docker compose but no Docker engine answers now; containers (if any) left alone"
  fi
fi

if [[ -f "$STATE_ENV_FILE" ]]; then
  # keep the record of what was exported (so a shell that sourced env.sh can run
  # up.sh again), but note that nothing runs any more
  sed -i '/^STATUS=/d' "$STATE_ENV_FILE"
  printf 'STATUS=down\n' >>"$STATE_ENV_FILE"
fi

if [[ -n "$PURGE" ]]; then
  log "purging data and logs in $SERVICES_STATE_DIR"
  rm -rf "$SERVICES_STATE_DIR/kafka" "$SERVICES_STATE_DIR/ferretdb" "$SERVICES_STATE_DIR/postgresql" \
    "$SERVICES_STATE_DIR/logs"
fi
log "services stopped"
