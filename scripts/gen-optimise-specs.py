#!/usr/bin/env python3
"""Generates district menu-optimiser specs for scripts/bench-optimise.sh.

    gen-optimise-specs.py OUT_DIR DISTRICTS [--variety] [--seed N]

Writes OUT_DIR/prices.csv (one state price list for a pool of IFCT 2017 foods:
cereals, pulses, leafy and other vegetables, roots, oils) and
OUT_DIR/district-NNN.json: a six-day, two-level week over 60 candidate foods
drawn from the pool, with the energy, protein, pulse and vegetable norms, an iron
floor, a fat-share ceiling and the cooking cost allowed; with --variety also a
food on at most 2 days (rice and oils excepted) and at least 3 different pulses
and 5 different vegetables in the week. Prices are illustrative (as
menus/prices-example.csv): base rupees a kg per group times a random factor.
"""
import csv
import json
import os
import random
import sys

# Rs per kg by IFCT group, around the figures of menus/prices-example.csv.
BASE_RS_PER_KG = {
    "Cereals and Millets": 30, "Grain Legumes": 85, "Green Leafy Vegetables": 30,
    "Other Vegetables": 28, "Roots and Tubers": 22, "Edible Oils and Fats": 140,
}
# How many foods of each group the pool holds, and the most grams of one a day.
POOL = {"Cereals and Millets": (8, 60), "Grain Legumes": (22, 40), "Green Leafy Vegetables": (14, 60),
        "Other Vegetables": (26, 100), "Roots and Tubers": (8, 80), "Edible Oils and Fats": (6, 10)}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    variety = "--variety" in sys.argv
    seed = 1
    if "--seed" in sys.argv:
        seed = int(sys.argv[sys.argv.index("--seed") + 1])
        args = [a for a in args if a != str(seed)]
    out_dir, districts = args[0], int(args[1])
    rng = random.Random(seed)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "nutrients", "ifct2017.csv"), newline="") as f:
        foods = list(csv.DictReader(f))
    pool = []
    for group, (count, _) in POOL.items():
        members = [r["code"] for r in foods if r["group"] == group and r["code"] != "A015"]
        pool += [(c, group) for c in sorted(members)[:count]]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "prices.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["food", "rs_per_kg"])
        for code, group in pool + [("A015", "Cereals and Millets")]:
            w.writerow([code, round(BASE_RS_PER_KG[group] * rng.uniform(0.7, 1.3), 2)])
    for d in range(districts):
        chosen = sorted(rng.sample(pool, 59))
        spec_foods = [{"food": "A015", "min_g": {"primary": 100, "upper_primary": 150},
                       "max_g": {"primary": 100, "upper_primary": 150}}]
        oils = []
        for code, group in chosen:
            top = POOL[group][1]
            spec_foods.append({"food": code, "max_g": rng.choice([top, top // 2 + top // 4, top])})
            if group == "Edible Oils and Fats":
                oils.append(code)
        spec = {
            "name": "District %03d" % (d + 1),
            "levels": ["primary", "upper_primary"],
            "days": DAYS,
            "foods": spec_foods,
            "nutrients": {"energy_kcal": {"min": "norm"}, "protein_g": {"min": "norm"},
                          "iron_mg": {"min": round(rng.uniform(2.0, 3.0), 1)},
                          "energy_from_fat_pct": {"max": 30}},
            "food_groups": {"pulses": {"min_g": "norm"}, "vegetables": {"min_g": "norm"},
                            "oil_fat": {"max_g": 10}},
            "cost": {"max_rs": "norm"},
        }
        if variety:
            spec["variety"] = {"max_days_per_food": 2, "except": ["A015"] + oils,
                               "min_different": {"pulses": 3, "vegetables": 5}, "time_limit_s": 10}
        with open(os.path.join(out_dir, "district-%03d.json" % (d + 1)), "w") as f:
            json.dump(spec, f, indent=1)


if __name__ == "__main__":
    main()
