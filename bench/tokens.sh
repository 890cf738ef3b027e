#!/usr/bin/env bash
# Token benchmarks (see ../shared/performance.md), each a ratio measured side by side in one run:
#  1. GET /who-am-i with a valid user token ÷ the same request from localhost-admin without a token (target ≥ 0.8);
#  2. never-seen-token validations/s ÷ raw JCA RS256 verifications/s (target ≥ 0.7), in-process.
# Usage: bench/tokens.sh [seconds]   Needs a packaged server and wrk (installed from Debian's packages if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

DURATION=${1:-15}
WARMUP=${WARMUP:-10}
CONNECTIONS=${CONNECTIONS:-32}

ensure_jar
ensure_tool wrk wrk

start_server KUMA_STORE_TYPE=memory
TOKEN=$(api POST /tokens/user '{"name":"bench","groups":["team-a"],"validFor":"1h"}')
URL="http://127.0.0.1:$HTTP_PORT/who-am-i"
wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "$URL" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null
local_rps=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$URL" | awk '/Requests\/sec/ {print $2}')
token_rps=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -H "Authorization: Bearer $TOKEN" "$URL" \
            | awk '/Requests\/sec/ {print $2}')
stop_server

printf '\nGET /who-am-i, %s s each, %s connections, wrk on the same %s cores\n' "$DURATION" "$CONNECTIONS" "$(nproc)"
printf '  localhost admin, no token   %10.0f req/s\n' "$local_rps"
printf '  valid user token            %10.0f req/s\n' "$token_rps"
printf '  token / no token            %10.2f   (target >= 0.8)\n\n' "$(echo "$token_rps / $local_rps" | bc -l)"

CP="target/quarkus-app/app/*:target/quarkus-app/lib/main/*"
java -Dslf4j.provider=org.slf4j.helpers.NOPServiceProvider -cp "$CP" bench/TokenValidationBench.java 20000 "$DURATION"
