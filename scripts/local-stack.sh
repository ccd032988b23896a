#!/usr/bin/env bash
# The local profile's servers on this machine, bound to 127.0.0.1, data under ./data/local:
#   PostgreSQL (Debian's postgresql package) on 5432 with database and role "aperilex" (trust auth, loopback only)
#   RabbitMQ (Debian's rabbitmq-server package) on 5672, user guest
# Usage: bash scripts/local-stack.sh start|stop|status
# Installs the two Debian packages if they are missing (needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

DATA="$(pwd)/data/local"
PG_PORT="${APERILEX_LOCAL_PG_PORT:-5432}"
RABBIT_PORT="${APERILEX_LOCAL_RABBIT_PORT:-5672}"
EPMD_PORT="${APERILEX_LOCAL_EPMD_PORT:-4369}"
RABBIT_DIST_PORT=$((RABBIT_PORT + 20000))
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
RABBIT_BIN=/usr/lib/rabbitmq/bin

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_missing() {
  local missing=()
  [ -n "$PG_BIN" ] || missing+=(postgresql)
  [ -x "$RABBIT_BIN/rabbitmq-server" ] || missing+=(rabbitmq-server)
  if [ ${#missing[@]} -gt 0 ]; then
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
}

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

rabbit_env() {
  export HOME="$DATA/rabbitmq/home" RABBITMQ_NODENAME="aperilex-local@localhost" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$RABBIT_PORT" RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT" \
    ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$EPMD_PORT" \
    RABBITMQ_CONFIG_FILE="$DATA/rabbitmq/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$DATA/rabbitmq/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$DATA/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$DATA/rabbitmq/log" \
    RABBITMQ_PID_FILE="$DATA/rabbitmq/pid"
}

start() {
  install_missing
  mkdir -p "$DATA/postgres" "$DATA/rabbitmq/home"
  if [ ! -f "$DATA/postgres/PG_VERSION" ]; then
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$DATA/postgres"
    as_postgres "$PG_BIN/initdb" -D "$DATA/postgres" -U postgres --auth=trust >/dev/null
  fi
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$DATA/postgres" status >/dev/null 2>&1; then
    # The log lives in the data directory, which belongs to the postgres user.
    as_postgres "$PG_BIN/pg_ctl" -w -D "$DATA/postgres" -l "$DATA/postgres/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp" start >/dev/null
  fi
  psql_admin() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "$1"; }
  if [ -z "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'aperilex'")" ]; then
    psql_admin "CREATE ROLE aperilex LOGIN" >/dev/null
  fi
  if [ -z "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = 'aperilex'")" ]; then
    psql_admin "CREATE DATABASE aperilex OWNER aperilex" >/dev/null
  fi
  echo "PostgreSQL on 127.0.0.1:$PG_PORT (database aperilex, role aperilex)"

  rabbit_env
  printf 'listeners.tcp.default = 127.0.0.1:%s\ndistribution.listener.interface = 127.0.0.1\n' "$RABBIT_PORT" \
    > "$RABBITMQ_CONFIG_FILE"
  echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  if ! "$RABBIT_BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" status >/dev/null 2>&1; then
    (cd "$DATA/rabbitmq" && nohup "$RABBIT_BIN/rabbitmq-server" > "$DATA/rabbitmq/server.out" 2>&1 &)
    "$RABBIT_BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" wait --timeout 120 "$RABBITMQ_PID_FILE" >/dev/null
  fi
  echo "RabbitMQ on 127.0.0.1:$RABBIT_PORT (user guest)"
}

stop() {
  if [ -n "$PG_BIN" ] && [ -f "$DATA/postgres/PG_VERSION" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$DATA/postgres" -m fast stop >/dev/null 2>&1 || true
  fi
  if [ -x "$RABBIT_BIN/rabbitmqctl" ]; then
    rabbit_env
    "$RABBIT_BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
    epmd -port "$EPMD_PORT" -kill >/dev/null 2>&1 || true
  fi
  echo "stopped"
}

status() {
  [ -n "$PG_BIN" ] && as_postgres "$PG_BIN/pg_ctl" -D "$DATA/postgres" status || true
  rabbit_env
  "$RABBIT_BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" status 2>/dev/null | head -5 || echo "RabbitMQ not running"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
