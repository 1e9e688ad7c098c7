#!/usr/bin/env bash
# check-po.sh: fails when a user-facing string has no Hindi. Makes a fresh
# template of every _() of the C sources and every {{_ text}} of the page
# templates (`make pot-template`, into a scratch file: po/ is left as it is),
# then msgcmp lists each msgid of it that po/LANG.po lacks, leaves untranslated
# or marks fuzzy. Run by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d /tmp/poshan-po-XXXXXX)
trap 'rm -rf "$scratch"' EXIT
make --no-print-directory --silent pot-template POT="$scratch/poshan.pot" >/dev/null
failed=0
for po in po/*.po; do
  if ! msgcmp "$po" "$scratch/poshan.pot" 2>"$scratch/msgcmp.log"; then
    echo "check-po.sh: $po lacks a translation (or has a fuzzy one) of these strings; run 'make pot' and translate them:" >&2
    grep -v '^msgcmp: found' "$scratch/msgcmp.log" | sed 's/^/  /' >&2
    failed=1
  fi
done
[ $failed -eq 0 ] && echo "check-po.sh: every string of $(grep -c '^msgid' "$scratch/poshan.pot") has its translation in po/*.po"
exit $failed
