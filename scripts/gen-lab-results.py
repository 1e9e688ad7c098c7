#!/usr/bin/python3
"""Generates lab results as one CSV for the ingest benchmark.

usage: gen-lab-results.py ROWS OUT.csv [SEED]

Every row is valid (the benchmark measures validation that passes, as in a
normal ingest): two labs, 100,000 schools, both levels, energy 300-1000 kcal,
protein 8-30 g, microbiology on every row, dates in 2018-19.
"""
import random
import sys

HEADER = ("sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,"
          "tested_on,energy_kcal,protein_g,e_coli,total_plate_count_cfu_g,coliforms_cfu_g,"
          "menu_day,remarks\n")
DISTRICTS = ["Raipur", "Durg", "Korba", "Kanker", "Bilaspur", "Gariyaband", "Jashpur", "Bijapur"]
LABS = ["Mitra S K Lab Kolkata", "ANACON Laboratories Nagpur"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 2019)
    with open(out, "w", buffering=1 << 20) as f:
        f.write(HEADER)
        for i in range(rows):
            school = rng.randrange(100000)
            month = 7 + i % 8
            year, month = (2018, month) if month <= 12 else (2019, month - 12)
            day = 1 + i % 25
            f.write("LS-%08d,%s,22%09d,School %d,%s,Block %d,%s,%s,%d-%02d-%02d,%d-%02d-%02d,%.1f,%.2f,%s,%d,%d,%s,\n" % (
                i, LABS[i % 2], school, school, DISTRICTS[school % 8], school % 20,
                "primary" if i % 2 else "upper_primary", "centralized" if i % 9 == 4 else "school",
                year, month, day, year, month, day + 3, rng.uniform(300, 1000), rng.uniform(8, 30),
                "present" if i % 50 == 0 else "absent", rng.randrange(1000, 200000), rng.randrange(0, 300),
                DAYS[i % 6]))


if __name__ == "__main__":
    main()
