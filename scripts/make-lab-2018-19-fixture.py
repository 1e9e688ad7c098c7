#!/usr/bin/python3
"""Builds tests/fixtures/lab/2018-19.csv: 158 lab samples matching the 2018-19
figures of REFERENCE.md section 4 (AWP&B 2019-20 section 2.13.3) exactly, then
re-reads the file with pandas and prints the figures `poshan lab summary` must
reproduce (independent of poshan: pandas quantiles are linear interpolation,
like GSL's gsl_stats_quantile_from_sorted_data).

  upper primary: 94 samples, mean 786 kcal, 78 at or above 700 kcal,
                 mean protein 23.30 g, 55 at or above 20 g
  primary:       64 samples, one (a papad school) an extreme energy outlier;
                 mean 540.95 kcal without it, 58 at or above 450 kcal,
                 mean protein 15.20 g, 42 at or above 12 g
The papad school's protein is 15.20 g, so the protein mean is 15.20 with or
without it. Values are whole hundredths so sums are exact.

Run: /usr/bin/python3 scripts/make-lab-2018-19-fixture.py [--check-only]
"""
import random
import sys

import pandas as pd

OUT = "tests/fixtures/lab/2018-19.csv"
rng = random.Random(201819)


def values(n_high, n_low, threshold, high_max, low_min, total):
    """n_high values in [threshold, high_max] and n_low in [low_min, threshold),
    in hundredths, summing exactly to total (hundredths)."""
    t = round(threshold * 100)
    hi = [rng.randint(t, round(high_max * 100)) for _ in range(n_high)]
    lo = [rng.randint(round(low_min * 100), t - 1) for _ in range(n_low)]
    vals = hi + lo
    bounds = [(t, round(high_max * 100))] * n_high + [(round(low_min * 100), t - 1)] * n_low
    diff = total - sum(vals)
    i = 0
    while diff != 0:  # move one hundredth at a time, staying inside each value's band
        step = 1 if diff > 0 else -1
        j = i % len(vals)
        if bounds[j][0] <= vals[j] + step <= bounds[j][1]:
            vals[j] += step
            diff -= step
        i += 1
    rng.shuffle(vals)
    return vals


def rows():
    out = []
    districts = ["Raipur", "Durg", "Korba", "Kanker", "Bilaspur"]
    labs = ["Mitra S K Lab Kolkata", "ANACON Laboratories Nagpur"]
    up_e = values(78, 16, 700, 900, 560, 786 * 94 * 100)
    up_p = values(55, 39, 20, 30, 15, 219020)
    pr_e = values(57, 6, 450, 640, 380, 3407985)
    pr_p = values(41, 22, 12, 19.5, 9, 95760)
    pr_e.insert(17, 1650_00)  # the papad school (REFERENCE.md section 4)
    pr_p.insert(17, 1520)
    for level, es, ps, prefix in (("upper_primary", up_e, up_p, "UP"), ("primary", pr_e, pr_p, "P")):
        for i, (e, p) in enumerate(zip(es, ps)):
            month = 7 + i % 8  # July 2018 to February 2019
            year = 2018 if month <= 12 else 2019
            month = month if month <= 12 else month - 12
            day = 1 + i % 25
            papad = level == "primary" and i == 17
            out.append({
                "sample_id": f"{prefix}-{i + 1:03d}",
                "lab": labs[i % 2],
                "school_udise": f"2207{(i * 7919) % 10000000:07d}",
                "school_name": f"School {i + 1:03d}",  # the same school for P-i and UP-i
                "district": districts[i % 5],
                "block": f"Block {i % 3 + 1}",
                "level": level,
                "kitchen": "centralized" if i % 9 == 4 else "school",
                "sampled_on": f"{year}-{month:02d}-{day:02d}",
                "tested_on": f"{year}-{month:02d}-{day + 3:02d}",
                "energy_kcal": f"{e / 100:.2f}",
                "protein_g": f"{p / 100:.2f}",
                "remarks": "papad served instead of dal" if papad else "",
            })
    return out


def check():
    df = pd.read_csv(OUT)
    for level, norm_e, norm_p in (("upper_primary", 700, 20), ("primary", 450, 12)):
        d = df[df.level == level]
        for col, norm in (("energy_kcal", norm_e), ("protein_g", norm_p)):
            x = d[col]
            med = x.median()
            mad = 1.4826 * (x - med).abs().median()
            out = (x - med).abs() > 3.5 * mad
            print(f"{level} {col}: n={len(x)} mean={x.mean():.6f} median={med:.6f} "
                  f"q1={x.quantile(0.25):.6f} q3={x.quantile(0.75):.6f} "
                  f"at_or_above={int((x >= norm).sum())} outliers={list(d.sample_id[out])} "
                  f"mean_without={x[~out].mean():.6f}")


if __name__ == "__main__":
    if "--check-only" not in sys.argv:
        pd.DataFrame(rows()).to_csv(OUT, index=False, lineterminator="\n")
    check()
