#!/usr/bin/env bash
# Load test of `poshan serve` with wrk on loopback: POST /api/menu/evaluate (the
# shipped six-day weekly menu, both levels) as an advisor, and GET /api/users as an
# admin (a token check and a database read per request). Prints requests/s, p99
# latency and errors (socket errors plus non-2xx answers) for each.
# Then, on a database of 100,000 generated lab results (scripts/gen-lab-results.py):
# GET /api/lab/flags, the first page (the worst 100 of about 93,000 flagged) and one
# district, level and month; and a 100,000-row POST /api/lab/ingest while a reader reads a
# summary over and over: every read must see the total before the ingest or the
# total after it (twice the before: the file repeats the stored results under new
# sample ids), never one in between.
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
lab=$(build/poshan users add bench-lab --role lab --lab "Mitra S K Lab Kolkata" --db $db)
[ -f $d/lab-100k.csv ] || python3 scripts/gen-lab-results.py 100000 $d/lab-100k.csv
build/poshan lab ingest $d/lab-100k.csv --by bench --db $db >/dev/null
# another 100,000 of one lab (a lab token stores only its own), under new sample ids
sed -e 's/ANACON Laboratories Nagpur/Mitra S K Lab Kolkata/' -e 's/^LS-/API-/' $d/lab-100k.csv >$d/lab-100k-mitra.csv

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
       END {printf "%10.1f requests/s   p99 %8s   errors %d\n", rps, p99, errors}'
}
run() {  # LABEL wrk-arguments...
  printf "  %-34s" "$1"
  shift
  wrk -t2 -c"${conns:-$connections}" -d"${duration}s" --latency "$@" | tee $d/wrk-last.txt | summarise
}
echo "server: $(nproc) threads; wrk: 2 threads, $connections connections, ${duration} s each"
POSHAN_BENCH_MENU=menus/chhattisgarh-weekly.json POSHAN_BENCH_TOKEN=$advisor \
  run "POST /api/menu/evaluate (6 days)" -s scripts/bench-serve-post.lua "${url}api/menu/evaluate"
run "GET /api/users" -H "Authorization: Bearer $admin" "${url}api/users"

echo "lab results: 100,000 stored"
# The first answer after an ingest is computed (every stored sample is read and judged)
# and kept until the next ingest; wrk measures the answers after it. Its time is
# printed apart, as wrk's percentiles would smear one slow start over the whole run.
flags_url="${url}api/lab/flags"
month_url="${url}api/lab/flags?district=Raipur&level=upper_primary&from=2018-07-01&to=2018-07-31"
first() {  # LABEL URL
  printf "  %-34s%10s s\n" "$1" "$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $advisor" "$2")"
}
first "first flags answer (worst 100)" "$flags_url"
first "first flags answer (district, month)" "$month_url"
run "GET /api/lab/flags (worst 100)" -H "Authorization: Bearer $advisor" "$flags_url"
run "GET /api/lab/flags (district, month)" -H "Authorization: Bearer $advisor" "$month_url"

# a 100,000-row ingest through the API while a reader reads the summary
rm -f $d/ingest-done
# the reader's summary: one district's upper primary samples of July 2018, which the ingest doubles
python3 scripts/bench-serve-reader.py "${url}api/lab/summary?district=Raipur&level=upper_primary&from=2018-07-01&to=2018-07-31" \
  "$advisor" $d/ingest-done >$d/reader.txt &
reader=$!
start=$(date +%s%N)
status=$(curl -s -o $d/ingest-answer.json -w '%{http_code}' -H "Authorization: Bearer $lab" \
  -H "Content-Type: text/csv" --data-binary @$d/lab-100k-mitra.csv "${url}api/lab/ingest")
end=$(date +%s%N)
touch $d/ingest-done
wait $reader
printf "  %-34s%10s   HTTP %s   %s\n" "POST /api/lab/ingest (100,000 rows)" \
  "$(( (end - start) / 1000000 )) ms" "$status" \
  "$(grep -o '"rows_stored":[^,]*' $d/ingest-answer.json | tr -d '\t ')"
echo "  reader during the ingest: $(cat $d/reader.txt)"
