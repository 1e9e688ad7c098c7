#!/usr/bin/env bash
# Benchmark of `poshan lab ingest` (validating every field, one transaction,
# WAL, synchronous=FULL) against the sqlite3 command-line tool's `.import` of the
# same CSV into a plain table (no validation, no key), same input, same run.
# Input: scripts/gen-lab-results.py, 1,000,000 rows (about 150 MB). Then poshan
# alone on LAB_BENCH_LARGE rows (default 10,000,000) to show peak memory stays flat.
set -euo pipefail
cd "$(dirname "$0")/.."
d=bench-data
large=${LAB_BENCH_LARGE:-10000000}
[ -s $d/lab-1m.csv ] || /usr/bin/python3 scripts/gen-lab-results.py 1000000 $d/lab-1m.csv
[ -s $d/lab-large-$large.csv ] || /usr/bin/python3 scripts/gen-lab-results.py "$large" $d/lab-large-$large.csv

# seconds and peak RSS (kB) of a command, from GNU time
measure() { /usr/bin/time -f "%e %M" -o $d/time.txt "$@" 2>/dev/null >/dev/null; cat $d/time.txt; }
fresh() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; }

fresh $d/lab-bench.db
read -r poshan_s poshan_kb < <(measure build/poshan lab ingest $d/lab-1m.csv --db $d/lab-bench.db --by bench)
stored=$(sqlite3 $d/lab-bench.db "SELECT count(*) FROM samples")
fresh $d/lab-import.db
read -r import_s import_kb < <(measure sqlite3 $d/lab-import.db -cmd ".mode csv" ".import $d/lab-1m.csv samples")
imported=$(sqlite3 $d/lab-import.db "SELECT count(*) FROM samples")
fresh $d/lab-bench.db
read -r large_s large_kb < <(measure build/poshan lab ingest $d/lab-large-$large.csv --db $d/lab-bench.db --by bench)
large_stored=$(sqlite3 $d/lab-bench.db "SELECT count(*) FROM samples")
fresh $d/lab-bench.db
fresh $d/lab-import.db

awk -v rows=1000000 -v st="$stored" -v im="$imported" -v ps="$poshan_s" -v pk="$poshan_kb" \
    -v is="$import_s" -v ik="$import_kb" -v large="$large" -v ls="$large_s" -v lk="$large_kb" \
    -v lst="$large_stored" 'BEGIN {
  printf "lab ingest: %d generated results (%d stored by poshan, %d imported by sqlite3)\n", rows, st, im
  printf "  poshan lab ingest  %6.2f s  %9.0f rows/s  peak %6.1f MB\n", ps, rows / ps, pk / 1024
  printf "  sqlite3 .import    %6.2f s  %9.0f rows/s  peak %6.1f MB\n", is, rows / is, ik / 1024
  printf "  poshan runs at %.2fx the speed of .import (target 0.8x)\n", is / ps
  printf "  %d rows: poshan %6.2f s  %9.0f rows/s  peak %6.1f MB (%d stored)\n", large, ls, large / ls, lk / 1024, lst }'
