#!/usr/bin/python3
"""Compares two CSV outputs row by row: same header, same rows in the same order,
text fields equal, numbers equal to within one unit of their last printed decimal
(two programs that sum in a different order may round a tie differently; of the two
figures, the one printed with more decimals, where a verdict needed them, sets the unit:
the coarser one).

usage: compare-csv.py A.csv B.csv     exit 0 when equal in that sense
"""
import csv
import sys


def unit(text):
    return 10.0 ** -(len(text) - text.index(".") - 1) if "." in text else 1.0


def main():
    a, b = (csv.reader(open(p, newline="")) for p in sys.argv[1:3])
    rows = identical = 0
    worst = 0.0
    for ra, rb in zip(a, b, strict=True):
        rows += 1
        identical += ra == rb
        if len(ra) != len(rb):
            sys.exit(f"row {rows}: {len(ra)} fields against {len(rb)}")
        for x, y in zip(ra, rb):
            if x == y:
                continue
            try:
                d = abs(float(x) - float(y))
            except ValueError:
                sys.exit(f"row {rows}: '{x}' against '{y}'")
            if d > max(unit(x), unit(y)) + 1e-9:
                sys.exit(f"row {rows}: {x} against {y}")
            worst = max(worst, d)
    print(f"outputs equal: {rows} rows, {identical} byte-identical, the rest differ by at most "
          f"{worst:.2g} (one unit of the last printed decimal)")


if __name__ == "__main__":
    main()
