#!/usr/bin/python3
"""impact-generate.py: writes a synthetic trial for `poshan impact`.

  impact-generate.py children OUT.csv --districts 8 --treated 3 --blocks 2 --schools 3 --children 10
                     [--seed 1] [--balanced]
  impact-generate.py attendance OUT.csv --districts 6 --treated 2 --blocks 2 --schools 4 [--seed 1]

Districts are D01, D02, ...; the first --treated of them get the intervention.
Children: one row per child per round, a child's two rows next to each other,
with about 5 % seen in one round only and about 1 % with an implausible change.
Attendance: one row per school per month, 2019-07 to 2020-02, start 2019-11.
Used for the committed test fixtures and, much larger, for the benchmark
(bench-data/, not committed). Standard library only, deterministic per seed."""
import argparse
import random
import sys


def children(args, out, rng):
    out.write("child_id,school_udise,district,block,sex,age_months,level,round,weight_kg,height_cm\n")
    cid = 0
    for d in range(1, args.districts + 1):
        treated = d <= args.treated
        district_shift = rng.gauss(0, 0.8)
        for b in range(1, args.blocks + 1):
            for s in range(1, args.schools + 1):
                udise = "22%02d%02d%05d" % (d, b, s)
                school_shift = rng.gauss(0, 0.6)
                for _ in range(args.children):
                    cid += 1
                    sex = rng.choice("MF")
                    age = rng.randint(66, 160)
                    level = "primary" if age < 132 else "upper_primary"
                    w0 = 12 + 0.16 * age + district_shift + school_shift + rng.gauss(0, 2.5)
                    h0 = 70 + 0.5 * age + 2 * district_shift + rng.gauss(0, 4)
                    gain_w = 1.6 + (0.4 if treated else 0) + rng.gauss(0, 0.8)
                    gain_h = 3.5 + (0.5 if treated else 0) + rng.gauss(0, 1.0)
                    u = rng.random() if not args.balanced else 1.0
                    if args.balanced:  # keep rare noise inside poshan's plausibility limits
                        gain_w = min(max(gain_w, -1.9), 7.9)
                        gain_h = min(max(gain_h, -0.9), 9.9)
                    if u < 0.01:
                        gain_w = -3.1  # implausible weight loss
                    elif u < 0.015:
                        gain_h = 14.0  # implausible height gain
                    rounds = [("baseline", age, w0, h0), ("endline", age + 8, w0 + gain_w, h0 + gain_h)]
                    v = rng.random() if not args.balanced else 1.0
                    if v < 0.03:
                        rounds = rounds[:1]
                    elif v < 0.05:
                        rounds = rounds[1:]
                    for rnd, a, w, h in rounds:
                        lvl = level if rnd == "baseline" else ("primary" if a < 132 else "upper_primary")
                        out.write("C%07d,%s,D%02d,B%02d%02d,%s,%d,%s,%s,%.1f,%.1f\n" % (
                            cid, udise, d, d, b, sex, a, lvl, rnd, w, h))


def attendance(args, out, rng):
    out.write("school_udise,district,block,month,enrolled,attendance_days,school_days\n")
    months = ["2019-07", "2019-08", "2019-09", "2019-10", "2019-11", "2019-12", "2020-01", "2020-02"]
    for d in range(1, args.districts + 1):
        treated = d <= args.treated
        dshift = rng.gauss(0, 0.04)
        for b in range(1, args.blocks + 1):
            for s in range(1, args.schools + 1):
                udise = "22%02d%02d%05d" % (d, b, s)
                enrolled = rng.randint(30, 220)
                base = 0.78 + dshift + rng.gauss(0, 0.04)
                for m in months:
                    days = rng.randint(20, 25)
                    rate = base + (0.05 if treated and m >= "2019-11" else 0) + rng.gauss(0, 0.03)
                    rate = min(max(rate, 0.3), 1.0)
                    out.write("%s,D%02d,B%02d%02d,%s,%d,%d,%d\n" % (
                        udise, d, d, b, m, enrolled, round(rate * enrolled * days), days))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["children", "attendance"])
    p.add_argument("out")
    p.add_argument("--districts", type=int, default=8)
    p.add_argument("--treated", type=int, default=3)
    p.add_argument("--blocks", type=int, default=2)
    p.add_argument("--schools", type=int, default=3)
    p.add_argument("--children", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--balanced", action="store_true",
                   help="every child in both rounds, no implausible change")
    args = p.parse_args()
    rng = random.Random(args.seed)
    with (sys.stdout if args.out == "-" else open(args.out, "w")) as out:
        (children if args.kind == "children" else attendance)(args, out, rng)


if __name__ == "__main__":
    main()
