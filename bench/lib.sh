# Shared helpers for the benchmarks: build, tools, PostgreSQL, and a server process on free ports.
# shellcheck shell=bash

JAR=target/quarkus-app/quarkus-run.jar
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
  su postgres -c "psql -q -p $port -c 'drop database if exists meshtrust_bench'" >&2
  su postgres -c "psql -q -p $port -c 'create database meshtrust_bench owner meshtrust'" >&2
  echo "127.0.0.1 $port meshtrust meshtrust meshtrust_bench"
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
