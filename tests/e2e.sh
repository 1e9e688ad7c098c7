#!/usr/bin/env bash
# End-to-end test: Debian's headless Chromium against `poshan serve` on loopback.
# A person's path: log in with a name and password, reach the dashboard, check a menu and read
# the day's row, open the lab upload form, upload a lab file with one bad row and see it named
# in the form's words, upload a good one, store a partial one and download its rejected row,
# correct a sample with a reason and read its history, search the stored samples, see the
# batches, see the flags table and filter it (also at a phone's width), issue a new token on
# the admin's users page, open the egg plan from the plans list.
# Screenshots go to build/e2e/ (test artifacts).
# Fails if a step fails or any page shows an error box. Run by `make e2e`; `make test` runs it
# again with POSHAN_BIN=build/san/poshan, so that every page is served under ASan and UBSan: a
# sanitizer report in the server's log fails it too.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${POSHAN_BIN:-build/poshan}
chromium=${CHROMIUM:-/usr/bin/chromium}
out=${E2E_OUT:-build/e2e}
scratch=$(mktemp -d /tmp/poshan-e2e-XXXXXX)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$out"

# the real pages, plus the harness and a menu in static/
cp -R web "$scratch/web"
cp tests/e2e/harness.* tests/e2e/lab-*.csv menus/norm-basket.json "$scratch/web/static/"
db="$scratch/e2e.db"
password="haldi chawal 42"
"$bin" users add asha --role advisor --db "$db" >/dev/null
"$bin" users add mitra --role lab --lab "Mitra S K Lab Kolkata" --db "$db" >/dev/null
"$bin" users add root --role admin --db "$db" >/dev/null
for name in asha mitra root; do
  printf '%s\n' "$password" | "$bin" users passwd "$name" --db "$db" 2>/dev/null
done

: >"$scratch/serve.log"
"$bin" serve --db "$db" --port 0 --pages "$scratch/web" >"$scratch/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q 'serving http' "$scratch/serve.log" && break; sleep 0.1; done
port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$scratch/serve.log")
[ -n "$port" ] || { echo "e2e: the server did not start:"; cat "$scratch/serve.log"; exit 1; }

# chromium FLAGS... URL, in a fresh profile; bounded by timeout
browse() {
  local profile
  profile=$(mktemp -d "$scratch/profile-XXXXXX")
  timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    --virtual-time-budget=20000 "$@" 2>/dev/null
}

failed=0
step() {  # NAME USER STEP [WIDTH,HEIGHT]
  local url="http://127.0.0.1:$port/static/harness.html?step=$3&name=$2&password=${password// /+}" verdict
  verdict=$(browse --dump-dom --window-size="${4:-1280,900}" "$url" | grep -o 'E2E-[A-Z]*[^<]*' | head -1)
  browse --screenshot="$PWD/$out/$1.png" --window-size="${4:-1280,900}" "$url" >/dev/null || true
  if [ "$verdict" = "E2E-OK $3" ]; then
    echo "e2e: $1 ok (screenshot $out/$1.png)"
  else
    echo "e2e: $1 FAILED: ${verdict:-no answer from the page}"
    failed=1
  fi
}
step dashboard asha login
step menu-check asha menu
step lab-form mitra lab
step lab-upload-bad-row mitra labbad
step lab-upload-good mitra labgood
step lab-upload-partial mitra labpartial
step lab-correction-history mitra labamend
step lab-samples-search mitra labsamples
step lab-batches mitra labbatches
step lab-flags asha flags
step lab-flags-filtered asha flagsfilter
step lab-flags-phone asha flags 390,844
step lab-samples-phone mitra labsamples 390,844
step users-new-token root users
step plans asha plans

# SIGTERM stops the server cleanly
kill -TERM "$server"
if wait "$server"; then echo "e2e: SIGTERM stopped the server cleanly"; else echo "e2e: the server exited badly on SIGTERM"; failed=1; fi
server=""
if grep -q -E 'runtime error|AddressSanitizer|LeakSanitizer' "$scratch/serve.log"; then
  echo "e2e: the server's sanitizers reported:"; cat "$scratch/serve.log"; failed=1
fi
exit $failed
