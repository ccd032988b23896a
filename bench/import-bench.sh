#!/usr/bin/env bash
# Benchmark of a bulk import at the SEC limit: a stand-in EDGAR (bench/edgar-standin.py: COMPANIES synthetic
# companies with valid submissions JSON and documents, each answer after 50 ms) and the packaged service on the dev
# profile with the SEC budget at RATE requests per second import the companies' 10-K and 10-Q filings of the last
# year (four a company: 2,000 for 500 companies; YEARS=2 takes eight a company, the S&P 500 prefill's shape). While it runs, a paying user's interactive request (a company's
# latest 10-K) is timed every PROBE_EVERY seconds, after three on the idle service. Reports filings per minute, SEC
# requests per filing, budget use, the JVM's RSS over the run and the interactive latencies.
# Usage: bench/import-bench.sh [companies=500]   (build first: mvn -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
companies="${1:-500}"
rate="${RATE:-8}"
port="${PORT:-18094}"
pg_port="${PG_PORT:-15494}"
edgar_port="${EDGAR_PORT:-18095}"
probe_every="${PROBE_EVERY:-20}"
years="${YEARS:-1}"
first_cik=5000001
jar="$PWD/src/target/aperilex-flow.jar"
work="$(mktemp -d)"
url="http://127.0.0.1:$port"

command -v jq > /dev/null || { apt-get update -qq && apt-get install -y -qq jq; }
# Ten more companies than the import covers: the interactive probes ask for those.
python3 bench/edgar-standin.py "$edgar_port" "$((companies + 10))" "$first_cik" "$work/edgar.log" \
  src/test/resources/edgar/documents/fixture-10k.htm &
standin=$!
(cd "$work" && APERILEX_EDGAR_USERAGENT="Aperilex Flow Bench flow-bench@aperilex.com" exec java ${JAVA_OPTS:-} -jar "$jar" \
  --server.port="$port" --aperilex.dev.postgres-port="$pg_port" \
  --aperilex.edgar.www-url="http://127.0.0.1:$edgar_port" --aperilex.edgar.data-url="http://127.0.0.1:$edgar_port" \
  --aperilex.edgar.max-requests-per-second="$rate" --aperilex.accounts.default-tier=PROFESSIONAL \
  --logging.level.process-task=WARN --logging.level.com.aperilex.flow.imports=WARN > "$work/service.log" 2>&1) &
svc=$!
cleanup() {
  kill $(pgrep -f "aperilex-flow.jar --server.port=$port") 2>/dev/null || true
  kill "$standin" 2>/dev/null || true
  wait "$svc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
until curl -sf "$url/actuator/health/readiness" > /dev/null; do
  kill -0 "$svc" 2>/dev/null || { tail -30 "$work/service.log"; exit 1; }
  sleep 0.2
done
java_pid=$(pgrep -f "aperilex-flow.jar --server.port=$port" | head -1)
(while kill -0 "$java_pid" 2>/dev/null; do
   echo "$(date +%s) $(awk '/VmRSS/ {print $2}' /proc/$java_pid/status)"; sleep 1
 done) > "$work/rss.log" &

# One interactive request by a paying (PROFESSIONAL) user: seconds from POST to COMPLETED.
probe() {
  local cik=$1 start task status
  start=$(date +%s.%N)
  task=$(curl -sf -H 'Content-Type: application/json' -d "{\"email\": \"probe-$cik@bench.aperilex.com\", \"cik\": \"$cik\"}" \
    "$url/api/v1/analyses" | jq -r .taskId)
  while true; do
    status=$(curl -sf "$url/api/v1/tasks/$task" | jq -r .status)
    [ "$status" = COMPLETED ] || [ "$status" = FAILED ] && break
    sleep 0.05
  done
  echo "$(echo "$(date +%s.%N) - $start" | bc) $status"
}

echo "idle interactive requests:"
for i in 1 2 3; do probe $((first_cik + companies + i - 1)) | tee -a "$work/idle.txt"; done

ciks=$(seq "$first_cik" $((first_cik + companies - 1)) | paste -sd, -)
user=$(curl -sf "$url/api/v1/me?email=importer@bench.aperilex.com" | jq -r .userId)
curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"amountUsd": 1000, "reason": "import bench"}' \
  "$url/api/v1/admin/users/$user/credits"
import_start=$(date +%s.%N)
import=$(curl -sf -H 'Content-Type: application/json' \
  -d "{\"email\": \"importer@bench.aperilex.com\", \"ciks\": [$ciks], \"formTypes\": [\"10-K\", \"10-Q\"], \"years\": $years}" \
  "$url/api/v1/imports" | jq -r .importId)
echo "import $import of $companies companies started"
next_probe=$(( $(date +%s) + 10 )); p=3
while true; do
  view=$(curl -sf "$url/api/v1/imports/$import")
  status=$(echo "$view" | jq -r .status)
  [ "$status" = COMPLETED ] && break
  if [ "$(date +%s)" -ge "$next_probe" ] && [ "$p" -lt 10 ]; then
    echo "  $(echo "$view" | jq -c '.filings | {total, queued, running, completed, failed}')"
    probe $((first_cik + companies + p)) | tee -a "$work/busy.txt"; p=$((p + 1))
    next_probe=$(( $(date +%s) + probe_every ))
  fi
  sleep 1
done
import_end=$(date +%s.%N)
view=$(curl -sf "$url/api/v1/imports/$import")
echo "$view" | jq -c '{status, companies, filings, edgarRequests, chargedUsd}'

filings=$(echo "$view" | jq '.filings.completed')
python3 - "$work" "$first_cik" "$((first_cik + companies - 1))" "$import_start" "$import_end" "$filings" "$rate" <<'PY'
import re, sys
work, lo, hi, start, end, filings, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7])
log = [(float(t), p) for t, p in (line.split(" ", 1) for line in open(work + "/edgar.log").read().split("\n") if line)]
def cik(path):
    m = re.search(r"CIK0*(\d+)|/data/(\d+)/", path)
    return int(m.group(1) or m.group(2)) if m else None
mine = [(t, p) for t, p in log if cik(p) is not None and lo <= cik(p) <= hi]
subs = sum(1 for _, p in mine if "/submissions/" in p)
docs = sum(1 for _, p in mine if "/Archives/" in p)
a, b = mine[0][0], mine[-1][0]
steady = [t for t, _ in log if a + 0.05 * (b - a) <= t <= b - 0.05 * (b - a)]
windows = {}
for t, _ in log:
    windows[int(t)] = windows.get(int(t), 0) + 1
busiest = max(windows.values())
print()
print("filings imported:         %d in %.0f s = %.1f filings/min" % (filings, end - start, 60 * filings / (end - start)))
print("SEC requests per filing:  %.3f (%d requests: %d submissions, %d documents; %d in all with the probes)"
      % (len(mine) / filings, len(mine), subs, docs, len(log)))
print("budget use, steady part:  %.2f req/s of %g = %.1f %%; busiest 1-s bucket %d"
      % (len(steady) / (0.9 * (b - a)), rate, 100 * len(steady) / (0.9 * (b - a)) / rate, busiest))
rss = [(int(t), int(k)) for t, k in (line.split() for line in open(work + "/rss.log") if len(line.split()) == 2)]
run = [k for t, k in rss if start <= t <= end]
print("JVM RSS, MiB, at 0/25/50/75/100 %% of the run: %s; peak %d"
      % (" ".join(str(run[int((len(run) - 1) * q / 4)] // 1024) for q in range(5)), max(run) // 1024))
PY
echo "interactive request, idle:   $(awk '{printf "%.2f s ", $1}' "$work/idle.txt")"
echo "interactive request, import: $(awk '{printf "%.2f s ", $1}' "$work/busy.txt")"
trap - EXIT
cleanup
