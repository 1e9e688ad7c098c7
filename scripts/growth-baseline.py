#!/usr/bin/python3
"""growth-baseline.py: `poshan growth zscores`, written plainly with numpy
(vectorised), the baseline of scripts/bench-growth.sh.

    /usr/bin/python3 scripts/growth-baseline.py IN.csv OUT.csv

Reads the WHO 2007 LMS tables and rules.json from nutrients/who2007/, then
the measurements a million rows at a time (np.loadtxt), computes BMI and the
three z-scores as WHO's anthroplus does (L, M, S interpolated between whole
months; restricted rule beyond +-3 SD for weight and BMI; rounded to 2
decimals; flags; no weight-based score with oedema) and writes every row
with bmi, haz, waz, baz and the three flags added (np.savetxt). Expects
age_months (not dates), sex as M/F and an oedema column, as
scripts/growth-generate.py writes."""
import itertools
import json
import sys

import numpy as np

CHUNK = 1_000_000
WHO = "nutrients/who2007"


def load(rules):
    tables = {}
    for ind in rules["indicators"]:
        t = np.loadtxt("%s/%s" % (WHO, ind["table"]), delimiter="\t", skiprows=1)
        first = int(t[0, 1])
        months = int((t[:, 0] == 1).sum())
        lms = t[:, 2:5].reshape(2, months, 3)   # [sex - 1, month - first, (l, m, s)]
        tables[ind["name"]] = (ind, first, lms)
    return tables


def zscore(table, sex, age, y, decimals):
    ind, first, lms = table
    lo, hi = ind["age_months"]
    ok = (age >= lo) & (age <= hi) & ~np.isnan(y)
    a = np.where(ok, age, lo)
    low = np.floor(a)
    diff = a - low
    i = (low - first).astype(np.int64)
    j = np.minimum(i + 1, lms.shape[1] - 1)
    s = sex - 1
    p0, p1 = lms[s, i], lms[s, j]
    p = p0 + diff[:, None] * (p1 - p0)
    L, M, S = p[:, 0], p[:, 1], p[:, 2]
    z = ((y / M) ** L - 1) / (L * S)
    if ind["restricted_beyond_3sd"]:
        def sd(k):
            return M * (1 + L * S * k) ** (1 / L)
        sd3, sd2, sdm2, sdm3 = sd(3), sd(2), sd(-2), sd(-3)
        z = np.where(z > 3, 3 + (y - sd3) / (sd3 - sd2), z)
        z = np.where(z < -3, -3 + (y - sdm3) / (sdm2 - sdm3), z)
    z = np.round(z, decimals) + 0.0   # + 0.0: no -0.00
    z[~ok] = np.nan
    flag = ((z < ind["flag_below"]) | (z > ind["flag_above"])).astype(np.int64)
    return z, flag


def text(values, fmt):
    out = np.char.mod(fmt, values)
    out[np.isnan(values)] = ""
    return out


def main():
    rules = json.load(open(WHO + "/rules.json"))
    tables = load(rules)
    src, dst = open(sys.argv[1]), open(sys.argv[2], "w")
    header = src.readline().rstrip("\n").split(",")
    col = {name: i for i, name in enumerate(header)}
    dst.write(",".join(header + ["bmi", "haz", "waz", "baz", "haz_flag", "waz_flag", "baz_flag"]) + "\n")
    while True:
        lines = list(itertools.islice(src, CHUNK))
        if not lines:
            break
        rows = np.loadtxt(lines, delimiter=",", dtype=str, ndmin=2)
        sex = np.where(rows[:, col["sex"]] == "M", 1, 2)
        age = rows[:, col["age_months"]].astype(float)
        kg = rows[:, col["weight_kg"]].astype(float)
        cm = rows[:, col["height_cm"]].astype(float)
        oedema = rows[:, col["oedema"]] == "y"
        bmi = kg / (cm / 100) ** 2
        haz, fh = zscore(tables["haz"], sex, age, cm, rules["decimals"])
        waz, fw = zscore(tables["waz"], sex, age, np.where(oedema, np.nan, kg), rules["decimals"])
        baz, fb = zscore(tables["baz"], sex, age, np.where(oedema, np.nan, bmi), rules["decimals"])
        added = [text(bmi, "%.2f"), text(haz, "%.2f"), text(waz, "%.2f"), text(baz, "%.2f"),
                 text(np.where(np.isnan(haz), np.nan, fh), "%.0f"), text(np.where(np.isnan(waz), np.nan, fw), "%.0f"),
                 text(np.where(np.isnan(baz), np.nan, fb), "%.0f")]
        np.savetxt(dst, np.column_stack([rows] + added), fmt="%s", delimiter=",")
    dst.close()


if __name__ == "__main__":
    main()
