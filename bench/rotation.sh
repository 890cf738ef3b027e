#!/usr/bin/env bash
# CA rotation benchmarks on PostgreSQL (issue 15 points 4 and 7; see ../shared/performance.md), each a ratio measured
# side by side in one run:
#  1. seed: DATAPLANES (10,000) online Dataplanes in mesh "storm" holding certificates from builtin ca-1, straight into
#     PostgreSQL with SQL (as bench/certificates.sh does);
#  2. the limits and the idle side: raw in-process JCA RSA-2048 signs/s (bench/CertificateSignBench.java), the idle p99
#     of GET /who-am-i, and steady-state CSR minting in a second mesh, after a warm-up that rehearses the storm there
#     until the JIT has settled (JIT seconds are reported for each measured phase);
#  3. the renewal storm: add ca-2, switch to it with ?force=true, with the renewal spread off
#     (MESHTRUST_CERTIFICATES_RENEWAL_SPREAD_FRACTION=0, the worst case: the whole fleet due at the same instant), then
#     every dataplane renews in CSR mode over HTTP (wrk, CONNECTIONS connections cycling over the fleet, stopping after
#     as many 200s as dataplanes; SQL then counts who holds a certificate from ca-2): the time, certificates/s ÷ raw
#     signs/s (target ≥ 0.7), the p99 of GET /who-am-i during the storm ÷ idle (target ≤ 5), the heap
#     (jvm_memory_used_bytes, sampled, and after a forced GC before and after), and the status codes (no 5xx but 503
#     with Retry-After);
#  4. rotation progress at QUERY_DATAPLANES (100,000): GET /meshes/storm/ca-rotation, its laggards page
#     (?reason=lacks-root&size=100) and GET /ca-rotation, HTTP p99 ÷ the same SQL statements in psql, captured from
#     PostgreSQL's statement log (target ≤ 3).
#
# Usage: bench/rotation.sh [seconds]   (default 10 s per latency measurement, after WARMUP s of warm-up)
# Env: DATAPLANES (10000), QUERY_DATAPLANES (100000), CONNECTIONS (16), MINT_WARMUP_REQUESTS (20000),
#      MAX_WARMUP (300 s), WARM_JIT_SECONDS (0.1), PROBE_CONNECTIONS (4), PROBE_DELAY_MS (10), SQL_RUNS (100),
#      BENCH_DB (meshtrust_storm), JAR (another build, e.g. main's, to compare side by side), STORM_ONLY=1 (skips
#      part 4), STORM_TIMEOUT (600 s), SERVER_JAVA_OPTIONS (JVM options of the server only),
#      PROFILE_PHASE (storm; or steady), JFR=FILE (a flight recording of the server in that phase; JFR_SETTINGS,
#      profile, can name a .jfc file), ASYNC_PROFILER=LIB (libasyncProfiler.so, e.g. from Maven Central's
#      tools.profiler:async-profiler jar: a CPU profile of that phase, JIT and GC threads included, as collapsed stacks
#      in PROFILE_OUT, profile.collapsed).
# Needs a packaged server, wrk, openssl, jq, jcmd and PostgreSQL (missing tools are installed from Debian's packages).
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_DB=${BENCH_DB:-meshtrust_storm}
source bench/lib.sh

DURATION=${1:-10}
WARMUP=${WARMUP:-5}
DATAPLANES=${DATAPLANES:-10000}
QUERY_DATAPLANES=${QUERY_DATAPLANES:-100000}
CONNECTIONS=${CONNECTIONS:-16}
PROBE_CONNECTIONS=${PROBE_CONNECTIONS:-4}
# The probe samples latency; paced by 10 ms per connection it adds about 350 requests/s (at 2 ms, about 1,500/s took
# a tenth of a core from the storm).
PROBE_DELAY_MS=${PROBE_DELAY_MS:-10}
SQL_RUNS=${SQL_RUNS:-100}
STORM_TIMEOUT=${STORM_TIMEOUT:-600}
CSR_KEYS=${CSR_KEYS:-64}
CSRS_PER_KEY=${CSRS_PER_KEY:-4}
WARM_NAMES=${WARM_NAMES:-1000}
MESH=storm
WARM_MESH=storm-warm
CORES=$(nproc)

ensure_jar
ensure_tool wrk wrk
ensure_tool openssl openssl
ensure_tool jq jq
ensure_tool bc bc
read -r PG_HOST PG_PORT PG_USER PG_PASSWORD PG_DB <<<"$(ensure_postgres)"

SERVER_JAVA_OPTIONS="${SERVER_JAVA_OPTIONS:-}${JFR:+ -XX:FlightRecorderOptions:stackdepth=256}"
start_server ${SERVER_JAVA_OPTIONS:+JAVA_TOOL_OPTIONS="$SERVER_JAVA_OPTIONS"} MESHTRUST_METRICS_REFRESH_INTERVAL=1h MESHTRUST_CERTIFICATES_RENEWAL_SPREAD_FRACTION=0 \
  KUMA_STORE_TYPE=postgres KUMA_STORE_POSTGRES_HOST="$PG_HOST" KUMA_STORE_POSTGRES_PORT="$PG_PORT" \
  KUMA_STORE_POSTGRES_USER="$PG_USER" KUMA_STORE_POSTGRES_PASSWORD="$PG_PASSWORD" KUMA_STORE_POSTGRES_DB_NAME="$PG_DB"
BASE="http://127.0.0.1:$HTTP_PORT"
now() { date +%s.%N; }
# Seconds the server's JIT compilers have spent so far (jstat's Time column).
jit_seconds() { jstat -compiler "$SERVER_PID" | awk 'NR == 2 {print $4}'; }
heap_used_mib() { # heap in use now (all heap pools), MiB
  curl -fs "http://127.0.0.1:$DIAG_PORT/q/metrics" \
    | awk '/^jvm_memory_used_bytes\{/ && /area="heap"/ {s += $NF} END {printf "%.1f", s / 1048576}'
}
# The heap sampler: a scrape of /q/metrics every HEAP_SAMPLE_SECONDS (2); it runs through the warm-up as through the
# storm (a scrape per second, started at the storm only, had the JIT compiling the exposition code during it).
heap_sampler() { while :; do heap_used_mib; echo; sleep "${HEAP_SAMPLE_SECONDS:-2}"; done; }
PROFILE_PHASE=${PROFILE_PHASE:-storm}
profile_start() { # profile_start PHASE: JFR and/or async-profiler on, if asked for and PHASE is PROFILE_PHASE
  [ "$1" = "$PROFILE_PHASE" ] || return 0
  [ -n "${JFR:-}" ] && jcmd "$SERVER_PID" JFR.start name=bench settings="${JFR_SETTINGS:-profile}" filename="$(realpath -m "$JFR")" >/dev/null
  [ -n "${ASYNC_PROFILER:-}" ] && jcmd "$SERVER_PID" JVMTI.agent_load "$(realpath "$ASYNC_PROFILER")" \
    "\"start,event=itimer,interval=1ms\"" >/dev/null
  return 0
}
profile_stop() {
  [ "$1" = "$PROFILE_PHASE" ] || return 0
  [ -n "${JFR:-}" ] && jcmd "$SERVER_PID" JFR.stop name=bench >/dev/null
  [ -n "${ASYNC_PROFILER:-}" ] && jcmd "$SERVER_PID" JVMTI.agent_load "$(realpath "$ASYNC_PROFILER")" \
    "\"stop,collapsed,file=$(realpath -m "${PROFILE_OUT:-profile.collapsed}")\"" >/dev/null
  return 0
}
ratio() { echo "$1 / $2" | bc -l; }

# CSR bodies, one JSON line each (as in bench/certificates.sh).
make_csr_bodies() {
  local out=$1 dir="$WORK/csr"
  mkdir -p "$dir"
  seq 1 "$CSR_KEYS" | xargs -P "$CORES" -I{} \
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/{}.key" 2>/dev/null
  : >"$out"
  for k in $(seq 1 "$CSR_KEYS"); do
    for j in $(seq 1 "$CSRS_PER_KEY"); do
      openssl req -new -key "$dir/$k.key" -subj "/CN=dp-$k-$j" 2>/dev/null | jq -cRs '{csr: .}' >>"$out"
    done
  done
}

# The storm's wrk script: POSTs a CSR for dp-000000, dp-000001, ... of a mesh (wrapping around after the last), and
# counts the status codes and the 503s that lack Retry-After; done() prints them. With "once", the thread stops after
# as many 200s as dataplanes (a storm renews each once; wrapping around re-renews whoever was refused).
cat >"$WORK/storm.lua" <<'EOF'
local bodies, mesh, names, n, ok = {}, nil, 1, 0, 0
statuses, no_retry_after = {}, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  mesh, names = args[2], tonumber(args[3])
  stop_after_pass = args[4] == "once"
  done_file = args[5]
end
function request()
  local path = string.format("/meshes/%s/dataplanes/dp-%06d/certificate", mesh, n % names)
  n = n + 1
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, bodies[n % #bodies + 1])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 503 and headers["Retry-After"] == nil and headers["retry-after"] == nil then
    no_retry_after = no_retry_after + 1
  end
  -- as many certificates as dataplanes: the first pass is over (SQL then says whether everyone renewed); wrk's main
  -- thread sleeps for the whole -d, so the thread stops and leaves a file saying so (the script then sends SIGINT)
  if status == 200 then
    ok = ok + 1
    if ok == names and stop_after_pass then
      if done_file then io.open(done_file, "w"):close() end
      wrk.thread:stop()
    end
  end
end
function done(summary, latency, requests)
  local all, missing = {}, 0
  for _, t in ipairs(threads) do
    for code, count in pairs(t:get("statuses")) do all[code] = (all[code] or 0) + count end
    missing = missing + t:get("no_retry_after")
  end
  for code, count in pairs(all) do io.write(string.format("status %d %d\n", code, count)) end
  io.write(string.format("503-without-retry-after %d\n", missing))
end
EOF
cat >"$WORK/paced.lua" <<'EOF'
local pause = 0
function init(args) pause = tonumber(args[1]) end
function delay() return pause end
EOF

put_mesh() { # put_mesh NAME ENABLED BACKENDS-CSV [QUERY]
  local backends
  backends=$(tr ',' '\n' <<<"$3" | jq -R '{name: ., type: "builtin"}' | jq -cs .)
  curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/json' "$BASE/meshes/$1${4:-}" \
    --data "{\"type\":\"Mesh\",\"name\":\"$1\",\"mtls\":{\"enabledBackend\":\"$2\",\"backends\":$backends}}"
}

# ---------------------------------------------------------------------------------------------------------------------
# 1. Seed. The mesh's mTLS fingerprint comes from one certificate minted for a throwaway dataplane (so the seeded
# certificates are not due before the rotation); then Dataplanes and insights are inserted with SQL.
make_csr_bodies "$WORK/csr.jsonl" &
CSR_JOB=$!
put_mesh "$MESH" ca-1 ca-1
put_mesh "$WARM_MESH" ca-1 ca-1
wait "$CSR_JOB"
api PUT "/meshes/$MESH/dataplanes/probe" "{\"type\":\"Dataplane\",\"mesh\":\"$MESH\",\"name\":\"probe\",\"networking\":{\"address\":\"10.255.0.1\",\"inbound\":[{\"port\":8080,\"tags\":{\"kuma.io/service\":\"probe\"}}]}}" >/dev/null
head -1 "$WORK/csr.jsonl" >"$WORK/one.json"
curl -fsS -X POST -H 'Content-Type: application/json' --data @"$WORK/one.json" \
  "$BASE/meshes/$MESH/dataplanes/probe/certificate" | jq -e .certificate >/dev/null
FINGERPRINT=$(psql_bench -tA -c "select cert_mtls from dataplane_insights where mesh = '$MESH' and name = 'probe'")
api DELETE "/meshes/$MESH/dataplanes/probe" >/dev/null

# seed_dataplanes MESH FROM COUNT: Dataplane resources dp-FROM ... in MESH.
seed_dataplanes() {
  psql_bench <<SQL
insert into resources (type, mesh, name, version, creation_time, modification_time, labels, spec)
select 'Dataplane', '$1', format('dp-%s', lpad(i::text, 6, '0')), 1, now() - interval '1 day', now() - interval '1 day',
       jsonb_build_object('kuma.io/mesh', '$1', 'kuma.io/origin', 'zone'),
       jsonb_build_object('networking', jsonb_build_object(
         'address', format('10.%s.%s.%s', i / 65536 % 256, i / 256 % 256, i % 256),
         'inbound', jsonb_build_array(jsonb_build_object('port', 8080,
           'tags', jsonb_build_object('kuma.io/service', format('svc-%s', i % 50), 'kuma.io/protocol', 'http')))))
from generate_series($2, $2 + $3 - 1) i;
SQL
}
# seed_insights MESH FROM COUNT ISSUED SUPPORTED-JSON ONLINE-FRACTION: their insights, a certificate issued 2 h ago by
# ISSUED that lives 24 h (renewAfter at 4/5), online (seen within the last minute) but for the last 1 - fraction.
seed_insights() {
  psql_bench <<SQL
insert into dataplane_insights (mesh, name, creation_time, modification_time, cert_expiration, cert_generation,
    cert_regenerations, issued_backend, supported_backends, cert_serial, cert_not_before, renew_after, cert_identity,
    cert_mtls, first_seen, last_seen)
select '$1', format('dp-%s', lpad(i::text, 6, '0')), g - interval '1 day', g, g + interval '24 hours', g, 1, '$4', '$5',
       (1000000 + i)::text, g - interval '10 seconds', g + interval '24 hours' * 0.8,
       format('kuma.io/protocol=http kuma.io/service=svc-%s', i % 50), '$FINGERPRINT', g - interval '1 day',
       case when (i - $2) < $3 * $6 then now() - interval '1 second' * (i % 60) else now() - interval '1 day' end
from generate_series($2, $2 + $3 - 1) i, lateral (select now() - interval '2 hours' as g) t;
SQL
}
t_seed=$(now)
seed_dataplanes "$MESH" 0 "$DATAPLANES"
seed_dataplanes "$WARM_MESH" 0 "$WARM_NAMES"
seed_insights "$MESH" 0 "$DATAPLANES" ca-1 '["ca-1"]' 1
psql_bench -c 'vacuum (analyze) resources' -c 'vacuum (analyze) dataplane_insights'
SEED_SECONDS=$(echo "$(now) - $t_seed" | bc)
wait_settled

# ---------------------------------------------------------------------------------------------------------------------
# 2. Limits and idle: raw signs, idle p99 of GET /who-am-i, steady-state CSR minting (the JIT's warm-up).
java bench/CertificateSignBench.java "$CORES" "$DURATION" >"$WORK/raw.txt"
RAW_SIGNS=$(awk '/threads\)/ {print $(NF - 1)}' "$WORK/raw.txt")
RAW_PER_CPU=$(awk '/per CPU-second/ {print $(NF - 1)}' "$WORK/raw.txt")
WHO="$BASE/who-am-i"
PROBE_ARGS=(-t1 -c"$PROBE_CONNECTIONS" --latency -s "$WORK/paced.lua" "$WHO" -- "$PROBE_DELAY_MS")
wrk -t1 -c"$PROBE_CONNECTIONS" -d3s "$WHO" >/dev/null
wrk -d"${DURATION}s" "${PROBE_ARGS[@]}" >"$WORK/idle.txt"
IDLE_P99=$(wrk_p99_ms "$WORK/idle.txt")

WARM_ARGS=(-t1 -c"$CONNECTIONS" --timeout 30s -s "$WORK/storm.lua" "$BASE/" -- "$WORK/csr.jsonl" "$WARM_MESH" "$WARM_NAMES")
# The warm-up rehearses the storm on the warm mesh until the JIT has settled: rounds of a new backend, a switch to it
# (refused by the gate, then forced, as below) and 5 s of minting with the who-am-i probe beside it. Warming up with
# minting alone left the JIT recompiling for most of the storm (the first rotation of a JVM server pays for that; a
# native image has no JIT). Done when MINT_WARMUP_REQUESTS were minted and a round spent under WARM_JIT_SECONDS (0.1 s)
# in the JIT, or after MAX_WARMUP s.
spent=0 minted=0 round=0 round_jit= previous=ca-1
heap_sampler >/dev/null 2>&1 &
WARM_HEAP_JOB=$!
while [ "$spent" -lt "${MAX_WARMUP:-300}" ]; do
  round=$((round + 1))
  jit0=$(jit_seconds)
  # a new builtin backend (its root's key generated, as for ca-2 below), refused by the gate, then forced
  put_mesh "$WARM_MESH" "$previous" "$previous,warm-$round"
  put_mesh "$WARM_MESH" "warm-$round" "$previous,warm-$round" 2>/dev/null || true
  put_mesh "$WARM_MESH" "warm-$round" "$previous,warm-$round" '?force=true'
  previous=warm-$round
  wrk -d5s "${PROBE_ARGS[@]}" >/dev/null &
  warm_probe=$!
  wrk -d5s "${WARM_ARGS[@]}" >"$WORK/warm.txt"
  wait "$warm_probe"
  minted=$((minted + $(awk '$1 == "status" && $2 == 200 {n += $3} END {print n + 0}' "$WORK/warm.txt")))
  spent=$((spent + 5))
  round_jit=$(echo "$(jit_seconds) - $jit0" | bc -l)
  [ "$minted" -ge "${MINT_WARMUP_REQUESTS:-20000}" ] && [ "$(echo "$round_jit < ${WARM_JIT_SECONDS:-0.1}" | bc -l)" = 1 ] && break
done
kill "$WARM_HEAP_JOB" 2>/dev/null || true
wait "$WARM_HEAP_JOB" 2>/dev/null || true
MINT_WARMUP=$(printf '%s s in %s rounds, %s certificates; JIT %.2f s in the last round' "$spent" "$round" "$minted" "$round_jit")
profile_start steady
before=$(cpu_mark) jit_before=$(jit_seconds)
timed_wrk "$WORK/steady.txt" -d"${DURATION}s" "${WARM_ARGS[@]}"
after=$(cpu_mark) jit_after=$(jit_seconds)
profile_stop steady
STEADY_JIT=$(echo "$jit_after - $jit_before" | bc -l)
STEADY_OK=$(awk '$1 == "status" && $2 == 200 {n += $3} END {print n + 0}' "$WORK/steady.txt")
STEADY_RPS=$(echo "${STEADY_OK:-0} / $DURATION" | bc -l)
STEADY_CPU=$(cpu_report "$before" "$after" "$(wrk_cpu "$WORK/steady.txt")")
STEADY_SERVER_MS=$(echo "($(cut -d' ' -f1 <<<"$after") - $(cut -d' ' -f1 <<<"$before")) * 1000 / $(getconf CLK_TCK) / ${STEADY_OK:-1}" | bc -l)

# ---------------------------------------------------------------------------------------------------------------------
# 3. The storm.
heap_after_gc_mib() { jcmd "$SERVER_PID" GC.run >/dev/null; sleep 0.5; heap_used_mib; }
put_mesh "$MESH" ca-1 ca-1,ca-2
SWITCH_STATUS=$(curl -s -o "$WORK/switch.txt" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
  "$BASE/meshes/$MESH" --data "{\"type\":\"Mesh\",\"name\":\"$MESH\",\"mtls\":{\"enabledBackend\":\"ca-2\",\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\"},{\"name\":\"ca-2\",\"type\":\"builtin\"}]}}")
GATE_LINE=$(jq -r '.invalid_parameters[0].reason // .title // empty' "$WORK/switch.txt" 2>/dev/null | head -c 200 || true)
put_mesh "$MESH" ca-2 ca-1,ca-2 '?force=true'
DUE=$(psql_bench -tA -c "select count(*) from dataplane_insights where mesh = '$MESH' and renew_after <= now()")
PHASE_BEFORE=$(curl -fs "$BASE/meshes/$MESH/ca-rotation?size=1" | jq -r .phase)
HEAP_BEFORE=$(heap_after_gc_mib)
wait_settled

# The heap sampler and the probe, which starts 1 s in and is stopped when the storm is over (wrk reports on
# SIGINT), so it measures during the storm only.
heap_sampler >"$WORK/heap.txt" 2>/dev/null &
HEAP_JOB=$!
profile_start storm
before=$(cpu_mark) jit_before=$(jit_seconds)
t_start=$(now)
wrk -d"${STORM_TIMEOUT}s" -t1 -c"$CONNECTIONS" --timeout 30s -s "$WORK/storm.lua" "$BASE/" -- \
  "$WORK/csr.jsonl" "$MESH" "$DATAPLANES" once "$WORK/storm.done" >"$WORK/storm.txt" &
STORM_WRK=$!
sleep 1
wrk -d"${STORM_TIMEOUT}s" "${PROBE_ARGS[@]}" >"$WORK/storm-probe.txt" &
PROBE_JOB=$!
t_probe=$(now)
# The storm is over when wrk has had as many 200s as dataplanes (each recorded before it was answered: its script
# leaves storm.done); the SQL count below says whether every dataplane renewed. Polling PostgreSQL instead cost the
# storm 0.1 ms of PostgreSQL's CPU per certificate (a count over the mesh every 0.2 s).
while [ ! -e "$WORK/storm.done" ] && kill -0 "$STORM_WRK" 2>/dev/null; do sleep 0.05; done
t_done=$(now)
RENEWED=$(psql_bench -tA -c "select count(*) from dataplane_insights where mesh = '$MESH' and issued_backend = 'ca-2'")
wrk_ticks=$(proc_ticks "$STORM_WRK")
after=$(cpu_mark) jit_after=$(jit_seconds)
profile_stop storm
STORM_JIT=$(echo "$jit_after - $jit_before" | bc -l)
kill -INT "$STORM_WRK" "$PROBE_JOB" 2>/dev/null || true
wait "$STORM_WRK" || true
wait "$PROBE_JOB" || true
PROBE_SECONDS=$(printf '%.1f' "$(echo "$t_done - $t_probe" | bc -l)")
kill "$HEAP_JOB" 2>/dev/null || true
wait "$HEAP_JOB" 2>/dev/null || true
STORM_SECONDS=$(echo "$t_done - $t_start" | bc -l)
STORM_RPS=$(echo "$RENEWED / $STORM_SECONDS" | bc -l)
STORM_CPU=$(cpu_report "$before" "$after" "$(echo "$wrk_ticks / $(getconf CLK_TCK)" | bc -l)")
STORM_SERVER_MS=$(echo "($(cut -d' ' -f1 <<<"$after") - $(cut -d' ' -f1 <<<"$before")) * 1000 / $(getconf CLK_TCK) / $RENEWED" | bc -l)
STORM_PG_MS=$(echo "($(cut -d' ' -f2 <<<"$after") - $(cut -d' ' -f2 <<<"$before")) * 1000 / $(getconf CLK_TCK) / $RENEWED" | bc -l)
STORM_WRK_MS=$(echo "$wrk_ticks * 1000 / $(getconf CLK_TCK) / $RENEWED" | bc -l)
STORM_P99=$(wrk_p99_ms "$WORK/storm-probe.txt")
STORM_PROBE_RPS=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$WORK/storm-probe.txt")
STORM_STATUSES=$(awk '$1 == "status" {printf "%s%s: %s", sep, $2, $3; sep = ", "}' "$WORK/storm.txt")
STORM_5XX=$(awk '$1 == "status" && $2 >= 500 && $2 != 503 {n += $3} END {print n + 0}' "$WORK/storm.txt")
STORM_NO_RETRY=$(awk '$1 == "503-without-retry-after" {print $2}' "$WORK/storm.txt")
STORM_SOCKET=$(awk '/Socket errors/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$WORK/storm.txt")
HEAP_MAX=$(sort -n "$WORK/heap.txt" | tail -1)
HEAP_AFTER=$(heap_after_gc_mib)
HEAP_COMMITTED=$(curl -fs "http://127.0.0.1:$DIAG_PORT/q/metrics" \
  | awk '/^jvm_memory_max_bytes\{/ && /area="heap"/ && $NF > 0 {s += $NF} END {printf "%.0f", s / 1048576}')
# The limit again, right after the storm (other tenants come and go): the ratios use the mean of both runs.
java bench/CertificateSignBench.java "$CORES" "$DURATION" >"$WORK/raw-after.txt"
RAW_AFTER=$(awk '/threads\)/ {print $(NF - 1)}' "$WORK/raw-after.txt")
RAW_BEFORE=$RAW_SIGNS
RAW_SIGNS=$(echo "($RAW_BEFORE + $RAW_AFTER) / 2" | bc -l)
ROTATION_AFTER=$(curl -fs "$BASE/meshes/$MESH/ca-rotation?size=1" \
  | jq -r '"phase \(.phase); ca-2 issued to \(.backends[] | select(.name == "ca-2") | .issuerOf.online) online"')

# ---------------------------------------------------------------------------------------------------------------------
# 4. Rotation progress at QUERY_DATAPLANES: the rest of the fleet seeded mid-rotation (ca-2 enabled): 60% renewed
# (ca-2, both roots), 20% old issuer (ca-1, both roots), 20% lacking ca-2's root (ca-1 only), half of those offline.
if [ "${STORM_ONLY:-}" != 1 ] && [ "$QUERY_DATAPLANES" -gt "$DATAPLANES" ]; then
  rest=$((QUERY_DATAPLANES - DATAPLANES))
  a=$((rest * 6 / 10)); b=$((rest * 2 / 10)); c=$((rest - a - b))
  seed_dataplanes "$MESH" "$DATAPLANES" "$rest"
  seed_insights "$MESH" "$DATAPLANES" "$a" ca-2 '["ca-1", "ca-2"]' 1
  seed_insights "$MESH" "$((DATAPLANES + a))" "$b" ca-1 '["ca-1", "ca-2"]' 1
  seed_insights "$MESH" "$((DATAPLANES + a + b))" "$c" ca-1 '["ca-1"]' 0.5
  psql_bench -c 'vacuum (analyze) resources' -c 'vacuum (analyze) dataplane_insights'
  wait_settled
  ROT_PATH="/meshes/$MESH/ca-rotation"
  LACKS_PATH="/meshes/$MESH/ca-rotation?reason=lacks-root&size=100"
  ALL_PATH="/ca-rotation"
  QUERY_STATE=$(curl -fs "$BASE$ROT_PATH?size=1" | jq -c '{phase, laggards}')
  dashboard_query ROT "$ROT_PATH" "$SQL_RUNS"
  dashboard_query LACKS "$LACKS_PATH" "$SQL_RUNS"
  dashboard_query ALL "$ALL_PATH" "$SQL_RUNS"
fi
stop_server

# ---------------------------------------------------------------------------------------------------------------------
printf '\nCA rotation on PostgreSQL (%s), %s s per latency measurement; server, PostgreSQL and wrk share %s cores\n' \
  "$JAR" "$DURATION" "$CORES"
printf '\n1. Seed: %s online dataplanes with ca-1 certificates in mesh %s (+ %s in %s), %.1f s\n' \
  "$DATAPLANES" "$MESH" "$WARM_NAMES" "$WARM_MESH" "$SEED_SECONDS"
printf '\n2. Limits and idle\n'
printf '  raw JCA RSA-2048 signs, %s threads          %10.0f /s (%.0f before the storm, %.0f after), %.0f per CPU-second (%.2f ms each)\n' \
  "$CORES" "$RAW_SIGNS" "$RAW_BEFORE" "$RAW_AFTER" "$RAW_PER_CPU" "$(ratio 1000 "$RAW_PER_CPU")"
printf '  GET /who-am-i idle p99                     %10.3f ms   (%s connections paced by %s ms)\n' \
  "$IDLE_P99" "$PROBE_CONNECTIONS" "$PROBE_DELAY_MS"
printf '  steady CSR minting (%s connections)        %10.0f certificates/s, HTTP / raw %.2f; server %.2f ms CPU each (warm-up %s)\n' \
  "$CONNECTIONS" "$STEADY_RPS" "$(ratio "$STEADY_RPS" "$RAW_SIGNS")" "$STEADY_SERVER_MS" "$MINT_WARMUP"
printf '  CPU while minting: %s; JIT compilation %.1f s of it\n' "$STEADY_CPU" "$STEADY_JIT"
printf '\n3. Renewal storm: ca-2 added, switch without force answered %s (%s), forced; %s of %s due at once (phase %s)\n' \
  "$SWITCH_STATUS" "$GATE_LINE" "$DUE" "$DATAPLANES" "$PHASE_BEFORE"
printf '  every dataplane on ca-2 after             %10.2f s   (%s of %s renewed; %s)\n' \
  "$STORM_SECONDS" "$RENEWED" "$DATAPLANES" "$ROTATION_AFTER"
printf '  storm certificates/s                       %10.0f, storm / raw signs %.2f   (target >= 0.7); server %.2f ms CPU each\n' \
  "$STORM_RPS" "$(ratio "$STORM_RPS" "$RAW_SIGNS")" "$STORM_SERVER_MS"
printf '  per CPU-second (unmoved by other tenants)  storm %.0f certificates per server CPU-s ÷ raw %.0f signs per CPU-s: %.2f\n' \
  "$(ratio 1000 "$STORM_SERVER_MS")" "$RAW_PER_CPU" "$(ratio "$(ratio 1000 "$STORM_SERVER_MS")" "$RAW_PER_CPU")"
printf '  CPU per certificate: server %.2f ms + PostgreSQL %.2f ms + wrk %.2f ms vs %.2f ms per raw sign: %.2f (what a quiet machine would reach)\n' \
  "$STORM_SERVER_MS" "$STORM_PG_MS" "$STORM_WRK_MS" "$(ratio 1000 "$RAW_PER_CPU")" \
  "$(ratio "$(ratio 1000 "$RAW_PER_CPU")" "$(echo "$STORM_SERVER_MS + $STORM_PG_MS + $STORM_WRK_MS" | bc -l)")"
printf '  the ceiling here: a server that did nothing but sign, beside this PostgreSQL and wrk: %.2f ÷ (%.2f + %.2f + %.2f ms) = %.2f\n' \
  "$(ratio 1000 "$RAW_PER_CPU")" "$(ratio 1000 "$RAW_PER_CPU")" "$STORM_PG_MS" "$STORM_WRK_MS" \
  "$(ratio "$(ratio 1000 "$RAW_PER_CPU")" "$(echo "1000 / $RAW_PER_CPU + $STORM_PG_MS + $STORM_WRK_MS" | bc -l)")"
printf '  GET /who-am-i p99 during the storm         %10.3f ms, storm / idle %.2f   (target <= 5; probe %s s, %s requests/s)\n' \
  "$STORM_P99" "$(ratio "$STORM_P99" "$IDLE_P99")" "$PROBE_SECONDS" "${STORM_PROBE_RPS:-?}"
printf '  statuses: %s; 5xx other than 503: %s; 503 without Retry-After: %s; socket errors: %s\n' \
  "$STORM_STATUSES" "$STORM_5XX" "${STORM_NO_RETRY:-0}" "${STORM_SOCKET:-0}"
printf '  heap used: %s MiB after GC before, at most %s MiB during (sampled every %s s), %s MiB after GC after; max %s MiB\n' \
  "$HEAP_BEFORE" "$HEAP_MAX" "${HEAP_SAMPLE_SECONDS:-2}" "$HEAP_AFTER" "$HEAP_COMMITTED"
printf '  CPU during the storm: %s; JIT compilation %.1f s of it\n' "$STORM_CPU" "$STORM_JIT"
if [ "${STORM_ONLY:-}" != 1 ] && [ "$QUERY_DATAPLANES" -gt "$DATAPLANES" ]; then
  http_side() { # HTTP-P99 SQL-P99 PATH STATUS
    if [ -n "$1" ] && [ -n "$2" ]; then printf 'p99 %s ms, HTTP / SQL %.2f (target <= 3)' "$1" "$(ratio "$1" "$2")"
    elif [ -n "$1" ]; then printf 'p99 %s ms (raw side skipped: no local cluster log to capture the SQL from)' "$1"
    else printf 'not measured: GET %s answers %s' "$3" "$4"; fi
  }
  printf '\n4. Rotation progress at %s dataplanes in mesh %s: %s\n' "$QUERY_DATAPLANES" "$MESH" "$QUERY_STATE"
  for q in ROT LACKS ALL; do
    path_var="${q}_PATH"; status_var="${q}_STATUS"; statements_var="${q}_STATEMENTS"
    sql50_var="${q}_SQL_P50"; sql99_var="${q}_SQL_P99"; http_var="${q}_HTTP_P99"
    printf '  GET %s\n' "${!path_var}"
    printf '    the same %s statements in psql: p99 %s ms (p50 %s, %s rounds); HTTP: %s\n' \
      "${!statements_var}" "${!sql99_var}" "${!sql50_var}" "$SQL_RUNS" \
      "$(http_side "${!http_var}" "${!sql99_var}" "${!path_var}" "${!status_var}")"
  done
fi
