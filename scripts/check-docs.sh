#!/usr/bin/env bash
# Runs every example of the documentation, so the docs cannot drift from the program.
#
#   scripts/check-docs.sh [FILE.md ...]     (default: README.md and every docs/**/*.md)
#
# An example is a fenced block marked ```console. In it:
#   $ poshan ...          a command (a line ending in \ goes on on the next line; a here-document,
#                         <<'EOF' ... EOF, is part of the command)
#   the lines after it    the output shown: compared with what the command writes, its standard
#                         output followed by its standard error, trailing spaces ignored; no
#                         lines shown means the output is not compared
#   ...                   alone on a line: any number of lines (none too); inside a line: any text
#   [exit N]              last line of the shown output: the command must exit with status N
#                         (otherwise it must exit 0); a pipeline's status is its last command's,
#                         as in a reader's shell, so `poshan ... | head` is judged by its output
# Blocks marked ```sh, ```json, ```csv or anything else are not run.
# A line <!-- check-docs: fresh --> between blocks starts the examples after it in a new scratch
# directory (a new database), as a reader starting that section afresh would.
#
# Each documentation file's commands run in order, in a fresh scratch directory holding a copy of
# menus/, nutrients/, web/, tests/fixtures/ and docs/examples/ under the same names, so a path
# written as from the top of the project works and nothing the examples write lands in the
# project (databases, letters, rejects files are made in the scratch directory). `poshan` on the
# PATH is build/poshan (or $POSHAN_BIN). The language is English (LANG=C.UTF-8), the user `clerk`.
# A failure names the documentation file and the line of the command, and shows the difference.
# Needs python3 (installed with weasyprint by scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${POSHAN_BIN:-build/poshan}")
[ -x "$bin" ] || { echo "check-docs: $bin is not built (make build/poshan)" >&2; exit 2; }
if [ $# -eq 0 ]; then
  set -- README.md $(find docs -name '*.md' | sort)
fi
exec python3 - "$bin" "$@" <<'PY'
import os, re, shutil, subprocess, sys, tempfile

binary, files = sys.argv[1], sys.argv[2:]
top = os.getcwd()
COPIED = ["menus", "nutrients", "web", "tests/fixtures", "docs/examples"]

def examples(path):
    """Yields (line number, command, expected lines or None, expected exit status)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i, inside = 0, False
    while i < len(lines):
        line = lines[i]
        fence = line.strip()
        if not inside:
            if fence == "<!-- check-docs: fresh -->":
                yield i + 1, None, None, None
            if fence.startswith("```console"):
                inside = True
            i += 1
            continue
        if fence.startswith("```"):
            inside = False
            i += 1
            continue
        if not line.startswith("$ "):
            raise SystemExit(f"{path}:{i + 1}: a console block must start with '$ command'")
        start = i + 1
        command = line[2:]
        i += 1
        while command.endswith("\\") and i < len(lines):
            command += "\n" + lines[i]
            i += 1
        heredoc = re.search(r"<<-?\s*'?\"?(\w+)'?\"?", command)
        if heredoc:
            end = heredoc.group(1)
            while i < len(lines) and lines[i] != end:
                command += "\n" + lines[i]
                i += 1
            command += "\n" + end
            i += 1
        shown = []
        while i < len(lines) and not lines[i].startswith("$ ") and not lines[i].strip().startswith("```"):
            shown.append(lines[i].rstrip())
            i += 1
        status = 0
        while shown and shown[-1] == "":
            shown.pop()
        if shown and re.fullmatch(r"\[exit \d+\]", shown[-1]):
            status = int(shown[-1][6:-1])
            shown.pop()
        yield start, command, (shown if shown else None), status

def line_matches(pattern, text):
    if "..." not in pattern:
        return pattern == text
    regex = ".*".join(re.escape(part) for part in pattern.split("..."))
    return re.fullmatch(regex, text) is not None

def matches(shown, got):
    """Whether got (lines) fits shown, '...' lines standing for any number of lines."""
    memo = {}
    def fit(a, b):
        if (a, b) in memo:
            return memo[(a, b)]
        if a == len(shown):
            result = b == len(got)
        elif shown[a] == "...":
            result = any(fit(a + 1, k) for k in range(b, len(got) + 1))
        else:
            result = b < len(got) and line_matches(shown[a], got[b]) and fit(a + 1, b + 1)
        memo[(a, b)] = result
        return result
    return fit(0, 0)

failures = 0
count = 0
def scratch_dir():
    scratch = tempfile.mkdtemp(prefix="poshan-docs-")
    for folder in COPIED:
        if os.path.isdir(folder):
            shutil.copytree(folder, os.path.join(scratch, folder), symlinks=True)
    bindir = os.path.join(scratch, ".bin")
    os.mkdir(bindir)
    os.symlink(binary, os.path.join(bindir, "poshan"))
    return scratch

base_env = {k: v for k, v in os.environ.items() if not k.startswith(("POSHAN_", "LC_", "LANGUAGE"))}
scratches = []
try:
    for path in files:
        scratch = scratch_dir()
        scratches.append(scratch)
        for start, command, shown, status in examples(path):
            if command is None:
                scratch = scratch_dir()
                scratches.append(scratch)
                continue
            count += 1
            env = dict(base_env, PATH=os.path.join(scratch, ".bin") + ":" + os.environ.get("PATH", "/usr/bin:/bin"),
                       LANG="C.UTF-8", USER="clerk", HOME=scratch, COLUMNS="200")
            try:
                run = subprocess.run(["bash", "-c", command], cwd=scratch, env=env,
                                     stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
                out = run.stdout.decode("utf-8", "replace") + run.stderr.decode("utf-8", "replace")
                code = run.returncode
            except subprocess.TimeoutExpired:
                out, code = "(timed out after 300 s)\n", -1
            got = [l.rstrip() for l in out.split("\n")]
            while got and got[-1] == "":
                got.pop()
            wrong = []
            if code != status:
                wrong.append(f"exit status {code}, the docs say {status}")
            if shown is not None and not matches(shown, got):
                wrong.append("its output differs from the one shown")
            if wrong:
                failures += 1
                first = command.split("\n")[0]
                print(f"{path}:{start}: {'; '.join(wrong)}: $ {first}", file=sys.stderr)
                if shown is not None:
                    print("  shown:", file=sys.stderr)
                    for l in shown[:40]:
                        print("    " + l, file=sys.stderr)
                print("  got:", file=sys.stderr)
                for l in got[:40]:
                    print("    " + l, file=sys.stderr)
                if len(got) > 40:
                    print(f"    ({len(got) - 40} more lines)", file=sys.stderr)
finally:
    for scratch in scratches:
        shutil.rmtree(scratch, ignore_errors=True)

print(f"check-docs: {count} examples in {len(files)} files, {failures} failed")
sys.exit(1 if failures else 0)
PY
