#!/usr/bin/env bash
# Installs, from Debian, the packages poshan needs that this machine lacks.
# Idempotent: when everything is present it installs nothing and exits at once.
#   scripts/install-deps.sh          build and test dependencies
#   scripts/install-deps.sh --bench  also what `make bench` compares against
#   scripts/install-deps.sh --r      also R with estimatr (re-running scripts/impact-reference.R)
set -euo pipefail

packages=(gcc make pkg-config libgsl-dev libcsv-dev libcjson-dev libcriterion-dev
          libsqlite3-dev sqlite3 clang libclang-rt-14-dev libmicrohttpd-dev libsodium-dev libssl-dev
          libglpk-dev  # GNU GLPK: the menu optimiser's linear and mixed-integer programs
          chromium   # chromium: the end-to-end test of the web pages (tests/e2e.sh)
          weasyprint poppler-utils   # `poshan report --pdf`, and its test reading the PDF back
          fonts-lohit-deva   # a Devanagari font: Hindi names print as text, not boxes
          fonts-sil-annapurna   # a Devanagari font with a bold face (2.3 MB): bold Hindi prints bold
          gettext locales-all  # Hindi: msgfmt/xgettext build po/*.po; hi_IN.UTF-8 lets a thread speak Hindi
          go-md2man)  # build/poshan.1 from docs/poshan.1.md: 1.8 MB installed, where pandoc is 168 MB
# npm fetches axe-core (package.json), the accessibility check of tests/e2e.sh. A machine
# whose Node.js brings its own npm keeps it: Debian's npm cannot be installed beside it.
command -v npm >/dev/null || packages+=(npm)
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(time python3-pandas python3-numpy sqlite3 r-base-core r-cran-estimatr r-cran-sandwich r-cran-data.table wrk glpk-utils) ;;
    --r) packages+=(r-base-core r-cran-estimatr r-cran-sandwich) ;;
    *) echo "install-deps.sh: unknown option '$arg' (use --bench or --r)" >&2; exit 2 ;;
  esac
done

# axe-core, exactly as package-lock.json pins it, into node_modules/ (npm's own client).
npm_deps() {
  [ -f "$(dirname "$0")/../node_modules/axe-core/axe.min.js" ] && return 0
  command -v npm >/dev/null || return 0  # installed below; the next run fetches axe-core
  (cd "$(dirname "$0")/.." && npm ci --no-audit --no-fund --loglevel=error)
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then npm_deps; exit 0; fi

echo "install-deps.sh: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps.sh: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
# A fresh machine has empty package lists: update before installing.
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
npm_deps
