#!/usr/bin/env bash
# End-to-end test: Debian's headless Chromium against `poshan serve` on loopback.
# A person's path: log in with a name and password, reach the dashboard, check a menu and read
# the day's row, open the lab upload form, upload a lab file with one bad row and see it named
# in the form's words, upload a good one, store a partial one and download its rejected row,
# correct a sample with a reason and read its history, search the stored samples, see the
# batches, see the flags table and filter it (also at a phone's width), issue a new token on
# the admin's users page, open the egg plan from the plans list.
# The whole path runs twice: in English, then in Hindi (chosen with the switch on the login page;
# screenshots NAME-hi.png). Every page it opens is checked by axe-core (npm, node_modules/, installed
# by scripts/install-deps.sh) at WCAG 2.1 AA in both languages: a violation fails the step.
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
[ -f node_modules/axe-core/axe.min.js ] || { echo "e2e: no node_modules/axe-core: run scripts/install-deps.sh"; exit 1; }
cp node_modules/axe-core/axe.min.js "$scratch/web/static/"
password="haldi chawal 42"
# A server on a fresh database (LANG names it): each language's path starts from nothing stored.
start_server() {
  db="$scratch/e2e-$1.db"
  "$bin" users add asha --role advisor --db "$db" >/dev/null
  "$bin" users add mitra --role lab --lab "Mitra S K Lab Kolkata" --db "$db" >/dev/null
  "$bin" users add root --role admin --db "$db" >/dev/null
  for name in asha mitra root; do
    printf '%s\n' "$password" | "$bin" users passwd "$name" --db "$db" 2>/dev/null
  done
  log="$scratch/serve-$1.log"
  : >"$log"
  "$bin" serve --db "$db" --port 0 --pages "$scratch/web" >"$log" 2>&1 &
  server=$!
  for _ in $(seq 100); do grep -q 'serving http' "$log" && break; sleep 0.1; done
  port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
  [ -n "$port" ] || { echo "e2e: the server did not start:"; cat "$log"; exit 1; }
}

# SIGTERM stops the server cleanly, and its sanitizers (under build/san) said nothing
stop_server() {
  kill -TERM "$server"
  if wait "$server"; then echo "e2e: SIGTERM stopped the server cleanly"; else echo "e2e: the server exited badly on SIGTERM"; failed=1; fi
  server=""
  if grep -q -E 'runtime error|AddressSanitizer|LeakSanitizer' "$log"; then
    echo "e2e: the server's sanitizers reported:"; cat "$log"; failed=1
  fi
}

# chromium FLAGS... URL, in a fresh profile; bounded by timeout
browse() {
  local profile
  profile=$(mktemp -d "$scratch/profile-XXXXXX")
  timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    --virtual-time-budget=20000 "$@" 2>/dev/null
}

failed=0
lang=en
step() {  # NAME USER STEP [WIDTH,HEIGHT]
  local url="http://127.0.0.1:$port/static/harness.html?step=$3&name=$2&password=${password// /+}&lang=$lang" verdict
  verdict=$(browse --dump-dom --window-size="${4:-1280,900}" "$url" | grep -o 'E2E-[A-Z]*[^<]*' | head -1)
  browse --screenshot="$PWD/$out/$1.png" --window-size="${4:-1280,900}" "$url" >/dev/null || true
  if [ "$verdict" = "E2E-OK $3" ]; then
    echo "e2e: $1 ok (screenshot $out/$1.png)"
  else
    echo "e2e: $1 FAILED: ${verdict:-no answer from the page}"
    failed=1
  fi
}
path() {
step dashboard$1 asha login
step menu-check$1 asha menu
step lab-form$1 mitra lab
step lab-upload-bad-row$1 mitra labbad
step lab-upload-good$1 mitra labgood
step lab-upload-partial$1 mitra labpartial
step lab-correction-history$1 mitra labamend
step lab-samples-search$1 mitra labsamples
step lab-batches$1 mitra labbatches
step lab-flags$1 asha flags
step lab-flags-filtered$1 asha flagsfilter
step lab-flags-phone$1 asha flags 390,844
step lab-samples-phone$1 mitra labsamples 390,844
step users-new-token$1 root users
step plans$1 asha plans
step error-page$1 asha errorpage
}
start_server en
path ""
stop_server
lang=hi
start_server hi
path -hi
stop_server
exit $failed
