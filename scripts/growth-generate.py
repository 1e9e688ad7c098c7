#!/usr/bin/python3
"""growth-generate.py: writes synthetic school health check-ups for `poshan growth`.

    scripts/growth-generate.py OUT.csv --schools 40 --children 15 [--districts 4] [--seed 7]

One row a child: child_id, school_udise, district, block, level, sex, age_months,
weight_kg, height_cm, oedema. Ages run from 54 to 234 months (a few outside the
WHO 2007 reference's 61-228), some fractional; heights and weights vary by
school and child, with about 1 in 200 children far too light (flagged scores)
and 1 in 200 with oedema. Deterministic for a seed."""
import argparse
import random


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--schools", type=int, default=40)
    p.add_argument("--children", type=int, default=15)
    p.add_argument("--districts", type=int, default=4)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    rng = random.Random(a.seed)
    with open(a.out, "w") as out:
        out.write("child_id,school_udise,district,block,level,sex,age_months,weight_kg,height_cm,oedema\n")
        child = 0
        for s in range(a.schools):
            district = s % a.districts + 1
            school = "22%02d%02d%05d" % (district, s % 7 + 1, s + 1)
            h_shift, b_shift = rng.gauss(0, 3), rng.gauss(0, 0.8)
            for _ in range(a.children):
                child += 1
                age = rng.randint(54, 234)
                if rng.random() < 0.3:
                    age += rng.randint(1, 99) / 100
                height = 62 + 0.55 * age + h_shift + rng.gauss(0, 7)
                bmi = 12.5 + 0.03 * age + b_shift + rng.gauss(0, 2)
                if rng.random() < 0.005:
                    bmi *= 0.55
                weight = bmi * (height / 100) ** 2
                out.write("C%07d,%s,D%02d,B%02d%02d,%s,%s,%s,%.1f,%.1f,%s\n" % (
                    child, school, district, district, s % 7 + 1,
                    "primary" if age < 132 else "upper_primary", rng.choice("MF"),
                    ("%g" % age), max(weight, 5.0), min(max(height, 60.0), 220.0),
                    "y" if rng.random() < 0.005 else "n"))


if __name__ == "__main__":
    main()
