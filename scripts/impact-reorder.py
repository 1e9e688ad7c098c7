#!/usr/bin/python3
"""impact-reorder.py: writes a child-measurement file in another row order, to
show that `poshan impact estimate` gives the same results whatever the order.

    scripts/impact-reorder.py rounds   IN.csv OUT.csv   # all baseline rows, then all endline rows
    scripts/impact-reorder.py shuffled IN.csv OUT.csv   # every row at a random place (seed 11)

The header stays first; the rows are the same rows, byte for byte. Made
tests/fixtures/impact-children-rounds.csv and impact-children-shuffled.csv
from impact-children.csv."""
import random
import sys


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("rounds", "shuffled"):
        sys.exit(__doc__)
    how, source, target = sys.argv[1:]
    with open(source, newline="") as f:
        header, *rows = f.readlines()
    round_at = header.rstrip("\r\n").split(",").index("round")
    if how == "rounds":   # a stable sort: within a round, the rows keep their order
        rows.sort(key=lambda row: row.split(",")[round_at] != "baseline")
    else:
        random.Random(11).shuffle(rows)
    with open(target, "w", newline="") as f:
        f.write(header)
        f.writelines(rows)


if __name__ == "__main__":
    main()
