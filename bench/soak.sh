#!/usr/bin/env bash
# Soak: MINUTES (default 20) of mixed load on one server over PostgreSQL, to find what grows without bound.
# Not run in CI. The mix, one wrk run per minute (wrk --latency, WRK_THREADS x CONNECTIONS, all requests valid):
#   authenticated reads  GET /who-am-i and GET /meshes/soak with a user token, GET /meshes/soak/dataplanes/{name}
#   CSR minting          POST /meshes/soak/dataplanes/{name}/certificate (a pool of openssl CSRs over DATAPLANES names)
#   insight queries      GET /meshes/soak/certificate-insights?soonest=10&histogram=7d&buckets=28,
#                        GET /meshes/soak/dataplanes/_overview?size=50, GET /certificate-insights/dataplanes?size=50
#   token issuing        POST /tokens/user (localhost admin)
# and beside it a revocation loop (every REVOKE_EVERY s): issue a token, revoke it by rewriting the GlobalSecret
# user-token-revocations with the last REVOCATIONS_KEPT ids (a bounded list, as an operator would keep it), and check
# the revoked token is refused with 401 and a fresh one still accepted. wrk times a request out after 10 s (a socket
# error, counted as a failure).
# After each minute it forces a GC (jcmd GC.run) and prints heap used after GC, RSS, threads, open file descriptors,
# established TCP connections (all, and to PostgreSQL), requests, p99 and non-2xx counts.
# It fails (exit 1) when a 5xx or any other non-2xx answer appears in the mix, a revocation check fails, or a series
# grows without bound: the smallest value of the last 3 minutes above the largest of the 3 minutes after the warm-up
# by more than its tolerance (heap 25% + 16 MiB, threads +4, descriptors +16, connections +4; p99: the median of the
# last 3 minutes above 3x the median of the first 3 + 5 ms).
#
# Usage: bench/soak.sh            Env: MINUTES (20), WARMUP_MINUTES (2), DATAPLANES (200), CONNECTIONS (16),
#        WRK_THREADS (2), CSR_KEYS (16), REVOKE_EVERY (5), REVOCATIONS_KEPT (50).
# Needs a packaged server, wrk, openssl, jq and PostgreSQL (installed from Debian's packages when missing; root);
# MESHTRUST_BENCH_PG="host port user password db" points it at an existing PostgreSQL instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

MINUTES=${MINUTES:-20}
WARMUP_MINUTES=${WARMUP_MINUTES:-2}
DATAPLANES=${DATAPLANES:-200}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-2}
CSR_KEYS=${CSR_KEYS:-16}
REVOKE_EVERY=${REVOKE_EVERY:-5}
REVOCATIONS_KEPT=${REVOCATIONS_KEPT:-50}
MESH=soak

ensure_jar
ensure_tool wrk wrk
ensure_tool openssl openssl
ensure_tool jq jq
read -r PG_HOST PG_PORT PG_USER PG_PASSWORD PG_DB <<<"$(ensure_postgres)"

start_server MESHTRUST_METRICS_REFRESH_INTERVAL=30s KUMA_STORE_TYPE=postgres KUMA_STORE_POSTGRES_HOST="$PG_HOST" \
  KUMA_STORE_POSTGRES_PORT="$PG_PORT" KUMA_STORE_POSTGRES_USER="$PG_USER" KUMA_STORE_POSTGRES_PASSWORD="$PG_PASSWORD" \
  KUMA_STORE_POSTGRES_DB_NAME="$PG_DB"
BASE="http://127.0.0.1:$HTTP_PORT"

# ---- fleet: one mesh with a builtin CA, DATAPLANES dataplanes, CSR bodies, a user token for the reads
api PUT "/meshes/$MESH" "{\"type\":\"Mesh\",\"name\":\"$MESH\",\"mtls\":{\"enabledBackend\":\"ca-1\",\"backends\":[{\"name\":\"ca-1\",\"type\":\"builtin\"}]}}" >/dev/null
for i in $(seq 0 $((DATAPLANES - 1))); do
  name=$(printf 'dp-%04d' "$i")
  api PUT "/meshes/$MESH/dataplanes/$name" "{\"type\":\"Dataplane\",\"mesh\":\"$MESH\",\"name\":\"$name\",\"networking\":{\"address\":\"10.1.$((i / 256)).$((i % 256))\",\"inbound\":[{\"port\":8080,\"tags\":{\"kuma.io/service\":\"svc-$((i % 10))\"}}]}}" >/dev/null
done
mkdir -p "$WORK/csr"
seq 1 "$CSR_KEYS" | xargs -P "$(nproc)" -I{} openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
  -out "$WORK/csr/{}.key" 2>/dev/null
for k in $(seq 1 "$CSR_KEYS"); do
  openssl req -new -key "$WORK/csr/$k.key" -subj "/CN=soak-$k" 2>/dev/null | jq -cRs '{csr: .}'
done >"$WORK/csr.jsonl"
TOKEN=$(api POST /tokens/user '{"name":"soak","groups":["team-a"],"validFor":"24h"}')

cat >"$WORK/mix.lua" <<'EOF'
-- Weighted mix; statuses counted per thread and summed in done().
local bodies, token, names, n = {}, nil, 1, 0
counts = {} -- global: done() reads it from each thread
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  token, names = args[2], tonumber(args[3])
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end
local auth = function() return {["Authorization"] = "Bearer " .. token} end
local json = {["Content-Type"] = "application/json"}
function request()
  n = n + 1
  local r = math.random(100)
  local dp = string.format("dp-%04d", math.random(0, names - 1))
  if r <= 30 then return wrk.format("GET", "/who-am-i", auth())
  elseif r <= 45 then return wrk.format("GET", "/meshes/soak", auth())
  elseif r <= 55 then return wrk.format("GET", "/meshes/soak/dataplanes/" .. dp)
  elseif r <= 75 then
    return wrk.format("POST", "/meshes/soak/dataplanes/" .. dp .. "/certificate", json, bodies[math.random(#bodies)])
  elseif r <= 82 then return wrk.format("GET", "/meshes/soak/certificate-insights?soonest=10&histogram=7d&buckets=28")
  elseif r <= 88 then return wrk.format("GET", "/meshes/soak/dataplanes/_overview?size=50")
  elseif r <= 92 then return wrk.format("GET", "/certificate-insights/dataplanes?size=50")
  else
    return wrk.format("POST", "/tokens/user", json, '{"name":"soak-' .. n .. '","groups":["team-a"],"validFor":"10m"}')
  end
end
function response(status, headers, body)
  local class = math.floor(status / 100) .. "xx"
  counts[class] = (counts[class] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for _, class in ipairs({"2xx", "3xx", "4xx", "5xx"}) do
      total[class] = (total[class] or 0) + (t:get("counts")[class] or 0)
    end
  end
  io.write(string.format("STATUS %d %d %d %d\n", total["2xx"], total["3xx"], total["4xx"], total["5xx"]))
end
EOF

b64url_json() { # decodes an unpadded base64url segment
  local s; s=$(tr '_-' '/+' <<<"$1")
  while [ $(( ${#s} % 4 )) -ne 0 ]; do s="$s="; done
  base64 -d <<<"$s"
}

# ---- revocation loop, in the background for the whole soak
revocation_loop() {
  local ids=() fails=0 checks=0
  while [ -f "$WORK/soaking" ]; do
    local t jti data
    t=$(api POST /tokens/user '{"name":"revoked-soon","validFor":"1h"}') || { fails=$((fails + 1)); continue; }
    jti=$(b64url_json "$(cut -d. -f2 <<<"$t")" | jq -r .jti) || jti=""
    ids+=("$jti")
    [ "${#ids[@]}" -gt "$REVOCATIONS_KEPT" ] && ids=("${ids[@]: -$REVOCATIONS_KEPT}")
    data=$(IFS=,; printf '%s' "${ids[*]}" | base64 -w0)
    api PUT /global-secrets/user-token-revocations \
      "{\"type\":\"GlobalSecret\",\"name\":\"user-token-revocations\",\"data\":\"$data\"}" >/dev/null \
      || fails=$((fails + 1))
    checks=$((checks + 1))
    # The change feed carries the new list to the validator; allow it a moment.
    local code=""
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $t" "$BASE/who-am-i")
      [ "$code" = 401 ] && break
      sleep 0.2
    done
    [ "$code" = 401 ] || fails=$((fails + 1))
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/who-am-i")" = 200 ] \
      || fails=$((fails + 1))
    echo "$checks $fails" >"$WORK/revocations"
    sleep "$REVOKE_EVERY"
  done
}
touch "$WORK/soaking"
echo "0 0" >"$WORK/revocations"
revocation_loop &
REVOKER=$!
trap 'rm -f "$WORK/soaking"; kill $REVOKER 2>/dev/null || true; stop_server; rm -rf "$WORK"' EXIT

heap_after_gc_kib() {
  jcmd "$SERVER_PID" GC.run >/dev/null
  sleep 1
  jcmd "$SERVER_PID" GC.heap_info | awk '/total .*used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1)}}
    END {sub(/K,?$/, "", v); print v + 0}'
}
connections() { ss -Htnp state established 2>/dev/null | grep -c "pid=$SERVER_PID," || true; }
pg_connections() { ss -Htnp state established "( dport = :$PG_PORT )" 2>/dev/null | grep -c "pid=$SERVER_PID," || true; }

printf '\nsoak: %s min (%s warm-up), %s wrk threads x %s connections, %s dataplanes, PostgreSQL %s:%s; %s cores\n' \
  "$MINUTES" "$WARMUP_MINUTES" "$WRK_THREADS" "$CONNECTIONS" "$DATAPLANES" "$PG_HOST" "$PG_PORT" "$(nproc)"
printf '%4s %9s %8s %8s %6s %6s %6s %9s %8s %6s %6s %6s  %s\n' min heapKiB rssKiB threads fds conns pgconn \
  requests p99ms 4xx 5xx other revocations
: >"$WORK/series"
for minute in $(seq 1 "$MINUTES"); do
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d60s --timeout 10s --latency -s "$WORK/mix.lua" "$BASE" -- \
    "$WORK/csr.jsonl" "$TOKEN" "$DATAPLANES" >"$WORK/wrk.out" 2>&1 || true
  read -r _ ok redirects client server <<<"$(grep '^STATUS' "$WORK/wrk.out" || echo 'STATUS 0 0 0 0')"
  socket_errors=$(awk '/Socket errors/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$WORK/wrk.out")
  heap=$(heap_after_gc_kib)
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
  threads=$(awk '/^Threads/ {print $2}' "/proc/$SERVER_PID/status")
  fds=$(ls "/proc/$SERVER_PID/fd" | wc -l)
  conns=$(connections); pgconns=$(pg_connections)
  requests=$(wrk_requests "$WORK/wrk.out"); p99=$(wrk_p99_ms "$WORK/wrk.out")
  other=$((redirects + ${socket_errors:-0}))
  printf '%4d %9d %8d %8d %6d %6d %6d %9d %8.2f %6d %6d %6d  %s\n' "$minute" "$heap" "$rss" "$threads" "$fds" \
    "$conns" "$pgconns" "${requests:-0}" "${p99:-0}" "$client" "$server" "$other" "$(cat "$WORK/revocations")"
  echo "$minute $heap $threads $fds $conns ${p99:-0} $client $server $other" >>"$WORK/series"
done
rm -f "$WORK/soaking"
wait "$REVOKER" 2>/dev/null || true
read -r checks revocation_fails <"$WORK/revocations"

# ---- verdict
verdict=$(awk -v w="$WARMUP_MINUTES" -v checks="$checks" -v rf="$revocation_fails" '
  { m[NR] = $1; heap[NR] = $2; thr[NR] = $3; fds[NR] = $4; con[NR] = $5; p99[NR] = $6
    c4 += $7; c5 += $8; oth += $9; n = NR }
  function maxof(a, from, to,   i, v) { v = a[from]; for (i = from; i <= to; i++) if (a[i] > v) v = a[i]; return v }
  function minof(a, from, to,   i, v) { v = a[from]; for (i = from; i <= to; i++) if (a[i] < v) v = a[i]; return v }
  function median3(a, from,   x, y, z) { x = a[from]; y = a[from + 1]; z = a[from + 2]
    return (x <= y ? (y <= z ? y : (x <= z ? z : x)) : (x <= z ? x : (y <= z ? z : y))) }
  function grows(name, a, factor, slack,   early, late) {
    early = maxof(a, w + 1, w + 3); late = minof(a, n - 2, n)
    if (late > early * factor + slack) { printf "FAIL %s grows: %s early, %s at the end\n", name, early, late; bad = 1 }
  }
  END {
    if (c5 > 0) { printf "FAIL %d responses were 5xx\n", c5; bad = 1 }
    if (c4 > 0 || oth > 0) { printf "FAIL %d 4xx and %d other non-2xx answers or socket errors in a mix of valid requests\n", c4, oth; bad = 1 }
    if (rf > 0 || checks == 0) { printf "FAIL revocation checks: %d of %d failed\n", rf, checks; bad = 1 }
    if (n >= w + 6) {
      grows("heap after GC (KiB)", heap, 1.25, 16384); grows("threads", thr, 1, 4)
      grows("file descriptors", fds, 1, 16); grows("TCP connections", con, 1, 4)
      if (median3(p99, n - 2) > 3 * median3(p99, w + 1) + 5) {
        printf "FAIL p99 grows: %.2f ms early, %.2f ms at the end\n", median3(p99, w + 1), median3(p99, n - 2); bad = 1 }
    } else { printf "note: %d minutes are too few to judge growth (need warm-up + 6)\n", n }
    if (!bad) printf "PASS no 5xx, %d revocation checks, nothing grew past its tolerance\n", checks
  }' "$WORK/series")
echo "$verdict"
grep -q '^FAIL' <<<"$verdict" && exit 1
exit 0
