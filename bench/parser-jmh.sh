#!/usr/bin/env bash
# JMH: jsoup's bare parse vs the pipeline's parse + the form's segmentation + XBRL figures, on one filing.
# Usage: bench/parser-jmh.sh [path-to-filing [form]]   (default: AMD FY2022 10-K from ../shared/fixtures/edgar)
#   e.g. bench/parser-jmh.sh ../shared/fixtures/edgar/sec-parser-test-data/ORCL_10-Q_0000950170-23-047713_primary-document.html 10-Q
set -euo pipefail
cd "$(dirname "$0")/.."
FILE="${1:-../shared/fixtures/edgar/edgar-crawler/2488_10K_2022_0000002488-23-000047.htm}"
FORM="${2:-10-K}"
[ -f "$FILE" ] || { echo "no such filing: $FILE" >&2; exit 1; }
mvn -q -B -ntp -pl benchmarks -am package -DskipTests
java -jar benchmarks/target/benchmarks.jar FilingParserBenchmark -p file="$(realpath "$FILE")" -p form="$FORM" -rf json \
    -rff benchmarks/target/jmh-result.json
