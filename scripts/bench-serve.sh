#!/usr/bin/env bash
# Load test of `poshan serve` with wrk on loopback: POST /api/menu/evaluate (the
# shipped six-day weekly menu, both levels) as an advisor, and GET /api/users as an
# admin (a token check and a database read per request). Prints requests/s, p99
# latency and errors (socket errors plus non-2xx answers) for each.
# The lab-flags load test (GET /api/lab/flags on 100,000 results, and an ingest
# while reads go on) waits for the lab store.
set -euo pipefail
cd "$(dirname "$0")/.."
d=bench-data
mkdir -p $d
duration=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-32}
db=$d/serve-bench.db
rm -f $db $db-wal $db-shm
advisor=$(build/poshan users add bench-advisor --role advisor --db $db)
admin=$(build/poshan users add bench-admin --role admin --db $db)

: >$d/serve.log
build/poshan serve --db $db --port 0 --threads "$(nproc)" >$d/serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q 'serving http' $d/serve.log && break; sleep 0.1; done
url=$(sed -n 's|.*serving \(http://[^ ]*\) .*|\1|p' $d/serve.log)
[ -n "$url" ] || { echo "bench-serve: the server did not start"; cat $d/serve.log; exit 1; }

# wrk's report as "requests/s p99 errors"
summarise() {
  awk '/Requests\/sec/ {rps = $2}
       /^ +99%/ {p99 = $2}
       /Socket errors/ {gsub(/,/, ""); errors += $4 + $6 + $8 + $10}
       /Non-2xx/ {errors += $NF}
       END {printf "%10.0f requests/s   p99 %8s   errors %d\n", rps, p99, errors}'
}
run() {  # LABEL wrk-arguments...
  printf "  %-34s" "$1"
  shift
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" | tee $d/wrk-last.txt | summarise
}
echo "server: $(nproc) threads; wrk: 2 threads, $connections connections, ${duration} s each"
POSHAN_BENCH_MENU=menus/chhattisgarh-weekly.json POSHAN_BENCH_TOKEN=$advisor \
  run "POST /api/menu/evaluate (6 days)" -s scripts/bench-serve-post.lua "${url}api/menu/evaluate"
run "GET /api/users" -H "Authorization: Bearer $admin" "${url}api/users"
