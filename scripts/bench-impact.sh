#!/usr/bin/env bash
# bench-impact.sh: `poshan impact estimate` (CR1 by school, 9,999 wild
# cluster bootstrap draws with the interval inverted, randomization
# inference) against estimatr::lm_robust (CR1 only) in R, same input, same
# run. Inputs are generated under bench-data/ (not committed):
#   impact-1m.csv   28 districts x 10 blocks x 180 schools x 10 children x 2 rounds = 1,008,000 rows
#   impact-10m.csv  the same schools with 100 children each = 10,080,000 rows (5,040,000 children)
#   impact-1m-rounds.csv  impact-1m.csv's rows, all baseline rows then all endline rows
#                   (scripts/impact-reorder.py), as survey rounds are exported: no child's
#                   rounds are next to each other, so every record is kept until the end
#                   and matched then: the reader's worst memory case
# All are balanced panels, so poshan and R estimate the same regression and
# their estimates are printed side by side. poshan clusters by school here
# (--cluster school), as R does; the round-ordered file's whole JSON output
# must be identical to the child-ordered file's. Peak memory from GNU time.
# The machine is shared, so the three 1M-row runs (poshan by child, poshan by
# round, R) take turns, $repeats rounds of them, and each is given by its
# median (and its fastest) run, with the load average before and after; CPU
# seconds are printed too, being less sensitive to other users. The ratio is
# given twice: whole R run (fread + lm_robust) and the lm_robust call alone
# (timed inside R), both against the whole poshan run.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench-data
layout=(--districts 28 --treated 8 --blocks 10 --schools 180 --seed 11 --balanced)
for n in 1m:10 10m:100; do
  f=bench-data/impact-${n%%:*}.csv
  [ -s "$f" ] || scripts/impact-generate.py children "$f" "${layout[@]}" --children "${n##*:}"
done
[ -s bench-data/impact-1m-rounds.csv ] ||
  scripts/impact-reorder.py rounds bench-data/impact-1m.csv bench-data/impact-1m-rounds.csv
treated=$(seq -f "D%02g" 1 8 | paste -sd,)
control=$(seq -f "D%02g" 9 28 | paste -sd,)
repeats=${BENCH_REPEATS:-5}

cat > bench-data/impact-lm-robust.R <<'R'
suppressPackageStartupMessages({ library(estimatr); library(data.table) })
d <- fread("bench-data/impact-1m.csv", colClasses = list(character = c("child_id", "school_udise")))
d[, treated := as.numeric(district %in% sprintf("D%02d", 1:8))]
d[, post := as.numeric(round == "endline")]
t <- system.time(fit <- lm_robust(weight_kg ~ treated * post, data = d, clusters = school_udise,
                                  se_type = "stata"))[["elapsed"]]
cat(t, fit$coefficients[["treated:post"]], "\n")
R

timed() {  # name command... : one run, "seconds cpu_seconds peak_kb" appended to bench-data/times-NAME.txt
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o bench-data/time.txt "$@" > "bench-data/out-$name.txt"
  awk '{ print $1, $2 + $3, $4 }' bench-data/time.txt >> "bench-data/times-$name.txt"
}
poshan() {  # name file
  timed "$1" build/poshan impact estimate "$2" --treated "$treated" --control "$control" \
    --outcome weight_kg --cluster school --draws 9999 --format json
}
summary() {  # name -> "median_s median_cpu median_kb fastest_s"
  sort -n "bench-data/times-$1.txt" | awk '{ s[NR] = $1; c[NR] = $2; k[NR] = $3 }
    END { m = int((NR + 1) / 2); print s[m], c[m], k[m], s[1] }'
}
estimate() { /usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["estimate"])' "$1"; }

rm -f bench-data/times-*.txt
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq "$repeats"); do
  poshan child bench-data/impact-1m.csv
  poshan rounds bench-data/impact-1m-rounds.csv
  timed r Rscript bench-data/impact-lm-robust.R
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in 1 2; do poshan ten bench-data/impact-10m.csv; done
if cmp -s bench-data/out-rounds.txt bench-data/out-child.txt; then same=identical; else same=DIFFERENT; fi
read -r p1_s p1_cpu p1_kb p1_fast <<<"$(summary child)"
read -r pr_s pr_cpu pr_kb pr_fast <<<"$(summary rounds)"
read -r r_s r_cpu r_kb r_fast <<<"$(summary r)"
read -r p10_s p10_cpu p10_kb p10_fast <<<"$(summary ten)"
read -r r_call_s r_est < bench-data/out-r.txt
p1_est=$(estimate bench-data/out-child.txt)
pr_est=$(estimate bench-data/out-rounds.txt)
p10_est=$(estimate bench-data/out-ten.txt)
rows1=$(($(wc -l < bench-data/impact-1m.csv) - 1))
rows10=$(($(wc -l < bench-data/impact-10m.csv) - 1))

awk -v n="$repeats" -v lb="$load_before" -v la="$load_after" \
    -v p1="$p1_s" -v p1c="$p1_cpu" -v k1="$p1_kb" -v p1f="$p1_fast" -v e1="$p1_est" \
    -v prs="$pr_s" -v prc="$pr_cpu" -v prk="$pr_kb" -v prf="$pr_fast" -v pre="$pr_est" -v same="$same" \
    -v p10="$p10_s" -v k10="$p10_kb" -v e10="$p10_est" \
    -v r="$r_s" -v rcpu="$r_cpu" -v rk="$r_kb" -v rf="$r_fast" -v rc="$r_call_s" -v re="$r_est" \
    -v n1="$rows1" -v n10="$rows10" 'BEGIN {
  printf "%d alternating rounds (poshan by child, poshan by round, R); medians, fastest in brackets; load average %s before, %s after\n", n, lb, la
  printf "poshan  %9d rows  %6.2f s [%.2f]  %5.2f CPU s  %8.0f rows/s  peak %6.1f MB  estimate %.6f\n", n1, p1, p1f, p1c, n1 / p1, k1 / 1024, e1
  printf "poshan  %9d rows  %6.2f s [%.2f]  %5.2f CPU s  %8.0f rows/s  peak %6.1f MB  estimate %.6f  (round-ordered: all baselines, then all endlines)\n", n1, prs, prf, prc, n1 / prs, prk / 1024, pre
  printf "poshan  %9d rows  %6.2f s (median of 2)  %8.0f rows/s  peak %6.1f MB  estimate %.6f\n", n10, p10, n10 / p10, k10 / 1024, e10
  printf "R lm_robust %5d rows  %6.2f s [%.2f] whole Rscript run (fread + lm_robust), %.2f CPU s, %.2f s in lm_robust alone (last run), peak %.1f MB, estimate %.6f\n", n1, r, rf, rcpu, rc, rk / 1024, re
  printf "ratio (1M rows by child, medians): wall clock R whole run / poshan = %.1fx; R lm_robust call alone / poshan = %.1fx; CPU seconds %.2f / %.2f = %.1fx\n", r / p1, rc / p1, rcpu, p1c, rcpu / p1c
  printf "ratio (1M rows sorted by round, medians): wall clock R whole run / poshan = %.1fx; CPU seconds %.2f / %.2f = %.1fx\n", r / prs, rcpu, prc, rcpu / prc
  printf "round-ordered file: JSON output %s to the child-ordered file'"'"'s; %.0f bytes more peak memory for its %d records, every one kept until the end (no child'"'"'s rounds are next to each other) = %.0f bytes a record\n", same, (prk - k1) * 1024, n1, (prk - k1) * 1024 / n1
  printf "memory: peak RSS 10M / 1M rows = %.2f (flat: one pass, per-school sufficient statistics)\n", k10 / k1
  printf "poshan runs CR1 + 9,999 wild bootstrap draws (interval inverted) + randomization inference; R runs CR1 only\n"
}'
