#!/usr/bin/python3
"""The baseline for `poshan menu evaluate --batch`: the same computation written
plainly with pandas (Debian's python3-pandas, run with /usr/bin/python3).

usage: menu-batch-baseline.py MENUS.csv NUTRIENTS_DIR OUT.csv

Reads the ingredient rows, joins them with the food tables on the food code,
sums grams x per-100 g values per school-day, and holds the sums against the
norms. The output has the same columns and number formats as poshan's.
"""
import json
import sys

import pandas as pd

SHOWN = ["energy_kcal", "protein_g", "fat_g", "carbohydrate_g", "fibre_g", "iron_mg",
         "calcium_mg", "zinc_mg", "folate_ug", "vitamin_c_mg"]


def main():
    menus_path, data, out = sys.argv[1:4]
    foods = pd.concat([pd.read_csv(f"{data}/ifct2017.csv"), pd.read_csv(f"{data}/products.csv")])
    # as poshan does: measured kilojoules converted in full precision, not the rounded kcal text
    measured = (foods["energy_source"].fillna("table") == "table") & (foods["energy_kj"].fillna(0) > 0)
    foods.loc[measured, "energy_kcal"] = foods.loc[measured, "energy_kj"] / 4.184
    foods = foods[["code"] + SHOWN].fillna(0).rename(columns={"code": "food"})
    norms = json.load(open(f"{data}/norms.json"))["levels"]
    menus = pd.read_csv(menus_path, dtype={"school_udise": str})
    rows = menus.merge(foods, on="food", how="left", sort=False)
    share = rows["grams"] / 100.0
    for c in SHOWN:
        rows[c] = share * rows[c]
    days = rows.groupby(["school_udise", "level", "day"], sort=False)[SHOWN].sum().reset_index()
    energy_norm = days["level"].map({k: v["energy_kcal"] for k, v in norms.items()})
    protein_norm = days["level"].map({k: v["protein_g"] for k, v in norms.items()})
    meets_e = days["energy_kcal"] + 1e-9 >= energy_norm
    meets_p = days["protein_g"] + 1e-9 >= protein_norm
    days["meets_energy_norm"] = meets_e.map({True: "true", False: "false"})
    days["meets_protein_norm"] = meets_p.map({True: "true", False: "false"})
    days["energy_shortfall_kcal"] = (energy_norm - days["energy_kcal"]).where(~meets_e, 0.0)
    days["protein_shortfall_g"] = (protein_norm - days["protein_g"]).where(~meets_p, 0.0)
    days["bad_rows"] = 0
    formats = {c: "%.1f" if c == "energy_kcal" else "%.2f" for c in SHOWN}
    formats["energy_shortfall_kcal"] = "%.1f"
    formats["protein_shortfall_g"] = "%.2f"
    for c, fmt in formats.items():
        days[c] = days[c].map(lambda v, fmt=fmt: fmt % v)
    days.to_csv(out, index=False)


if __name__ == "__main__":
    main()
