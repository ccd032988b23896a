#!/usr/bin/env bash
# Measures time-to-ready and peak RSS of the packaged service on its embedded default (dev profile).
# Usage: bench/startup.sh [runs]   (build first: mvn -q -DskipTests package)
# Each run starts the jar in a fresh working directory (so the first run includes initdb and the
# embedded PostgreSQL extraction, later runs reuse the data directory), polls readiness until it
# answers 200, then reads VmHWM (peak resident set) from /proc and stops the service.
set -euo pipefail
cd "$(dirname "$0")/.."
jar="$PWD/src/target/aperilex-flow.jar"
runs="${1:-3}"
port="${PORT:-18080}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  (cd "$work" && APERILEX_EDGAR_USERAGENT="${APERILEX_EDGAR_USERAGENT:-Aperilex Flow Bench flow-bench@aperilex.com}" exec java -jar "$jar" --server.port="$port" --aperilex.edgar.www-url=http://127.0.0.1:9 --aperilex.edgar.data-url=http://127.0.0.1:9 > "$work/run-$i.log" 2>&1) &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "service died, see $work/run-$i.log"; tail -20 "$work/run-$i.log"; exit 1; fi
    sleep 0.1
  done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  # The java process is the child of the subshell; find it by its jar.
  jpid=$(pgrep -f -n "aperilex-flow.jar --server.port=$port")
  # A burst of requests so the peak includes a warmed-up request path.
  for n in $(seq 1 200); do
    curl -s -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/analyses" -H 'Content-Type: application/json' \
      -d "{\"email\":\"startup-$n@example.com\",\"ticker\":\"AAPL\"}"
  done
  hwm_kb=$(awk '/VmHWM/ {print $2}' "/proc/$jpid/status")
  echo "run $i: ready in ${ready_ms} ms, peak RSS $((hwm_kb / 1024)) MiB"
  kill "$jpid"; wait "$pid" 2>/dev/null || true
done
