# Shared helpers for the benchmarks: build, tools, PostgreSQL, and a server process on free ports.
# shellcheck shell=bash

JAR=${JAR:-target/quarkus-app/quarkus-run.jar} # JAR=... runs another build (e.g. main's, side by side)
SERVER_PID=""
WORK=$(mktemp -d -t meshtrust-bench-XXXXXX)
trap 'stop_server; rm -rf "$WORK"' EXIT

ensure_jar() {
  [ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
}

ensure_tool() { # $1 = command, $2 = Debian package
  command -v "$1" >/dev/null 2>&1 && return
  echo "installing $2 from Debian's packages" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; } >&2
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Prints "host port user password db" of a PostgreSQL to use, starting the system one if needed.
ensure_postgres() {
  if [ -n "${MESHTRUST_BENCH_PG:-}" ]; then echo "$MESHTRUST_BENCH_PG"; return; fi
  ensure_tool psql postgresql
  if ! command -v pg_lsclusters >/dev/null || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    ensure_tool pg_ctlcluster postgresql
  fi
  local cluster
  cluster=$(pg_lsclusters -h | head -1)
  local ver name port status
  read -r ver name port status _ <<<"$cluster"
  [ "$status" = online ] || pg_ctlcluster "$ver" "$name" start >&2
  su postgres -c "psql -q -p $port -tc \"select 1 from pg_roles where rolname='meshtrust'\"" | grep -q 1 \
    || su postgres -c "psql -q -p $port -c \"create role meshtrust login password 'meshtrust'\"" >&2
  su postgres -c "psql -q -p $port -c 'drop database if exists ${BENCH_DB:-meshtrust_bench}'" >&2
  su postgres -c "psql -q -p $port -c 'create database ${BENCH_DB:-meshtrust_bench} owner meshtrust'" >&2
  echo "127.0.0.1 $port meshtrust meshtrust ${BENCH_DB:-meshtrust_bench}"
}

# start_server [ENV=VALUE ...]: starts the packaged server on free ports and waits until it is ready.
start_server() {
  HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port); DIAG_PORT=$(free_port)
  env KUMA_API_SERVER_HTTP_PORT="$HTTP_PORT" KUMA_API_SERVER_HTTPS_PORT="$HTTPS_PORT" \
      KUMA_DIAGNOSTICS_SERVER_PORT="$DIAG_PORT" KUMA_GENERAL_WORK_DIR="$WORK/kuma" "$@" \
      java -jar "$JAR" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$DIAG_PORT/q/health/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "server did not become ready; log:" >&2; tail -50 "$WORK/server.log" >&2; exit 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  SERVER_PID=""
}

api() { # api METHOD PATH [BODY]
  curl -fsS -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} "http://127.0.0.1:$HTTP_PORT$2"
}

# ---- PostgreSQL, wrk reports and CPU accounting (bench/certificates.sh)

# psql_bench [psql args...]: psql on the benchmark database (PG_HOST, PG_PORT, PG_USER, PG_PASSWORD, PG_DB as read
# from ensure_postgres), quiet, stopping at the first error.
psql_bench() {
  PGPASSWORD="$PG_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" "$@"
}

# http_status PATH: the status code of a GET, without failing.
http_status() {
  curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT$1" || true
}

# timed_wrk OUT [wrk args...]: runs wrk with its report in OUT and the CPU it used itself ("user system" seconds) in
# OUT.cpu: the load tool shares the cores with the server, so its share is reported.
timed_wrk() {
  local out=$1; shift
  /usr/bin/time -f '%U %S' -o "$out.cpu" wrk "$@" >"$out"
}

wrk_rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
wrk_requests() { awk '/requests in/ {print $1}' "$1"; }
wrk_errors() { # non-2xx responses plus socket errors (connect, read, write, timeout)
  awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$1"
}
wrk_cpu() { awk '{print $1 + $2}' "$1.cpu"; }

# wrk_p99_ms FILE: the 99% line of a `wrk --latency` report, in milliseconds.
wrk_p99_ms() {
  awk '$1 == "99%" {v = $2; u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
       print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : u == "m" ? v * 60000 : v)}' "$1"
}

# proc_ticks PID...: user + system CPU time of the processes, in clock ticks (gone processes count 0).
proc_ticks() {
  local total=0 pid t
  for pid in "$@"; do
    t=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}') || t=0
    total=$((total + ${t:-0}))
  done
  echo "$total"
}

# postgres_pids: the local cluster serving PG_PORT and its children, or nothing for another server.
postgres_pids() {
  local dir pm
  dir=$(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p {print $6}')
  [ -n "$dir" ] && [ -r "$dir/postmaster.pid" ] || return 0
  pm=$(head -1 "$dir/postmaster.pid")
  echo "$pm" $(ps -o pid= --ppid "$pm")
}

# cpu_mark: "server-ticks postgres-ticks machine-busy-ticks nanoseconds" now; see cpu_report.
cpu_mark() {
  echo "$(proc_ticks "$SERVER_PID") $(proc_ticks $(postgres_pids))" \
       "$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat) $(date +%s%N)"
}

# cpu_report MARK-BEFORE MARK-AFTER [WRK-CPU-SECONDS]: cores used in between by the server, PostgreSQL, wrk and
# everything else on the machine (other tenants included).
cpu_report() {
  local hz; hz=$(getconf CLK_TCK)
  read -r s0 p0 b0 t0 <<<"$1"; read -r s1 p1 b1 t1 <<<"$2"
  awk -v hz="$hz" -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v b=$((b1 - b0)) -v ns=$((t1 - t0)) -v w="${3:-0}" \
      -v n="$(nproc)" 'BEGIN {
    sec = ns / 1e9; sv = s / hz / sec; pg = p / hz / sec; wk = w / sec; all = b / hz / sec
    other = all - sv - pg - wk; if (other < 0) other = 0
    printf "server %.2f, PostgreSQL %.2f, wrk %.2f, other %.2f cores busy of %d", sv, pg, wk, other, n }'
}

# ---- Settling, HTTP p99 and "the same SQL" (bench/certificates.sh, bench/rotation.sh)

# wait_settled: waits (at most 30 s) until the server uses under 0.1 core, e.g. after a seed's NOTIFYs.
wait_settled() {
  local a b
  for _ in $(seq 1 30); do
    a=$(proc_ticks "$SERVER_PID"); sleep 1; b=$(proc_ticks "$SERVER_PID")
    [ $((b - a)) -lt $(($(getconf CLK_TCK) / 10)) ] && return 0
  done
}

# http_p99_ms PATH: p99 of GET PATH with one connection for DURATION s (after WARMUP s of warm-up), in ms.
http_p99_ms() {
  wrk -t1 -c1 -d"${WARMUP}s" "$BASE$1" >/dev/null
  wrk -t1 -c1 -d"${DURATION}s" --latency "$BASE$1" >"$WORK/p99.txt"
  wrk_p99_ms "$WORK/p99.txt"
}

# pg_reload: makes the local cluster re-read its configuration.
pg_reload() {
  pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p {print $1, $2}' | { read -r ver name; pg_ctlcluster "$ver" "$name" reload; }
}

# capture_sql PATH FILE: the read statements the server runs for GET PATH, into FILE (one per ';').
capture_sql() {
  local path=$1 out=$2 log before
  log=$(pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p {print $7}')
  if [ -n "${MESHTRUST_BENCH_PG:-}" ] || [ -z "$log" ] || [ ! -f "$log" ]; then return 1; fi
  curl -fs "$BASE$path" >/dev/null # warm: plans and caches as in the HTTP measurement
  su postgres -c "psql -q -p $PG_PORT -c 'alter system set log_min_duration_statement = 0'" >/dev/null; pg_reload
  sleep 0.3
  before=$(stat -c %s "$log")
  curl -fs "$BASE$path" >/dev/null
  sleep 0.3
  su postgres -c "psql -q -p $PG_PORT -c 'alter system reset log_min_duration_statement'" >/dev/null; pg_reload
  tail -c +"$((before + 1))" "$log" | python3 bench/pg_log_statements.py >"$out"
  [ -s "$out" ]
}

# round_times RUNS FILE: p50 and p99 (ms) of running every statement of FILE once, summed per round.
round_times() {
  local runs=$1 file=$2 count
  count=$(grep -c ';$' "$file")
  { echo '\timing on'; echo '\o /dev/null'; for _ in $(seq 1 "$runs"); do cat "$file"; done; } | psql_bench \
    | awk '/^Time:/ {print $2}' \
    | awk -v n="$count" '{sum += $1} NR % n == 0 {print sum; sum = 0}' | sort -n \
    | awk '{v[NR] = $1} END {p50 = v[int(NR * 0.5 + 0.5)]; i = int(NR * 0.99 + 0.999); if (i > NR) i = NR; print p50, v[i]}'
}

# dashboard_query NAME PATH RUNS: sets NAME_STATUS, NAME_STATEMENTS, NAME_SQL_P50, NAME_SQL_P99, NAME_HTTP_P99.
dashboard_query() {
  local name=$1 path=$2 runs=$3 status sql50="" sql99="" http99="" statements=0
  status=$(http_status "$path")
  if [ "$status" = 200 ]; then
    if capture_sql "$path" "$WORK/$name.sql"; then
      statements=$(grep -c ';$' "$WORK/$name.sql")
      read -r sql50 sql99 <<<"$(round_times "$runs" "$WORK/$name.sql")"
    fi
    http99=$(http_p99_ms "$path")
  fi
  printf -v "${name}_STATUS" '%s' "$status"
  printf -v "${name}_STATEMENTS" '%s' "$statements"
  printf -v "${name}_SQL_P50" '%s' "$sql50"
  printf -v "${name}_SQL_P99" '%s' "$sql99"
  printf -v "${name}_HTTP_P99" '%s' "$http99"
}
