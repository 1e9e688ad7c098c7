#!/usr/bin/env bash
# Benchmark of `poshan menu evaluate --batch` on the whole state: 45,000 schools with
# six-day menus for both levels (about 3 million ingredient rows), against the same
# computation written plainly with pandas (scripts/menu-batch-baseline.py, Debian's
# /usr/bin/python3), run on the same input in the same run. Outputs are compared.
# Peak memory is also measured on a tenth of the input, to show it stays flat.
set -euo pipefail
cd "$(dirname "$0")/.."
d=bench-data
[ -s $d/menus-45000.csv ] || /usr/bin/python3 scripts/gen-menus-batch.py 45000 $d/menus-45000.csv
[ -s $d/menus-4500.csv ] || /usr/bin/python3 scripts/gen-menus-batch.py 4500 $d/menus-4500.csv

# seconds and peak RSS (kB) of a command, from GNU time
measure() { /usr/bin/time -f "%e %M" -o $d/time.txt "$@" 2>/dev/null >/dev/null; cat $d/time.txt; }

rows=$(($(wc -l < $d/menus-45000.csv) - 1))
read -r small_s small_kb < <(measure build/poshan menu evaluate --batch $d/menus-4500.csv --out $d/menu-poshan-small.csv)
read -r poshan_s poshan_kb < <(measure build/poshan menu evaluate --batch $d/menus-45000.csv --out $d/menu-poshan.csv)
read -r pandas_s pandas_kb < <(measure /usr/bin/python3 scripts/menu-batch-baseline.py $d/menus-45000.csv nutrients $d/menu-pandas.csv)
/usr/bin/python3 scripts/compare-csv.py $d/menu-poshan.csv $d/menu-pandas.csv
awk -v rows="$rows" -v ps="$poshan_s" -v pk="$poshan_kb" -v bs="$pandas_s" -v bk="$pandas_kb" \
    -v sk="$small_kb" 'BEGIN {
  printf "menu batch: %d ingredient rows, 45,000 schools\n", rows
  printf "  poshan  %6.2f s  %9.0f rows/s  peak %6.1f MB (a tenth of the input: %.1f MB)\n", ps, rows / ps, pk / 1024, sk / 1024
  printf "  pandas  %6.2f s  %9.0f rows/s  peak %6.1f MB\n", bs, rows / bs, bk / 1024
  printf "  poshan is %.1fx faster than the pandas baseline\n", bs / ps }'
