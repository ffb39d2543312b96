#!/usr/bin/env bash
# Time replylint against the prose linters that are installed (proselint,
# write-good, alex) on the same reply files, whole process, and print one
# markdown table.
#
# usage: bash bench/compare.sh [--install] [--corpus FILE.jsonl] [--limit N]
#                              [--runs N] [--peer-runs N] [--keep]
#
#   --install     install what is missing, each announced first: hyperfine and
#                 time (apt-get), proselint (pip), write-good and alex (npm -g).
#                 Without it nothing is installed; a missing peer is skipped.
#   --corpus F    JSON lines with a `text` field per reply
#                 (default: ../shared/corpus/twcs/replies.jsonl beside the repo).
#   --limit N     use only the first N replies (default: all).
#   --runs N      hyperfine runs for replylint (default 20).
#   --peer-runs N hyperfine runs for the slower peers (default 3).
#   --keep        keep the temporary directory with the inputs.
#
# The corpus is read at run time and written to a temporary directory: one
# file per reply (`replies/NNNNN.txt`) and one JSONL batch file with only
# `id` and `text`. Nothing from it is written into the repository.
#
# Measured per tool:
#   throughput    bytes of reply text / hyperfine mean time over the directory
#                 of files (MB = 10^6 bytes), one process for all files
#   one draft     hyperfine mean of one process on bench/one-draft.txt (~1 KB)
#   peak memory   max RSS from /usr/bin/time -v, for the one-draft run and the
#                 corpus run
# and for replylint also `--batch` throughput and RAYON_NUM_THREADS=1 vs all
# cores on the directory (the parallel speed-up).
set -euo pipefail

die() {
    echo "compare.sh: error: $*" >&2
    exit 2
}
note() { echo "compare.sh: $*" >&2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INSTALL=0
CORPUS="$ROOT/../shared/corpus/twcs/replies.jsonl"
LIMIT=0
RUNS=20
PEER_RUNS=3
KEEP=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --install) INSTALL=1 ;;
        --corpus) CORPUS="${2:?--corpus needs a file}"; shift ;;
        --limit) LIMIT="${2:?--limit needs a number}"; shift ;;
        --runs) RUNS="${2:?--runs needs a number}"; shift ;;
        --peer-runs) PEER_RUNS="${2:?--peer-runs needs a number}"; shift ;;
        --keep) KEEP=1 ;;
        -h|--help) sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
    shift
done
[[ "$LIMIT" =~ ^[0-9]+$ ]] || die "--limit must be a number, got '$LIMIT'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number, got '$RUNS'"
[[ "$PEER_RUNS" =~ ^[1-9][0-9]*$ ]] || die "--peer-runs must be a positive number, got '$PEER_RUNS'"
[[ -f "$CORPUS" ]] || die "corpus not found: $CORPUS (give one with --corpus FILE.jsonl; each line needs a \"text\" field)"
CORPUS="$(cd "$(dirname "$CORPUS")" && pwd)/$(basename "$CORPUS")"
command -v python3 >/dev/null || die "python3 is needed to prepare the inputs"
command -v cargo >/dev/null || die "cargo is needed to build replylint"

# ------------------------------------------------------------ tools
# Each entry: command | how it is installed.
declare -A HOW=(
    [hyperfine]="apt-get install -y hyperfine"
    [/usr/bin/time]="apt-get install -y time"
    [proselint]="python3 -m pip install proselint"
    [write-good]="npm install -g write-good"
    [alex]="npm install -g alex"
)
have() { [[ "$1" == /* ]] && [[ -x "$1" ]] || command -v "$1" >/dev/null 2>&1; }

missing=()
for tool in hyperfine /usr/bin/time proselint write-good alex; do
    have "$tool" || missing+=("$tool")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $INSTALL -eq 1 ]]; then
        apt_updated=0
        for tool in "${missing[@]}"; do
            cmd="${HOW[$tool]}"
            note "installing $tool: $cmd"
            if [[ "$cmd" == apt-get* && $apt_updated -eq 0 ]]; then
                note "first: apt-get update"
                apt-get update -qq || die "apt-get update failed"
                apt_updated=1
            fi
            # shellcheck disable=SC2086
            $cmd >&2 || note "install of $tool failed; it will be skipped if it is a peer"
        done
        hash -r
    else
        for tool in "${missing[@]}"; do
            note "missing $tool; with --install this would run: ${HOW[$tool]}"
        done
    fi
fi
have hyperfine || die "hyperfine is needed (bash bench/compare.sh --install, or: apt-get install hyperfine)"
have /usr/bin/time || die "/usr/bin/time is needed for peak memory (bash bench/compare.sh --install, or: apt-get install time)"

# ------------------------------------------------------------ build
note "building replylint (release)"
(cd "$ROOT" && cargo build --release --locked --quiet) || die "cargo build --release failed"
TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
BIN="$TARGET_DIR/release/replylint"
[[ -x "$BIN" ]] || die "built binary not found at $BIN"

# ------------------------------------------------------------ inputs
WORK="$(mktemp -d "${TMPDIR:-/tmp}/replylint-compare.XXXXXX")"
cleanup() { [[ $KEEP -eq 1 ]] && note "inputs kept in $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$WORK/replies" "$WORK/one" "$WORK/out"
cp "$ROOT/bench/one-draft.txt" "$WORK/one/draft.txt"

read -r NFILES BYTES < <(python3 - "$CORPUS" "$WORK" "$LIMIT" <<'PY'
import json, os, sys
corpus, work, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = total = 0
with open(corpus, encoding="utf-8") as f, \
        open(os.path.join(work, "batch.jsonl"), "w", encoding="utf-8") as batch:
    for line in f:
        if not line.strip():
            continue
        text = json.loads(line).get("text")
        if not isinstance(text, str):
            continue
        n += 1
        data = text.encode("utf-8")
        total += len(data)
        with open(os.path.join(work, "replies", f"{n:05}.txt"), "wb") as out:
            out.write(data)
        batch.write(json.dumps({"id": n, "text": text}) + "\n")
        if limit and n >= limit:
            break
print(n, total)
PY
)
[[ "$NFILES" -gt 0 ]] || die "no reply with a \"text\" field in $CORPUS"
ONE_BYTES="$(wc -c <"$WORK/one/draft.txt")"
note "inputs: $NFILES replies, $BYTES bytes of text, one draft of $ONE_BYTES bytes, in $WORK"

# ------------------------------------------------------------ commands
# Every tool gets its default output (discarded by hyperfine); linters exit
# non-zero when they find something, so exit codes are ignored (-i), but each
# tool is first run once and skipped if it cannot run at all.
ONE="$WORK/one/draft.txt"
DIR="$WORK/replies"
# A corpus command for peers that take file names: the shell expands the glob
# inside the replies directory (a few ms, against seconds of linting).
glob_cmd() { printf "bash -c %q" "cd $DIR && exec $1 ./*.txt"; }

declare -a TOOLS=(replylint)
declare -A ONE_CMD=([replylint]="$BIN check $ONE")
declare -A DIR_CMD=([replylint]="$BIN check $DIR")
declare -A VERSION=([replylint]="$(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- src rules Cargo.toml Cargo.lock build.rs || echo '+dirty')")

if have proselint; then
    # proselint 0.16 has subcommands (`proselint check FILE`); older ones take files.
    if proselint check --help >/dev/null 2>&1; then p="proselint check"; else p="proselint"; fi
    TOOLS+=(proselint)
    ONE_CMD[proselint]="$p $ONE"
    DIR_CMD[proselint]="$(glob_cmd "$p")"
    VERSION[proselint]="$({ proselint version || proselint --version; } 2>&1 | grep -Eo '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -1 || true)"
else
    note "skipping proselint: not installed (pip install proselint, or run with --install)"
fi
if have write-good; then
    TOOLS+=(write-good)
    ONE_CMD[write-good]="write-good $ONE"
    DIR_CMD[write-good]="$(glob_cmd write-good)"
    VERSION[write-good]="$(write-good --version 2>&1 | grep -Eo '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -1 || true)"
else
    note "skipping write-good: not installed (npm install -g write-good, or run with --install)"
fi
if have alex; then
    TOOLS+=(alex)
    # --text: plain text, not markdown (the replies are plain text).
    ONE_CMD[alex]="alex --text $ONE"
    DIR_CMD[alex]="$(glob_cmd "alex --text")"
    VERSION[alex]="$(alex --version 2>&1 | grep -Eo '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -1 || true)"
else
    note "skipping alex: not installed (npm install -g alex, or run with --install)"
fi

runnable=()
for t in "${TOOLS[@]}"; do
    set +e
    bash -c "${ONE_CMD[$t]}" >"$WORK/out/$t.one" 2>&1
    rc=$?
    set -e
    # 0/1 are "clean"/"findings" for every tool here; 126/127 and signals are not.
    if [[ $rc -ge 2 ]] && ! grep -q . "$WORK/out/$t.one"; then
        note "skipping $t: exit code $rc with no output on the one-draft run"
    elif [[ $rc -ge 126 ]]; then
        note "skipping $t: exit code $rc on the one-draft run: $(head -c 300 "$WORK/out/$t.one")"
    else
        runnable+=("$t")
    fi
done
TOOLS=("${runnable[@]}")
[[ " ${TOOLS[*]} " == *" replylint "* ]] || die "replylint itself did not run: $(cat "$WORK/out/replylint.one")"

# hyperfine mean wall and CPU seconds of a command; $1 = label, $2 = runs, $3 = command, $4.. = extra hyperfine args
mean_of() {
    local label="$1" runs="$2" cmd="$3"
    shift 3
    local json="$WORK/out/$label.json"
    hyperfine --style none -i --warmup 1 --runs "$runs" "$@" --export-json "$json" -- "$cmd" >&2 ||
        die "hyperfine failed for $label: $cmd"
    # "wall cpu": mean wall seconds and mean user+system CPU seconds
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["mean"], r["user"] + r["system"])' "$json"
}
# Peak resident set size (KB) of one run of a command.
rss_of() {
    local label="$1" cmd="$2" log="$WORK/out/$1.time"
    /usr/bin/time -v bash -c "exec $cmd" >/dev/null 2>"$log" || true
    local kb
    kb="$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$log" | tail -1)"
    [[ -n "$kb" ]] || die "no max RSS for $label; /usr/bin/time said: $(tail -5 "$log")"
    echo "$kb"
}

declare -A T_DIR T_ONE RSS_ONE RSS_DIR LOAD
load1() { cut -d' ' -f1 /proc/loadavg; }
LOAD_BEFORE="$(uptime | sed 's/.*load average: //')"
for t in "${TOOLS[@]}"; do
    l0="$(load1)"
    runs=$RUNS
    [[ $t == replylint ]] || runs=$PEER_RUNS
    note "timing $t"
    # One draft: no shell in between (hyperfine -N), so process start counts exactly.
    T_ONE[$t]="$(mean_of "$t-one" "$RUNS" "${ONE_CMD[$t]}" -N)"
    if [[ $t == replylint ]]; then
        T_DIR[$t]="$(mean_of "$t-dir" "$runs" "${DIR_CMD[$t]}" -N)"
    else
        T_DIR[$t]="$(mean_of "$t-dir" "$runs" "${DIR_CMD[$t]}")"
    fi
    RSS_ONE[$t]="$(rss_of "$t-one" "${ONE_CMD[$t]}")"
    RSS_DIR[$t]="$(rss_of "$t-dir" "${DIR_CMD[$t]}")"
    LOAD[$t]="$l0–$(load1)"
done
l0="$(load1)"
note "timing replylint --batch and 1 thread vs $(nproc)"
T_BATCH="$(mean_of replylint-batch "$RUNS" "$BIN check --batch $WORK/batch.jsonl" -N)"
RSS_BATCH="$(rss_of replylint-batch "$BIN check --batch $WORK/batch.jsonl")"
T_1="$(mean_of replylint-1thread "$RUNS" "env RAYON_NUM_THREADS=1 $BIN check $DIR" -N)"
T_N="$(mean_of replylint-nthreads "$RUNS" "env RAYON_NUM_THREADS=$(nproc) $BIN check $DIR" -N)"
LOAD_EXTRA="$l0–$(load1)"
LOAD_AFTER="$(uptime | sed 's/.*load average: //')"

# ------------------------------------------------------------ table
export BYTES ONE_BYTES NFILES T_BATCH RSS_BATCH T_1 T_N LOAD_EXTRA
rows=""
for t in "${TOOLS[@]}"; do
    rows+="$t|${VERSION[$t]:-?}|${T_DIR[$t]}|${T_ONE[$t]}|${RSS_ONE[$t]}|${RSS_DIR[$t]}|${LOAD[$t]}"$'\n'
done
CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
CPU+=" (family $(sed -n 's/^cpu family[[:space:]]*: //p' /proc/cpuinfo | head -1), model $(sed -n 's/^model[[:space:]]*: //p' /proc/cpuinfo | head -1))"
grep -q '^flags.* hypervisor' /proc/cpuinfo && CPU+=", virtual machine"
RAM="$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"

echo
echo "replylint $(cd "$ROOT" && git rev-parse --short HEAD) vs peers: $NFILES replies, $BYTES bytes of reply text ($(basename "$(dirname "$CORPUS")")/$(basename "$CORPUS")), one draft of $ONE_BYTES bytes"
echo "machine: $(nproc) cores, $CPU, $RAM RAM; load average before: $LOAD_BEFORE, after: $LOAD_AFTER"
echo
ROWS="$rows" python3 - <<'PY'
import os
env = os.environ
nbytes = int(env["BYTES"])
data = {}
for row in env["ROWS"].strip().splitlines():
    name, ver, t_dir, t_one, rss_one, rss_dir, load = row.split("|")
    wall, cpu = map(float, t_dir.split())
    data[name] = (ver, wall, cpu, float(t_one.split()[0]), int(rss_one), int(rss_dir), load)
base = data["replylint"]

def mb(seconds):
    x = nbytes / 1e6 / seconds
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"

def ratio(x):
    return f"{x:.1f}×" if x < 100 else f"{x:.0f}×"

print("| tool | version | throughput, directory (MB/s wall) | MB per CPU-second | one ~1 KB draft (ms) | peak RSS, one draft (MB) | peak RSS, directory (MB) | replylint faster: throughput / latency | load avg (1 min) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for name, (ver, wall, cpu, one, rss_one, rss_dir, load) in data.items():
    r = "—" if name == "replylint" else f"{ratio(wall / base[1])} / {ratio(one / base[3])}"
    print(f"| {name} | {ver} | {mb(wall)} | {mb(cpu)} | {one * 1000:.1f} | {rss_one / 1024:.1f} | {rss_dir / 1024:.1f} | {r} | {load} |")
(b_wall, b_cpu), (w1, c1), (wn, cn) = (tuple(map(float, env[k].split())) for k in ("T_BATCH", "T_1", "T_N"))
ncpu = os.cpu_count()
extra = env["LOAD_EXTRA"]
print(f"| replylint --batch (JSONL) | | {mb(b_wall)} | {mb(b_cpu)} | | | {int(env['RSS_BATCH']) / 1024:.1f} | | {extra} |")
print(f"| replylint, RAYON_NUM_THREADS=1 | | {mb(w1)} | {mb(c1)} | | | | | {extra} |")
print(f"| replylint, RAYON_NUM_THREADS={ncpu} | | {mb(wn)} | {mb(cn)} | | | | | {extra} |")
print()
print(f"Parallel speed-up on the directory, {ncpu} threads vs 1: {w1 / wn:.2f}× wall "
      f"(CPU time {cn / c1:.2f}× that of 1 thread). Throughput counts bytes of reply text "
      f"(MB = 10^6 bytes), whole process, hyperfine mean; MB per CPU-second divides by user+system "
      f"time, which other load on the machine disturbs less than wall time; peak RSS from /usr/bin/time -v.")
PY
