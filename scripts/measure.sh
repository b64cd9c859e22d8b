#!/usr/bin/env bash
# Measures a release build on this machine: binary size, cold start to /readyz, idle memory, and
# requests per second for GET /api/v1/me with an API token (wrk, 2 threads, 32 connections, 10 s).
# Usage: scripts/measure.sh [postgres://…]   (default: SQLite in a temporary data folder)
# Only loopback is used. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
db_url="${1:-}"
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=18999
export TEND_DATA_DIR="$work/data" TEND_ADDR="127.0.0.1:$port" TEND_LOG_LEVEL=warn
[ -n "$db_url" ] && export TEND_DATABASE_URL="$db_url"

go build -trimpath -ldflags "-s -w" -o "$work/tend" ./cmd/tend
echo "binary size (stripped): $(du -h "$work/tend" | cut -f1)"

start=$(date +%s%N)
"$work/tend" serve >/dev/null 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.005; done
end=$(date +%s%N)
echo "cold start to /readyz: $(( (end - start) / 1000000 )) ms (fresh database, migrations included)"
sleep 2
echo "idle RSS: $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status)"

printf 'correct horse battery staple' > "$work/pw"
"$work/tend" setup --practice "Bench Practice" --name "Bench Owner" --email bench@example.org --password-file "$work/pw" >/dev/null
token=$("$work/tend" token create --email bench@example.org 2>/dev/null)
curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me" >/dev/null
wrk -t2 -c32 -d10s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me" | sed -n '/Latency/p;/Requests\/sec/p;/Non-2xx/p'
echo "RSS after load: $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status)"
