#!/usr/bin/env bash
# Checks that the engine's layers stay layers (engine/README.md):
#   base/                        includes only base/
#   the library (foods, lab, store, plans, stats, report) includes only the library
#   server/                      includes the library and server/, never cli/
#   cli/                         may include anything
# A header is found by its name in the folders, as the compiler finds it. Exit 1
# with every crossing named (file, line, header, its layer) when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A layer_of
for h in engine/*/*.h; do
  name=${h##*/}
  dir=${h#engine/}; dir=${dir%%/*}
  if [ -n "${layer_of[$name]:-}" ]; then
    echo "check-layers: $name is in two folders (${layer_of[$name]} and $dir): names must be unique" >&2
    exit 1
  fi
  layer_of[$name]=$dir
done

allowed() {  # allowed FROM-DIR TO-DIR
  local from=$1 to=$2
  case $from in
    base) [ "$to" = base ] ;;
    cli) true ;;
    server) [ "$to" != cli ] ;;
    *) [ "$to" != cli ] && [ "$to" != server ] ;;
  esac
}

bad=0
for f in engine/*/*.c engine/*/*.h; do
  from=${f#engine/}; from=${from%%/*}
  while IFS=: read -r line text; do
    name=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]+)".*/\1/' <<<"$text")
    to=${layer_of[$name]:-}
    [ -z "$to" ] && continue   # a system header or a test's own
    if ! allowed "$from" "$to"; then
      echo "$f:$line: includes $name from engine/$to/, which the $from layer must not see" >&2
      bad=1
    fi
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" || true)
done
[ $bad -eq 0 ] && echo "check-layers: the library includes nothing of cli/ or server/"
exit $bad
