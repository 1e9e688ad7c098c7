#!/usr/bin/env bash
# `make bench`: runs every scripts/bench-*.sh in turn. Each generates its own
# input under bench-data/ (not committed), runs poshan and a named baseline on
# the same input in the same run, and prints the ratio and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench-data
for b in scripts/bench-*.sh; do
  echo "== ${b#scripts/}"
  bash "$b"
done
