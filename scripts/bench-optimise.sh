#!/usr/bin/env bash
# bench-optimise.sh: the menu optimiser on district problems (README, "Benchmarks").
#
# Linear: DISTRICTS six-day, two-level weeks over 60 candidate foods each
# (scripts/gen-optimise-specs.py), solved by one `poshan menu optimise` run (read
# the specs, build, solve, judge each menu with the evaluator, print JSON), against
# the baseline GNU GLPK's own glpsol on the same programs written by poshan in
# CPLEX LP format (--lp), one glpsol run a district, solution written. Times are
# CPU seconds (user + system, children included), the fair measure of one core on
# a shared machine; wall seconds are printed beside them. The objectives of the two
# are compared district by district.
# Mixed-integer: MIP_DISTRICTS weeks with variety (a food on at most 2 days, at
# least 3 pulses and 5 vegetables), 10 s time limit each: time and gap.
set -euo pipefail
cd "$(dirname "$0")/.."
DISTRICTS=${DISTRICTS:-300}
MIP_DISTRICTS=${MIP_DISTRICTS:-3}
D=bench-data/optimise
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench-optimise.sh: needs GNU time (scripts/install-deps.sh --bench)" >&2; exit 1; }
command -v glpsol >/dev/null || { echo "bench-optimise.sh: needs glpsol (glpk-utils; scripts/install-deps.sh --bench)" >&2; exit 1; }
[ -x build/poshan ] || make --no-print-directory build/poshan

rm -rf "$D" && mkdir -p "$D"
python3 scripts/gen-optimise-specs.py "$D/lp" "$DISTRICTS"
python3 scripts/gen-optimise-specs.py "$D/mip" "$MIP_DISTRICTS" --variety --seed 2
# the same programs as CPLEX LP files, for glpsol (not timed)
for f in "$D"/lp/district-*.json; do
  build/poshan menu optimise "$f" --prices "$D/lp/prices.csv" --lp "${f%.json}.lp" --format json >/dev/null
done

best() { sort -n | head -1; }
poshan_cpu=() poshan_wall=()
for try in 1 2 3; do
  $TIME -f "%U %S %e %M" -o "$D/time-poshan" \
    build/poshan menu optimise "$D"/lp/district-*.json --prices "$D/lp/prices.csv" --format json >"$D/poshan.json"
  read -r u s e m <"$D/time-poshan"
  poshan_cpu+=("$(awk -v u="$u" -v s="$s" "BEGIN { print u + s }")") poshan_wall+=("$e") poshan_mem=$m
done
glpsol_cpu=() glpsol_wall=()
for try in 1 2 3; do
  $TIME -f "%U %S %e %M" -o "$D/time-glpsol" bash -c '
    for f in "$0"/lp/district-*.lp; do glpsol --lp "$f" -o "${f%.lp}.sol" >/dev/null; done' "$D"
  read -r u s e m <"$D/time-glpsol"
  glpsol_cpu+=("$(awk -v u="$u" -v s="$s" "BEGIN { print u + s }")") glpsol_wall+=("$e")
done
pc=$(printf '%s\n' "${poshan_cpu[@]}" | best) pw=$(printf '%s\n' "${poshan_wall[@]}" | best)
gc=$(printf '%s\n' "${glpsol_cpu[@]}" | best) gw=$(printf '%s\n' "${glpsol_wall[@]}" | best)

python3 - "$D" "$DISTRICTS" "$pc" "$pw" "$gc" "$gw" "$poshan_mem" <<'PY'
import glob, json, re, sys
d, n, pc, pw, gc, gw, mem = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:7]), int(sys.argv[7])
results = json.load(open(d + "/poshan.json"))
worst = 0.0
for i, r in enumerate(results):
    sol = open("%s/lp/district-%03d.sol" % (d, i + 1)).read()
    theirs = float(re.search(r"Objective:\s+obj = ([-0-9.e+]+)", sol).group(1))
    ours = r["solver"]["objective"]
    worst = max(worst, abs(ours - theirs) / max(1.0, abs(theirs)))
    assert r["status"] == "optimal", r["name"]
assert worst < 1e-6, "objectives differ by %g" % worst
print("linear, %d districts (60 foods, 6 days, 2 levels): poshan %.2f CPU s (%.0f problems a second; "
      "wall %.2f s), glpsol %.2f CPU s (wall %.2f s): ratio %.2fx; objectives agree to %.1g; "
      "peak memory %.1f MB" % (n, pc, n / pc, pw, gc, gw, gc / pc, worst, mem / 1024))
PY

for f in "$D"/mip/district-*.json; do
  $TIME -f "%U %S %e" -o "$D/time-mip" \
    build/poshan menu optimise "$f" --prices "$D/mip/prices.csv" --format json >"${f%.json}.out" || true
  read -r u s e <"$D/time-mip"
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print("variety, %s: %s, cost Rs %.2f a child a week (both levels), gap %.1f %%, %s CPU s, wall %s s"
      % (r["name"], r["status"], r["cost_rs"]["total"], 100 * r["solver"]["gap"], sys.argv[2], sys.argv[3]))
' "${f%.json}.out" "$(awk -v u="$u" -v s="$s" "BEGIN { print u + s }")" "$e"
done
