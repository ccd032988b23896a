#!/usr/bin/env bash
# Benchmark: N concurrent event streams (default 1000) on one replica of the packaged service (dev
# profile). Reports the JVM's resident memory before and with the streams open, and the latency of
# live events from the transition's commit to the client. EDGAR points at a closed port, so tasks move
# PENDING -> QUEUED -> PROCESSING -> RETRYING and back as they retry: a steady trickle of real events.
# Usage: bench/sse-streams.sh [streams=1000] [seconds=60]   (build first: mvn -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
streams="${1:-1000}"
seconds="${2:-60}"
port="${PORT:-18095}"
jar="$PWD/src/target/aperilex-flow.jar"
work="$(mktemp -d)"

(cd "$work" && APERILEX_EDGAR_USERAGENT="${APERILEX_EDGAR_USERAGENT:-Aperilex Flow Bench flow-bench@aperilex.com}" exec java ${JAVA_OPTS:-} -jar "$jar" \
  --server.port="$port" --aperilex.edgar.www-url=http://127.0.0.1:9 --aperilex.edgar.data-url=http://127.0.0.1:9 \
  --aperilex.worker.retry.initial-backoff=2s --aperilex.worker.retry.max-backoff=5s --aperilex.worker.retry.max-attempts=100 \
  --logging.level.process-task=WARN --logging.level.com.aperilex.flow.pipeline=WARN > "$work/service.log" 2>&1) &
svc=$!
trap 'kill $(pgrep -f "aperilex-flow.jar --server.port=$port") 2>/dev/null; wait $svc 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null; do
  kill -0 "$svc" 2>/dev/null || { tail -30 "$work/service.log"; exit 1; }
  sleep 0.2
done
jpid=$(pgrep -f -n "aperilex-flow.jar --server.port=$port")
rss() { awk '/VmRSS/ {printf "%d MiB", $2/1024}' "/proc/$jpid/status"; }
threads() { ls "/proc/$jpid/task" | wc -l; }
echo "service ready: RSS $(rss), $(threads) threads"

java bench/SseStreams.java "http://127.0.0.1:$port" "$streams" "$seconds" | while IFS= read -r line; do
  if [ "$line" = "READY" ]; then
    echo "with the streams open: RSS $(rss), $(threads) threads"
  else
    echo "$line"
  fi
done
echo "at the end: RSS $(rss), $(threads) threads; peak RSS $(awk '/VmHWM/ {printf "%d MiB", $2/1024}' "/proc/$jpid/status")"
