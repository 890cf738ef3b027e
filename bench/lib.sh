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
