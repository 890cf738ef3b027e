#!/usr/bin/env bash
# Certificate benchmarks at 100k dataplanes on PostgreSQL (see ../shared/performance.md), each a ratio measured side by
# side in one run:
#  1. seed: 100,000 Dataplanes and their insights straight into PostgreSQL with SQL, in meshes with a builtin CA;
#  2. CSR-mode minting: certificates/s over HTTP ÷ raw in-process JCA RSA-2048 signs/s on all cores (target ≥ 0.7),
#     and the same per second of CPU time (server process vs signing threads), which other tenants do not move;
#  3. event loop stays free: p99 of GET /who-am-i during a server-key minting storm ÷ its idle p99 (target ≤ 5);
#  4. insight queries at 100k: the rotation sweep (every renew-due dataplane, target ≤ 1 s) in raw SQL and through
#     GET /dataplanes/_overview paging, and the raw-SQL side of the dashboard ratios (HTTP sides: TODO hooks below).
# Part 4 is measured right after the seed, before minting changes any certificate; it is printed last.
#
# Usage: bench/certificates.sh [seconds]   (default 15 s per measurement, after WARMUP s of warm-up)
# Env: DATAPLANES (100000), MESHES (4), CONNECTIONS (16, minting), MINT_WARMUP_REQUESTS (5000), MAX_WARMUP (120 s),
#      STORM_CONNECTIONS (8), PROBE_CONNECTIONS (4), PROBE_DELAY_MS (2: pause between a probe connection's requests, so
#      the probe itself is light), SQL_RUNS (200); SWEEP_PATH, PAGE_PATH, CERTS_PATH: the insight endpoints measured;
#      QUERIES_ONLY=1 skips parts 2 and 3 (seed and insight queries only, including the /gui dashboard's requests).
# Needs a packaged server, wrk, openssl and PostgreSQL (missing tools are installed from Debian's packages; root).
# MESHTRUST_BENCH_PG="host port user password db" points it at an existing server instead (then PostgreSQL's CPU is
# counted under "other"). wrk, PostgreSQL and the server share the machine's cores: figures compare within one run only.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

DURATION=${1:-15}
WARMUP=${WARMUP:-10}
DATAPLANES=${DATAPLANES:-100000}
MESHES=${MESHES:-4}
PER_MESH=$((DATAPLANES / MESHES))
CONNECTIONS=${CONNECTIONS:-16}
STORM_CONNECTIONS=${STORM_CONNECTIONS:-8}
PROBE_CONNECTIONS=${PROBE_CONNECTIONS:-4}
PROBE_DELAY_MS=${PROBE_DELAY_MS:-2}
SQL_RUNS=${SQL_RUNS:-200}
CSR_KEYS=${CSR_KEYS:-64}      # RSA-2048 keys behind the CSRs (openssl keygen is slow) ...
CSRS_PER_KEY=${CSRS_PER_KEY:-4} # ... each signing several CSRs with different subjects
MINT_NAMES=${MINT_NAMES:-1000}
CORES=$(nproc)

ensure_jar
ensure_tool wrk wrk
ensure_tool openssl openssl
ensure_tool jq jq
ensure_tool /usr/bin/time time
read -r PG_HOST PG_PORT PG_USER PG_PASSWORD PG_DB <<<"$(ensure_postgres)"

start_server MESHTRUST_METRICS_REFRESH_INTERVAL=1h KUMA_STORE_TYPE=postgres KUMA_STORE_POSTGRES_HOST="$PG_HOST" KUMA_STORE_POSTGRES_PORT="$PG_PORT" \
  KUMA_STORE_POSTGRES_USER="$PG_USER" KUMA_STORE_POSTGRES_PASSWORD="$PG_PASSWORD" KUMA_STORE_POSTGRES_DB_NAME="$PG_DB"
BASE="http://127.0.0.1:$HTTP_PORT"
mesh_name() { echo "bench-$1"; }
dp_name() { printf 'dp-%06d' "$1"; }
now() { date +%s.%N; }

# ---------------------------------------------------------------------------------------------------------------------
# CSRs: CSR_KEYS RSA-2048 keys, CSRS_PER_KEY requests each, one JSON body per line.
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

# wrk scripts: POST bodies (one per line of a file) to .../dataplanes/dp-NNNNNN/certificate, cycling over bodies
# and over the first N dataplanes of a mesh; and a paced GET for latency probes (wrk's latency excludes the pause).
cat >"$WORK/mint.lua" <<'EOF'
local bodies, mesh, names, n = {}, nil, 1, 0
function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  mesh, names = args[2], tonumber(args[3])
end
function request()
  n = n + 1
  local path = string.format("/meshes/%s/dataplanes/dp-%06d/certificate", mesh, n % names)
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, bodies[n % #bodies + 1])
end
EOF
cat >"$WORK/paced.lua" <<'EOF'
local pause = 0
function init(args) pause = tonumber(args[1]) end
function delay() return pause end
EOF

# ---------------------------------------------------------------------------------------------------------------------
# 1. Seed. Each mesh gets its builtin CA through the API; one CSR-mode certificate minted through the API for a
# throwaway dataplane per mesh gives the mesh's mTLS fingerprint that seeded certificates carry (so they are not due
# for a settings change). Then Dataplanes and insights are inserted with SQL.
make_csr_bodies "$WORK/csr.jsonl" &
CSR_JOB=$!
for m in $(seq 1 "$MESHES"); do
  mesh=$(mesh_name "$m")
  api PUT "/meshes/$mesh" "{\"type\":\"Mesh\",\"name\":\"$mesh\",\"mtls\":{\"enabledBackend\":\"ca-1\",\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\"}]}}" >/dev/null
done
wait "$CSR_JOB"
FINGERPRINTS=""
for m in $(seq 1 "$MESHES"); do
  mesh=$(mesh_name "$m")
  api PUT "/meshes/$mesh/dataplanes/probe" "{\"type\":\"Dataplane\",\"mesh\":\"$mesh\",\"name\":\"probe\",\"networking\":{\"address\":\"10.255.0.1\",\"inbound\":[{\"port\":8080,\"tags\":{\"kuma.io/service\":\"probe\"}}]}}" >/dev/null
  head -1 "$WORK/csr.jsonl" >"$WORK/probe.json"
  curl -fsS -X POST -H 'Content-Type: application/json' --data @"$WORK/probe.json" \
    "$BASE/meshes/$mesh/dataplanes/probe/certificate" | jq -e .certificate >/dev/null
  fp=$(psql_bench -tA -c "select cert_mtls from dataplane_insights where mesh = '$mesh' and name = 'probe'")
  FINGERPRINTS+="${FINGERPRINTS:+,}('$mesh', '$fp')"
  api DELETE "/meshes/$mesh/dataplanes/probe" >/dev/null
done

# The parameters of every seeded dataplane, drawn once (setseed: the same fleet every run).
# Certificates live 24 h (the builtin default); renew_after = generation + 4/5 of the lifetime, as the server computes.
# States relative to now: 70% valid, 15% renew-due, 5% expired, 10% never issued (no certificate columns; half of
# those have been seen through heartbeats).
t_seed=$(now)
psql_bench -o /dev/null <<SQL
select setseed(0.42);
create unlogged table bench_seed as
select mesh, i, format('dp-%s', lpad(i::text, 6, '0')) as name, gateway,
       case when gateway then format('edge-gw-%s', i % 4) else format('svc-%s', i % 50) end as service,
       case when i % 5 = 4 then 'v2' else 'v1' end as version,
       case i % 10 when 3 then 'grpc' when 7 then 'tcp' else 'http' end as protocol,
       format('team-%s', i % 50 % 7) as team,
       format('10.%s.%s.%s', k, i / 256 % 256, i % 256) as address,
       now() - interval '30 days' * random() as created,
       u, random() as v, random() as w
from (select k, format('bench-%s', k) as mesh from generate_series(1, $MESHES) k) m,
     generate_series(0, $PER_MESH - 1) i,
     lateral (select i / 50 % 50 = 0 as gateway, random() as u) g;
SQL
t_resources=$(now)
psql_bench <<'SQL'
insert into resources (type, mesh, name, version, creation_time, modification_time, labels, spec)
select 'Dataplane', mesh, name, 1, created, created,
       jsonb_build_object('app', service, 'team', team, 'kuma.io/env', 'universal', 'kuma.io/mesh', mesh,
                          'kuma.io/zone', 'default', 'kuma.io/origin', 'zone'),
       case when gateway then jsonb_build_object('networking', jsonb_build_object('address', address,
                'gateway', jsonb_build_object('tags', jsonb_build_object('kuma.io/service', service))
                           || case when i % 2 = 0 then '{"type":"BUILTIN"}'::jsonb else '{}'::jsonb end))
            else jsonb_build_object('networking', jsonb_build_object('address', address,
                'inbound', jsonb_build_array(jsonb_build_object('port', 8080, 'servicePort', 80,
                    'tags', jsonb_build_object('kuma.io/service', service, 'kuma.io/protocol', protocol,
                                               'version', version, 'team', team))),
                'transparentProxying', jsonb_build_object('redirectPortInbound', 15006, 'redirectPortOutbound', 15001),
                'admin', jsonb_build_object('port', 9901)))
       end
from bench_seed;
SQL
t_insights=$(now)
psql_bench <<SQL
with fingerprint(mesh, mtls) as (values $FINGERPRINTS),
dp as (
  select s.*, f.mtls,
         case when u < 0.70 then 'valid' when u < 0.85 then 'renew-due' when u < 0.90 then 'expired' else 'none' end
           as state
  from bench_seed s join fingerprint f using (mesh)),
issued as (
  select dp.*, now() - interval '24 hours' * case state when 'valid' then 0.8 * v
                                                        when 'renew-due' then 0.8 + 0.2 * v
                                                        else 1 + 6 * v end as generation
  from dp where state <> 'none'),
cert as (
  select issued.*, date_trunc('second', generation + interval '24 hours') as not_after from issued)
insert into dataplane_insights (mesh, name, creation_time, modification_time, cert_expiration, cert_generation,
    cert_regenerations, issued_backend, supported_backends, cert_serial, cert_not_before, renew_after, cert_identity,
    cert_mtls, first_seen, last_seen)
select mesh, name, created, generation, not_after, generation, 1 + floor(w * 30)::int, 'ca-1', '["ca-1"]',
       floor(random() * 9e18)::bigint::text || lpad(floor(random() * 1e18)::bigint::text, 18, '0'),
       date_trunc('second', generation - interval '10 seconds'),
       generation + (not_after - generation) * 0.8,
       case when gateway then 'kuma.io/service=' || service
            else format('kuma.io/protocol=%s kuma.io/service=%s team=%s version=%s', protocol, service, team, version)
       end,
       mtls, created,
       case when state = 'expired' then not_after - interval '24 hours' * w else now() - interval '60 seconds' * w end
from cert
union all
select mesh, name, created, created, null, null, 0, null, null, null, null, null, null, null,
       case when w < 0.5 then created end, case when w < 0.5 then now() - interval '60 seconds' * w end
from dp where state = 'none';
drop table bench_seed;
SQL
t_analyze=$(now)
# VACUUM as well, as autovacuum would soon do after 100k inserts: it must not start in the middle of a measurement.
psql_bench -c 'vacuum (analyze) resources' -c 'vacuum (analyze) dataplane_insights'
t_done=$(now)
SEED_LINE=$(printf '%s dataplanes in %s meshes: parameters %.1f s, resources %.1f s, insights %.1f s, VACUUM ANALYZE %.1f s; total %.1f s' \
  "$DATAPLANES" "$MESHES" "$(echo "$t_resources - $t_seed" | bc)" "$(echo "$t_insights - $t_resources" | bc)" \
  "$(echo "$t_analyze - $t_insights" | bc)" "$(echo "$t_done - $t_analyze" | bc)" "$(echo "$t_done - $t_seed" | bc)")
STATES=$(psql_bench -tA -F' ' -c "
  select count(*) filter (where i.renew_after > now()), count(*) filter (where i.renew_after <= now() and i.cert_expiration > now()),
         count(*) filter (where i.cert_expiration <= now()), count(*) filter (where i.cert_expiration is null),
         count(*) filter (where r.spec->'networking' ? 'gateway')
  from resources r left join dataplane_insights i using (mesh, name) where r.type = 'Dataplane'")
read -r N_VALID N_DUE N_EXPIRED N_NONE N_GATEWAYS <<<"$STATES"
echo "seeded: $SEED_LINE" >&2

# The server was told of 100k inserts (one NOTIFY each): let it settle before measuring.
wait_settled

# ---------------------------------------------------------------------------------------------------------------------
# 4. Insight queries at 100k (measured now, while the certificate states are exactly as seeded).

# sql_times N SQL: runs SQL N times in one psql session; prints "p50 p99" of psql's \timing, in ms.
sql_times() {
  { echo '\timing on'; echo '\o /dev/null'; for _ in $(seq 1 "$1"); do echo "$2;"; done; } | psql_bench \
    | awk '/^Time:/ {print $2}' | sort -n \
    | awk '{v[NR] = $1} END {p50 = v[int(NR * 0.5 + 0.5)]; i = int(NR * 0.99 + 0.999); if (i > NR) i = NR; print p50, v[i]}'
}

# sql_execution_ms SQL: the server-side execution time of SQL (EXPLAIN ANALYZE), in ms.
sql_execution_ms() {
  psql_bench -tA -c "explain (analyze, buffers) $1" | awk '/Execution Time/ {print $3}'
}

# Rotation sweep, raw SQL: what a rotation job reads to find every dataplane due (renew-due and expired alike).
SWEEP_SQL="select mesh, name from dataplane_insights where renew_after <= now() order by renew_after"
sweep_sql() {
  SWEEP_ROWS=$(psql_bench -tA -c "select count(*) from ($SWEEP_SQL) s")
  read -r SWEEP_P50 SWEEP_MAX <<<"$(sql_times 5 "$SWEEP_SQL")"
  SWEEP_EXEC=$(sql_execution_ms "$SWEEP_SQL")
}

# Rotation sweep over HTTP: page through GET /dataplanes/_overview?certState=renew-due&size=1000 following `next`.
# Skipped with a message while the endpoint answers 404 or 400 (it is being built in issue 5).
SWEEP_PATH=${SWEEP_PATH:-"/dataplanes/_overview?certState=renew-due&size=1000"}
sweep_http() {
  local status
  status=$(http_status "$SWEEP_PATH")
  if [ "$status" = 404 ] || [ "$status" = 400 ]; then
    SWEEP_HTTP="skipped: GET $SWEEP_PATH answers $status (endpoint not built yet)"
    return
  fi
  # Sweeps for WARMUP s first (the JIT), then the median of 3.
  SWEEP_HTTP=$(python3 - "$BASE$SWEEP_PATH" "$WARMUP" <<'PY'
import json, sys, time, urllib.request

def sweep(url):
    pages, items, start = 0, 0, time.monotonic()
    while url:
        with urllib.request.urlopen(url) as r:
            body = json.load(r)
        pages += 1
        items += len(body.get("items") or [])
        url = body.get("next")
    return items, pages, (time.monotonic() - start) * 1000

warm_until = time.monotonic() + float(sys.argv[2])
sweep(sys.argv[1])
while time.monotonic() < warm_until:
    sweep(sys.argv[1])
runs = [sweep(sys.argv[1]) for _ in range(3)]
times = sorted(r[2] for r in runs)
print(f"{runs[0][0]} dataplanes in {runs[0][1]} pages: {times[1]:.0f} ms (median of 3; worst {times[2]:.0f} ms)"
      f"   (target <= 1000 ms)")
PY
  ) || SWEEP_HTTP="failed: see above"
}

# The dashboard ratios: p99 of a GET over HTTP ÷ p99 of the same SQL in psql (target ≤ 3). "The same SQL" is captured,
# not rewritten: the bench turns on PostgreSQL's statement log (log_min_duration_statement = 0) for one request,
# bench/pg_log_statements.py extracts the statements the server executed with their parameters inlined, and psql runs
# exactly those, one round per request, timing the sum. Needs the local cluster (ensure_postgres); with
# MESHTRUST_BENCH_PG the raw side is skipped.
PAGE_PATH=${PAGE_PATH:-"/meshes/bench-1/dataplanes+insights?tag=kuma.io/service:svc-7&certState=valid&size=100"}
CERTS_PATH=${CERTS_PATH:-/certificate-insights}

dashboard_page() { dashboard_query PAGE "$PAGE_PATH" "$SQL_RUNS"; }
certificate_insights() { dashboard_query CERTS "$CERTS_PATH" "$((SQL_RUNS / 2))"; }

sweep_sql
sweep_http
dashboard_page
certificate_insights

# The /gui dashboard's own requests (one refresh): the summary with its timeline, the last page of the unfiltered
# table (the deepest offset), and the "expiring within 24 h" table filter.
GUI_NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
GUI_DAY=$(date -u -d '+24 hours' +%Y-%m-%dT%H:%M:%SZ)
GUI_SUMMARY_PATH="/certificate-insights?soonest=10&histogram=7d&buckets=28"
GUI_LAST_PATH="/certificate-insights/dataplanes?size=50&offset=$((DATAPLANES - 50))"
GUI_WINDOW_PATH="/certificate-insights/dataplanes?certExpiresAfter=$GUI_NOW&certExpiresBefore=$GUI_DAY&size=50"
dashboard_query GUI_SUMMARY "$GUI_SUMMARY_PATH" "$((SQL_RUNS / 2))"
dashboard_query GUI_LAST "$GUI_LAST_PATH" "$SQL_RUNS"
dashboard_query GUI_WINDOW "$GUI_WINDOW_PATH" "$SQL_RUNS"

if [ "${QUERIES_ONLY:-}" != 1 ]; then
# ---------------------------------------------------------------------------------------------------------------------
# 2. CSR-mode minting over HTTP vs raw JCA RSA-2048 signing, both on all cores.
MINT_MESH=$(mesh_name 1)
head -1 "$WORK/csr.jsonl" >"$WORK/one.json"
curl -fsS -X POST -H 'Content-Type: application/json' --data @"$WORK/one.json" \
  "$BASE/meshes/$MINT_MESH/dataplanes/$(dp_name 0)/certificate" | jq -e '.certificate and .serialNumber' >/dev/null
MINT_ARGS=(-t1 -c"$CONNECTIONS" -s "$WORK/mint.lua" "$BASE/" -- "$WORK/csr.jsonl" "$MINT_MESH" "$MINT_NAMES")
# The mint path (Hibernate, Bouncy Castle, JSON) needs thousands of requests before the JIT is done (the server's CPU
# per certificate falls several-fold over the first 5,000), which takes long when other processes hold the cores:
# warm up in 5 s rounds until MINT_WARMUP_REQUESTS certificates were minted and WARMUP s passed, at most MAX_WARMUP s.
warm_up_minting() {
  local spent=0 minted=0
  while [ "$spent" -lt "${MAX_WARMUP:-120}" ]; do
    wrk -d5s "${MINT_ARGS[@]}" >"$WORK/warm.txt"
    minted=$((minted + $(wrk_requests "$WORK/warm.txt") - $(wrk_errors "$WORK/warm.txt")))
    spent=$((spent + 5))
    if [ "$spent" -ge "$WARMUP" ] && [ "$minted" -ge "${MINT_WARMUP_REQUESTS:-5000}" ]; then break; fi
  done
  MINT_WARMUP="$spent s, $minted certificates"
}
warm_up_minting
before=$(cpu_mark)
timed_wrk "$WORK/mint.txt" -d"${DURATION}s" "${MINT_ARGS[@]}"
after=$(cpu_mark)
MINT_CPU=$(cpu_report "$before" "$after" "$(wrk_cpu "$WORK/mint.txt")")
MINT_ERRORS=$(wrk_errors "$WORK/mint.txt")
MINT_OK=$(($(wrk_requests "$WORK/mint.txt") - MINT_ERRORS))
MINT_RPS=$(echo "$MINT_OK / $DURATION" | bc -l)
# Per second of the server's CPU time: the same comparison, unmoved by other processes taking the shared cores.
MINT_PER_CPU=$(echo "$MINT_OK * $(getconf CLK_TCK) / ($(cut -d' ' -f1 <<<"$after") - $(cut -d' ' -f1 <<<"$before"))" | bc -l)
java bench/CertificateSignBench.java "$CORES" "$DURATION" >"$WORK/raw.txt"
RAW_SIGNS=$(awk '/threads\)/ {print $(NF - 1)}' "$WORK/raw.txt")
RAW_PER_CPU=$(awk '/per CPU-second/ {print $(NF - 1)}' "$WORK/raw.txt")

# ---------------------------------------------------------------------------------------------------------------------
# 3. Event loop stays free: paced GET /who-am-i p99, idle and during a server-key (RSA-2048 keygen) minting storm.
WHO="$BASE/who-am-i"
PROBE_ARGS=(-t1 -c"$PROBE_CONNECTIONS" --latency -s "$WORK/paced.lua" "$WHO" -- "$PROBE_DELAY_MS")
wrk -t1 -c"$PROBE_CONNECTIONS" -d5s "$WHO" >/dev/null
wrk -d"${DURATION}s" "${PROBE_ARGS[@]}" >"$WORK/idle.txt"
echo '{"keyType":"rsa2048"}' >"$WORK/keygen.jsonl"
STORM_SECONDS=$((WARMUP + DURATION + 2))
timed_wrk "$WORK/storm.txt" -t1 -c"$STORM_CONNECTIONS" -d"${STORM_SECONDS}s" --timeout 30s -s "$WORK/mint.lua" "$BASE/" -- \
  "$WORK/keygen.jsonl" "$(mesh_name 2)" "$MINT_NAMES" &
STORM_JOB=$!
sleep "$WARMUP"
before=$(cpu_mark)
timed_wrk "$WORK/storm-probe.txt" -d"${DURATION}s" "${PROBE_ARGS[@]}"
after=$(cpu_mark)
wait "$STORM_JOB"
# The storm's wrk ran longer than the probe: its share of the probe's window, plus the probe's wrk.
STORM_CPU=$(cpu_report "$before" "$after" \
  "$(echo "$(wrk_cpu "$WORK/storm.txt") * $DURATION / $STORM_SECONDS + $(wrk_cpu "$WORK/storm-probe.txt")" | bc -l)")
STORM_ERRORS=$(wrk_errors "$WORK/storm.txt")
STORM_RPS=$(echo "($(wrk_requests "$WORK/storm.txt") - $STORM_ERRORS) / $STORM_SECONDS" | bc -l)
IDLE_P99=$(wrk_p99_ms "$WORK/idle.txt")
STORM_P99=$(wrk_p99_ms "$WORK/storm-probe.txt")
fi
stop_server

# ---------------------------------------------------------------------------------------------------------------------
ratio() { echo "$1 / $2" | bc -l; }
http_side() { # HTTP-P99 SQL-P99 PATH STATUS
  if [ -n "$1" ] && [ -n "$2" ]; then printf 'p99 %s ms, HTTP / SQL %.2f (target <= 3)' "$1" "$(ratio "$1" "$2")"
  elif [ -n "$1" ]; then printf 'p99 %s ms (raw side skipped: no local cluster log to capture the SQL from)' "$1"
  else printf 'not measured: GET %s answers %s' "$3" "$4"; fi
}
printf '\nCertificates at %s dataplanes, PostgreSQL store, %s s per measurement; server, PostgreSQL and wrk share %s cores\n' \
  "$DATAPLANES" "$DURATION" "$CORES"
printf '\n1. Seed (SQL)\n  %s\n' "$SEED_LINE"
printf '  states: valid %s, renew-due %s, expired %s, never issued %s; %s gateways\n' \
  "$N_VALID" "$N_DUE" "$N_EXPIRED" "$N_NONE" "$N_GATEWAYS"
if [ "${QUERIES_ONLY:-}" != 1 ]; then
printf '\n2. CSR-mode minting (POST .../certificate with a CSR, %s connections, %s CSRs over %s dataplanes; warm-up %s)\n' \
  "$CONNECTIONS" "$(wc -l <"$WORK/csr.jsonl")" "$MINT_NAMES" "$MINT_WARMUP"
printf '  over HTTP                                  %10.0f certificates/s   (%s errors)\n' "$MINT_RPS" "$MINT_ERRORS"
printf '  raw JCA RSA-2048 signs, %s threads          %10.0f /s\n' "$CORES" "$RAW_SIGNS"
printf '  HTTP / raw                                 %10.2f   (target >= 0.7)\n' "$(ratio "$MINT_RPS" "$RAW_SIGNS")"
printf '  per CPU-second: HTTP %.0f certificates per server CPU-s (%.2f ms each), raw %.0f signs per CPU-s: %.2f\n' \
  "$MINT_PER_CPU" "$(ratio 1000 "$MINT_PER_CPU")" "$RAW_PER_CPU" "$(ratio "$MINT_PER_CPU" "$RAW_PER_CPU")"
printf '  CPU while minting: %s\n' "$MINT_CPU"
printf '\n3. Event loop stays free (GET /who-am-i, %s connections paced by %s ms, p99 from wrk --latency)\n' \
  "$PROBE_CONNECTIONS" "$PROBE_DELAY_MS"
printf '  idle                                       %10.3f ms\n' "$IDLE_P99"
printf '  during a server-key storm                  %10.3f ms   (storm: %s connections, %.1f RSA-2048 certificates/s, %s errors)\n' \
  "$STORM_P99" "$STORM_CONNECTIONS" "$STORM_RPS" "$STORM_ERRORS"
printf '  storm / idle                               %10.2f   (target <= 5)\n' "$(ratio "$STORM_P99" "$IDLE_P99")"
printf '  CPU during the storm: %s\n' "$STORM_CPU"
fi
printf '\n4. Insight queries at %s dataplanes (measured right after the seed)\n' "$DATAPLANES"
printf '  rotation sweep, raw SQL       %s rows: %s ms in psql (median of 5; worst %s ms), execution %s ms   (target <= 1000 ms)\n' \
  "$SWEEP_ROWS" "$SWEEP_P50" "$SWEEP_MAX" "$SWEEP_EXEC"
printf '  rotation sweep, HTTP paging   %s\n' "$SWEEP_HTTP"
printf '  dataplanes+insights page      GET %s\n' "$PAGE_PATH"
printf '                                the same %s statements in psql: p99 %s ms (p50 %s, %s rounds); HTTP: %s\n' \
  "$PAGE_STATEMENTS" "$PAGE_SQL_P99" "$PAGE_SQL_P50" "$SQL_RUNS" \
  "$(http_side "$PAGE_HTTP_P99" "$PAGE_SQL_P99" "$PAGE_PATH" "$PAGE_STATUS")"
printf '  certificate-insights          GET %s\n' "$CERTS_PATH"
printf '                                the same %s statements in psql: p99 %s ms (p50 %s, %s rounds); HTTP: %s\n' \
  "$CERTS_STATEMENTS" "$CERTS_SQL_P99" "$CERTS_SQL_P50" "$((SQL_RUNS / 2))" \
  "$(http_side "$CERTS_HTTP_P99" "$CERTS_SQL_P99" "$CERTS_PATH" "$CERTS_STATUS")"
for q in SUMMARY LAST WINDOW; do
  path_var="GUI_${q}_PATH"; status_var="GUI_${q}_STATUS"; statements_var="GUI_${q}_STATEMENTS"
  sql50_var="GUI_${q}_SQL_P50"; sql99_var="GUI_${q}_SQL_P99"; http_var="GUI_${q}_HTTP_P99"
  printf '  /gui request                  GET %s\n' "${!path_var}"
  printf '                                the same %s statements in psql: p99 %s ms (p50 %s); HTTP: %s\n' \
    "${!statements_var}" "${!sql99_var}" "${!sql50_var}" \
    "$(http_side "${!http_var}" "${!sql99_var}" "${!path_var}" "${!status_var}")"
done
