#!/usr/bin/python3
"""Generates every school's menu as one long CSV for the batch benchmark.

usage: gen-menus-batch.py SCHOOLS OUT.csv [SEED]

Each school gets a six-day menu for both levels, as SMCs set them: rice every
day, one pulse, one or two vegetables, oil; quantities vary around the norms.
About 5.5 ingredient rows per school-day: 45,000 schools make about 3 million rows.
"""
import random
import sys

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
PULSES = ["B021", "B001", "B010", "B013", "B002", "B025"]
VEGETABLES = ["F006", "D031", "D076", "C003", "C033", "D066", "D007", "G017"]
OILS = ["T011", "T005", "T006"]
SCALE = {"primary": 1.0, "upper_primary": 1.5}


def main():
    schools, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2019)
    with open(out, "w") as f:
        f.write("school_udise,level,day,dish,food,grams\n")
        for i in range(schools):
            udise = "22%09d" % i
            for level, k in SCALE.items():
                for day in DAYS:
                    rows = [("Rice", "A015", 100 * k * rng.uniform(0.85, 1.1)),
                            ("Dal", rng.choice(PULSES), 20 * k * rng.uniform(0.6, 1.2))]
                    for veg in rng.sample(VEGETABLES, rng.choice((2, 3))):
                        rows.append(("Sabzi", veg, 25 * k * rng.uniform(0.5, 1.3)))
                    rows.append(("Tadka", rng.choice(OILS), 5 * k * rng.uniform(0.6, 1.2)))
                    for dish, food, grams in rows:
                        f.write("%s,%s,%s,%s,%s,%.1f\n" % (udise, level, day, dish, food, grams))


if __name__ == "__main__":
    main()
