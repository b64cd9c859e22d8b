#!/usr/bin/env bash
# Load run for the client list and search over loopback (issue 3): a practice of N clients (default
# 50,000) beside four practices of N each, then wrk (CONNS connections, default 4; 1 shows the time of one request at a time) for 20 s against GET /api/v1/clients with a mix of
# list, filter and search queries. Reports wrk's latencies and the server-side share of requests under
# 50 ms from the /metrics histogram. Usage: scripts/load-clients.sh [postgres://…]   (default SQLite)
set -euo pipefail
cd "$(dirname "$0")/.."
db_url="${1:-}"
n="${N:-50000}"
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
port=18998
export TEND_DATA_DIR="$work/data" TEND_ADDR="127.0.0.1:$port" TEND_LOG_LEVEL=warn
[ -n "$db_url" ] && export TEND_DATABASE_URL="$db_url"
go build -trimpath -o "$work/tend" ./cmd/tend
start=$(date +%s)
"$work/tend" demo --clients "$n" --other-practices 4 >"$work/demo.txt"
echo "seeded $((5 * n)) clients in 5 practices in $(( $(date +%s) - start )) s"
"$work/tend" serve >/dev/null 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.05; done
token=$("$work/tend" token create --email owner@willowcreek.example 2>/dev/null)
tag=$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/tags" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -c 36)
cat >"$work/mix.lua" <<LUA
local paths = {
  "/api/v1/clients", "/api/v1/clients?q=ohan", "/api/v1/clients?q=munoz", "/api/v1/clients?q=maria+gar",
  "/api/v1/clients?q=555-0142", "/api/v1/clients?q=yilmaz", "/api/v1/clients?tag=$tag",
  "/api/v1/clients?sort=-joined&page=40", "/api/v1/clients?q=zzzqqq", "/api/v1/clients?status=archived,inactive",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["Authorization"] = "Bearer $token" })
end
LUA
conns="${CONNS:-4}"
wrk -t"$(( conns < 2 ? 1 : 2 ))" -c"$conns" -d20s --latency -s "$work/mix.lua" "http://127.0.0.1:$port" | sed -n '/Latency/,/Requests\/sec/p'
curl -fs "http://127.0.0.1:$port/metrics" | awk -F'[{} ]' '
  /^tend_http_request_duration_seconds_bucket\{route="GET \/api\/v1\/clients",le="0.05"\}/ { under = $NF }
  /^tend_http_request_duration_seconds_count\{route="GET \/api\/v1\/clients"\}/ { total = $NF }
  END { if (total > 0) printf "server side: %d of %d requests (%.1f%%) answered within 50 ms\n", under, total, 100 * under / total }'
