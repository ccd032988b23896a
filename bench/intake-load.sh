#!/usr/bin/env bash
# Load benchmark of POST /api/v1/analyses on the dev profile (embedded PostgreSQL and ElasticMQ).
# Usage: bench/intake-load.sh [duration=30s] [connections=32]   (build first: mvn -q -DskipTests package)
# Drives a mix of new and duplicate requests with wrk (Debian package, installed if missing), then
# checks in the database that dedup stayed exact: no person+filing request got two tasks, and every
# accepted task was consumed from the queue.
# AUTH=jwt: the service validates bearer tokens (aperilex.auth.mode=jwt) against a JWKS served from a
# local folder; bench/TokenMint.java signs one RS256 token per bench user (USERS, default 1000) with
# nimbus-jose-jwt taken from the service's own jar. Requests then carry a token and no email.
# Tiers apply as on dev (new users BASIC: 3 open tasks, 100 requests an hour); to measure the limits and the
# ledger on the hot path without refusals, raise them, e.g.
# JAVA_OPTS="-Daperilex.worker.enabled=false -Daperilex.accounts.default-tier=PROFESSIONAL
#            -Daperilex.tiers.professional.concurrent-analyses=1000000"
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

auth_args=()
if [ "${AUTH:-none}" = "jwt" ]; then
  jwks_port="${JWKS_PORT:-18091}"
  unzip -q -o -j "$jar" 'BOOT-INF/lib/nimbus-jose-jwt-*.jar' 'BOOT-INF/lib/jcip-annotations-*.jar' -d "$work/lib" 2>/dev/null || \
    unzip -q -o -j "$jar" 'BOOT-INF/lib/nimbus-jose-jwt-*.jar' -d "$work/lib"
  java -cp "$work/lib/*" bench/TokenMint.java "$work" "http://127.0.0.1:$jwks_port" aperilex-bench "${USERS:-1000}"
  (cd "$work" && exec python3 -m http.server "$jwks_port" --bind 127.0.0.1 > "$work/jwks.log" 2>&1) &
  auth_args=(--aperilex.auth.mode=jwt --aperilex.auth.jwk-set-uri="http://127.0.0.1:$jwks_port/jwks.json"
             --aperilex.auth.audience=aperilex-bench)
  export TOKENS="$work/tokens.txt"
fi

(cd "$work" && APERILEX_EDGAR_USERAGENT="${APERILEX_EDGAR_USERAGENT:-Aperilex Flow Bench flow-bench@aperilex.com}" exec java ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" --aperilex.edgar.www-url=http://127.0.0.1:9 --aperilex.edgar.data-url=http://127.0.0.1:9 --aperilex.dev.postgres-port="$pg_port" \
  --logging.level.process-task=WARN "${auth_args[@]}" > "$work/service.log" 2>&1) &
svc=$!
trap 'kill $(pgrep -f "aperilex-flow.jar --server.port=$port") 2>/dev/null; pkill -f "http.server ${jwks_port:-none}" 2>/dev/null; wait $svc 2>/dev/null; rm -rf "$work"' EXIT
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
# Dedup is per user and filing request: no (user, ticker, cik) of the run has two tasks.
dups=$(sql "SELECT count(*) FROM (SELECT user_id, ticker, cik FROM tasks GROUP BY user_id, ticker, cik, form_type HAVING count(*) > 1) x")
unconsumed=$(sql "SELECT count(*) FROM tasks WHERE status IN ('PENDING', 'QUEUED')")
# The ledger stays exact under the load: every balance is the sum of its user's rows, none below zero.
unbalanced=$(sql "SELECT count(*) FROM users u WHERE u.balance_usd <> COALESCE((SELECT sum(amount_usd) FROM usage_transactions t WHERE t.user_id = u.id), 0) OR u.balance_usd < 0")
echo "ledger rows: $(sql "SELECT count(*) FROM usage_transactions"); users whose balance is not their ledger's sum: $unbalanced"
echo "duplicate requests with more than one task: $dups"
echo "tasks not yet consumed 5 s after the run: $unconsumed"
[ "$dups" = "0" ] || { echo "DEDUP BROKEN"; exit 1; }
[ "$unbalanced" = "0" ] || { echo "LEDGER BROKEN"; exit 1; }
