#!/usr/bin/env bash
# Benchmark frame: requests/s of GET /meshes/{name} on the memory store and on PostgreSQL, measured side by side
# in one run, and their ratio (see ../shared/performance.md: only ratios are kept, machines are noisy).
#
# Usage: bench/api-read.sh [seconds]   (default 15 s of measurement after 10 s of warm-up per store)
# Needs: a packaged server (./mvnw -B package -DskipTests), wrk, and a PostgreSQL it can reach. Missing wrk or
# PostgreSQL are installed from Debian's packages (root). MESHTRUST_BENCH_PG="host port user password db" points it
# at an existing server instead.
# The load tool shares the machine's cores with the server: figures are for comparison within one run only.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

DURATION=${1:-15}
WARMUP=${WARMUP:-10}
CONNECTIONS=${CONNECTIONS:-32}

ensure_jar
ensure_tool wrk wrk
read -r PG_HOST PG_PORT PG_USER PG_PASSWORD PG_DB <<<"$(ensure_postgres)"

measure() { # $1 = label, rest = env assignments
  local label=$1; shift
  start_server "$@"
  api PUT "/meshes/bench" '{"type":"Mesh","name":"bench"}' >/dev/null
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$HTTP_PORT/meshes/bench" >/dev/null
  local rps
  rps=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$HTTP_PORT/meshes/bench" \
        | awk '/Requests\/sec/ {print $2}')
  stop_server
  echo "$label $rps"
}

mem=$(measure memory KUMA_STORE_TYPE=memory | awk '{print $2}')
pg=$(measure postgres KUMA_STORE_TYPE=postgres KUMA_STORE_POSTGRES_HOST="$PG_HOST" KUMA_STORE_POSTGRES_PORT="$PG_PORT" \
     KUMA_STORE_POSTGRES_USER="$PG_USER" KUMA_STORE_POSTGRES_PASSWORD="$PG_PASSWORD" KUMA_STORE_POSTGRES_DB_NAME="$PG_DB" \
     | awk '{print $2}')

printf '\nGET /meshes/{name}, %s s per store, %s connections, wrk on the same %s cores\n' "$DURATION" "$CONNECTIONS" "$(nproc)"
printf '  memory store      %10.0f req/s\n' "$mem"
printf '  postgres store    %10.0f req/s\n' "$pg"
printf '  postgres / memory %10.2f\n' "$(echo "$pg / $mem" | bc -l)"
