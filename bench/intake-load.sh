#!/usr/bin/env bash
# Load benchmark of POST /api/v1/analyses on the dev profile (embedded PostgreSQL and ElasticMQ).
# Usage: bench/intake-load.sh [duration=30s] [connections=32]   (build first: mvn -q -DskipTests package)
# Drives a mix of new and duplicate requests with wrk (Debian package, installed if missing), then
# checks in the database that dedup stayed exact: no person+filing request got two tasks, and every
# accepted task was consumed from the queue.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-30s}"
connections="${2:-32}"
port="${PORT:-18090}"
pg_port="${PG_PORT:-15490}"
jar="$PWD/src/target/aperilex-flow.jar"
work="$(mktemp -d)"

command -v wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v psql > /dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client; }

(cd "$work" && APERILEX_EDGAR_USERAGENT="${APERILEX_EDGAR_USERAGENT:-Aperilex Flow Bench flow-bench@aperilex.com}" exec java ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" --aperilex.edgar.www-url=http://127.0.0.1:9 --aperilex.edgar.data-url=http://127.0.0.1:9 --aperilex.dev.postgres-port="$pg_port" \
  --logging.level.process-task=WARN > "$work/service.log" 2>&1) &
svc=$!
trap 'kill $(pgrep -f "aperilex-flow.jar --server.port=$port") 2>/dev/null; wait $svc 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null; do
  kill -0 "$svc" 2>/dev/null || { tail -30 "$work/service.log"; exit 1; }
  sleep 0.2
done

url="http://127.0.0.1:$port"
echo "warm-up (${WARMUP:-10s})"
wrk -t2 -c"$connections" -d"${WARMUP:-10s}" -s bench/intake-mix.lua "$url" > /dev/null
echo "measured run ($duration, $connections connections, 2 wrk threads)"
wrk -t2 -c"$connections" -d"$duration" -s bench/intake-mix.lua "$url"

sql() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atc "$1"; }
sleep 5
echo "tasks: $(sql "SELECT count(*) FROM tasks")"
dups=$(sql "SELECT count(*) FROM (SELECT email FROM tasks WHERE email LIKE 'dup-%' GROUP BY email HAVING count(*) > 1) x")
unconsumed=$(sql "SELECT count(*) FROM tasks WHERE status IN ('PENDING', 'QUEUED')")
echo "duplicate requests with more than one task: $dups"
echo "tasks not yet consumed 5 s after the run: $unconsumed"
[ "$dups" = "0" ] || { echo "DEDUP BROKEN"; exit 1; }
