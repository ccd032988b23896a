#!/usr/bin/env bash
# Fails when a log holds what must never be logged: an email address, a bearer token, a JWT, an API or AWS
# key, a private key. .ci/run runs it over the whole test run's console (every test's service logs), after
# checking it catches a planted line of each kind. Usage: scripts/scan-logs.sh <log file>
set -euo pipefail
log="${1:?usage: scan-logs.sh <log file>}"
patterns=(
  '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}'   # an email address
  '[Bb]earer [A-Za-z0-9._~+/-]{16,}'                                  # an Authorization header's token
  'eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.'                      # a JWT (header.payload.)
  'sk-[A-Za-z0-9_-]{16,}'                                              # an OpenAI-style API key
  'sk-ant-[A-Za-z0-9_-]{16,}'                                          # an Anthropic API key
  'AKIA[0-9A-Z]{16}'                                                   # an AWS access key id
  '-----BEGIN [A-Z ]*PRIVATE KEY-----'                                 # a private key
)
found=0
for pattern in "${patterns[@]}"; do
  if hits=$(grep -nE -e "$pattern" "$log" | head -5) && [ -n "$hits" ]; then
    echo "scan-logs: $(grep -cE -e "$pattern" "$log") line(s) of $log match $pattern, e.g.:" >&2
    # Shown with the match masked: the scan must not print what it found.
    sed -E "s#$pattern#<MASKED>#g" <<<"$hits" | cut -c1-300 >&2
    found=1
  fi
done
exit "$found"
