# shellcheck shell=bash
# The addresses of the services started by scripts/services/up.sh.
#
#   source scripts/services/env.sh      # export KAFKA_BROKERS and MONGO_URL here
#   bash scripts/services/env.sh        # print the export lines
#   eval "$(bash scripts/services/env.sh)"
#
# Values come from the last up.sh run ($SERVICES_STATE_DIR/services.env); without
# one, from KAFKA_BROKERS / MONGO_URL already set, else the local defaults
# 127.0.0.1:9092 and mongodb://127.0.0.1:27017. Starts nothing.
# Safe to source from an interactive bash or zsh: it sets no shell options.

__services_env() {
  local self root state file kafka mongo status
  if [ -n "${BASH_VERSION:-}" ]; then
    self="${BASH_SOURCE[0]}"
  elif [ -n "${ZSH_VERSION:-}" ]; then
    eval 'self=${(%):-%x}'
  else
    self=""
  fi
  if [ -n "$self" ]; then
    root="$(cd "$(dirname "$self")/../.." && pwd)"
  else
    root="$(git rev-parse --show-toplevel 2>/dev/null || pwd)"
  fi
  state="${SERVICES_STATE_DIR:-$root/.services}"
  file="$state/services.env"
  kafka="${KAFKA_BROKERS:-${SERVICES_HOST:-127.0.0.1}:${SERVICES_KAFKA_PORT:-9092}}"
  mongo="${MONGO_URL:-mongodb://${SERVICES_HOST:-127.0.0.1}:${SERVICES_MONGO_PORT:-27017}}"
  status=""
  if [ -f "$file" ]; then
    kafka="$(sed -n 's/^KAFKA_BROKERS=//p' "$file" | tail -n 1)"
    mongo="$(sed -n 's/^MONGO_URL=//p' "$file" | tail -n 1)"
    status="$(sed -n 's/^STATUS=//p' "$file" | tail -n 1)"
  fi
  if [ "$status" = down ] || [ "$status" = failed ]; then
    printf '[services] note: services are %s; start them with: bash scripts/services/up.sh\n' "$status" >&2
  fi
  __SERVICES_KAFKA="$kafka"
  __SERVICES_MONGO="$mongo"
}

__services_env
if [ -n "${BASH_VERSION:-}" ] && [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # executed: print
  printf 'export KAFKA_BROKERS=%q\n' "$__SERVICES_KAFKA"
  printf 'export MONGO_URL=%q\n' "$__SERVICES_MONGO"
  unset -f __services_env
  unset __SERVICES_KAFKA __SERVICES_MONGO
  exit 0
fi
# sourced: export
export KAFKA_BROKERS="$__SERVICES_KAFKA"
export MONGO_URL="$__SERVICES_MONGO"
unset -f __services_env
unset __SERVICES_KAFKA __SERVICES_MONGO
