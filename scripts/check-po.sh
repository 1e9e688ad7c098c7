#!/bin/sh
# check-po.sh: fails when a user-facing string of the sources is not translated.
#
# Gathers a fresh template of every _() and N_() string (the Makefile's
# pot-template target, the same xgettext options as `make pot`) into a
# temporary file, merges it into a temporary copy of each po/LANG.po as
# `make pot` would, and names every string that copy leaves untranslated or
# fuzzy (a msgid that changed and whose old translation no longer holds).
# Nothing under po/ is changed. Run by `make test`; fix with `make pot`, then
# translate the named strings in po/LANG.po.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
make --no-print-directory -s pot-template POT_OUT="$tmp/poshan.pot" >/dev/null
status=0
for po in po/*.po; do
    cp "$po" "$tmp/merged.po"
    msgmerge --quiet --update --backup=none "$tmp/merged.po" "$tmp/poshan.pot"
    for kind in untranslated only-fuzzy; do
        msgattrib --force-po --$kind --no-obsolete --no-wrap -o "$tmp/$kind.po" "$tmp/merged.po"
        # each message but the header (msgid ""), its lines joined into one (a help text
        # is a msgid of many lines: it counts as much as a one-line message)
        awk '/^msgid / { id = substr($0, 7); inid = 1; next }
             inid && /^"/ { id = id $0; next }
             inid { inid = 0; gsub(/""/, "", id); if (id != "\"\"" && id != "") print id }' \
            "$tmp/$kind.po" > "$tmp/$kind.txt"
        if [ -s "$tmp/$kind.txt" ]; then
            what=$([ $kind = untranslated ] && echo "not translated" || echo "fuzzy (its msgid changed)")
            echo "check-po: $po: $(wc -l < "$tmp/$kind.txt") strings $what:" >&2
            sed 's/^/  /' "$tmp/$kind.txt" >&2
            status=1
        fi
    done
done
[ $status -eq 0 ] && echo "check-po: every string of po/poshan.pot is translated in $(ls po/*.po | tr '\n' ' ')"
exit $status
