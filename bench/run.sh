#!/usr/bin/env bash
# Scan benchmark: driftguard vs checkov on the same generated Terraform corpus.
#
#   bench/run.sh                  set up, build, generate, measure both tools
#   bench/run.sh --driftguard-only  measure driftguard; take checkov's numbers from the
#                                 newest bench/results/checkov-*.txt for the same corpus
#   bench/run.sh --checkov-only   measure checkov only (records bench/results/checkov-DATE.txt)
#   bench/run.sh --runs N         repetitions on the 50k-line corpus (default 5)
#   bench/run.sh --regen          regenerate both corpora
#   DRIFTGUARD_BIN=path bench/run.sh   use that binary instead of building one
#
# Works from any directory. See bench/README.md.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
VENV="$BENCH_DIR/.venv"
CORPUS="$BENCH_DIR/corpus"
CORPUS_50K="$BENCH_DIR/corpus-50k"
OUT="$BENCH_DIR/.out"
RESULTS="$BENCH_DIR/results"
UTIL=(python3 "$BENCH_DIR/bench_util.py")
DATE="$(date -u +%Y-%m-%d)"

RUN_DG=1
RUN_CK=1
RUNS=5
REGEN=0

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --driftguard-only) RUN_CK=0 ;;
        --checkov-only) RUN_DG=0 ;;
        --runs) shift; RUNS="${1:?--runs needs a number}" ;;
        --regen) REGEN=1 ;;
        -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option: $1 (see --help)" ;;
    esac
    shift
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"

cd "$REPO_DIR"
command -v python3 >/dev/null || die "python3 is required"
mkdir -p "$OUT" "$RESULTS"

# ---------------------------------------------------------------- prerequisites
if [ ! -x /usr/bin/time ]; then
    log "installing GNU time (Debian package 'time')"
    command -v apt-get >/dev/null || die "/usr/bin/time is missing and apt-get is not available; install GNU time"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq time
fi

if [ "$RUN_CK" -eq 1 ] && [ ! -x "$VENV/bin/checkov" ]; then
    log "creating $VENV and installing checkov + python-hcl2 (takes a few minutes)"
    python3 -m venv "$VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet checkov python-hcl2
fi

if [ "$RUN_DG" -eq 1 ]; then
    if [ -n "${DRIFTGUARD_BIN:-}" ]; then
        DG="$(cd "$(dirname "$DRIFTGUARD_BIN")" && pwd)/$(basename "$DRIFTGUARD_BIN")"
        log "using DRIFTGUARD_BIN=$DG (no cargo build)"
    else
        log "building driftguard (cargo build --release -p driftguard)"
        cargo build --release -p driftguard
        TARGET_DIR="$(cargo metadata --format-version 1 --no-deps \
            | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
        DG="$TARGET_DIR/release/driftguard"
    fi
    [ -x "$DG" ] || die "driftguard binary not found at $DG"
fi

# ---------------------------------------------------------------- corpora
gen() { # DIR [gen_corpus args...]
    local dir="$1"; shift
    if [ "$REGEN" -eq 1 ] || [ ! -d "$dir" ]; then
        log "generating $dir"
        python3 "$BENCH_DIR/gen_corpus.py" "$dir" --force "$@" >&2
    fi
}
gen "$CORPUS"
if [ "$RUN_DG" -eq 1 ]; then gen "$CORPUS_50K" --lines 50000; fi

read -r FILES LINES < <("${UTIL[@]}" stats "$CORPUS")
FP="$("${UTIL[@]}" fingerprint "$CORPUS")"
log "corpus bench/corpus: $FILES files (.tf + .tfvars), $LINES lines, fingerprint $FP"

machine() {
    printf 'machine: %s x %s, %s GiB RAM, %s\n' "$(nproc)" \
        "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" \
        "$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)" "$(uname -sr)"
}

# record TOOL VERSION EXIT_CODE COMMAND... -> writes $RESULTS/TOOL-DATE.txt from $OUT/TOOL.*
record() {
    local tool="$1" version="$2" rc="$3"; shift 3
    local file="$RESULTS/$tool-$DATE.txt" wall peak findings perrs tree_kb
    local wall_tv
    read -r wall_tv peak < <("${UTIL[@]}" timing "$OUT/$tool.time")
    read -r findings perrs < <("${UTIL[@]}" findings "$tool" "$OUT/$tool.json")
    read -r tree_kb wall < "$OUT/$tool.tree"
    {
        echo "# $tool scan measurement, recorded by bench/run.sh"
        echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "tool: $tool $version"
        echo "command: $*"
        echo "corpus: bench/corpus"
        echo "corpus_fingerprint: $FP"
        echo "corpus_files: $FILES"
        echo "corpus_lines: $LINES"
        echo "exit_code: $rc"
        echo "wall_s: $wall"
        echo "wall_s_time_v: $wall_tv"
        echo "peak_rss_mb: $peak"
        echo "peak_tree_rss_mb: $(awk -v k="$tree_kb" 'BEGIN {printf "%.1f", k/1024}')"
        echo "findings: $findings"
        echo "parse_errors: $perrs"
        machine
        echo
        echo "--- /usr/bin/time -v ---"
        cat "$OUT/$tool.time"
    } > "$file"
    log "$tool: ${wall}s wall, ${peak} MB peak RSS, $findings findings, $perrs parse errors -> ${file#"$REPO_DIR"/}"
}

# ---------------------------------------------------------------- checkov
CK_FILE=""
if [ "$RUN_CK" -eq 1 ]; then
    CK_VERSION="$("$VENV/bin/checkov" --version)"
    # --skip-download: no network calls to the vendor platform (offline guidelines fetch
    # otherwise fails after DNS errors). External modules are not downloaded by default
    # (--download-external-modules is off); the corpus only has local modules, which
    # checkov renders per call, with the caller's variables.
    CK_CMD=("$VENV/bin/checkov" -d bench/corpus --framework terraform --quiet --compact
            -o json --skip-download)
    log "running checkov $CK_VERSION (several minutes)"
    set +e
    "${UTIL[@]}" measure "$OUT/checkov.time" "$OUT/checkov.json" "$OUT/checkov.stderr" \
        "$OUT/checkov.tree" -- "${CK_CMD[@]}"
    rc=$?
    set -e
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        tail -20 "$OUT/checkov.stderr" >&2 || true
        die "checkov exited with $rc (0 = clean, 1 = failed checks); stderr in $OUT/checkov.stderr"
    fi
    record checkov "$CK_VERSION" "$rc" checkov -d bench/corpus --framework terraform --quiet \
        --compact -o json --skip-download
    CK_FILE="$RESULTS/checkov-$DATE.txt"
else
    for f in $(ls -1r "$RESULTS"/checkov-*.txt 2>/dev/null); do
        if grep -q "^corpus_fingerprint: $FP\$" "$f"; then CK_FILE="$f"; break; fi
    done
    if [ -n "$CK_FILE" ]; then
        log "using the recorded checkov measurement ${CK_FILE#"$REPO_DIR"/}"
    else
        log "no recorded checkov measurement for corpus $FP; the table will have no checkov row"
    fi
fi

# ---------------------------------------------------------------- driftguard
DG_FILE=""
if [ "$RUN_DG" -eq 1 ]; then
    DG_VERSION="$("$DG" --version 2>/dev/null | awk '{print $NF}' || true)"
    DG_CMD=("$DG" scan bench/corpus --format json --output "$OUT/driftguard.json" --no-progress)
    log "running driftguard $DG_VERSION on bench/corpus"
    set +e
    "${UTIL[@]}" measure "$OUT/driftguard.time" "$OUT/driftguard.stdout" "$OUT/driftguard.stderr" \
        "$OUT/driftguard.tree" -- "${DG_CMD[@]}"
    rc=$?
    set -e
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        tail -20 "$OUT/driftguard.stderr" >&2 || true
        die "driftguard exited with $rc (0 = no findings, 1 = findings); stderr in $OUT/driftguard.stderr"
    fi
    record driftguard "$DG_VERSION" "$rc" driftguard scan bench/corpus --format json \
        --output bench/.out/driftguard.json --no-progress
    DG_FILE="$RESULTS/driftguard-$DATE.txt"

    # repeated runs on the 50k-line corpus
    read -r F50 L50 < <("${UTIL[@]}" stats "$CORPUS_50K")
    log "driftguard on bench/corpus-50k ($F50 files, $L50 lines), $RUNS runs"
    if command -v hyperfine >/dev/null; then
        # -i: exit code 1 (findings) is success for us
        hyperfine --warmup 1 --runs "$RUNS" -i --export-json "$OUT/hyperfine-50k.json" \
            "$DG scan bench/corpus-50k --format json --output /dev/null --no-progress"
        MEAN50="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(f"{r[\"mean\"]:.3f} ± {r[\"stddev\"] or 0:.3f}")' "$OUT/hyperfine-50k.json")"
    else
        "$DG" scan bench/corpus-50k --format json --output /dev/null --no-progress >/dev/null 2>&1 || true  # warm-up
        times=()
        for i in $(seq "$RUNS"); do
            t0=$(date +%s%N)
            set +e
            "$DG" scan bench/corpus-50k --format json --output /dev/null --no-progress >/dev/null 2>"$OUT/driftguard-50k.stderr"
            rc=$?
            set -e
            t1=$(date +%s%N)
            [ "$rc" -le 1 ] || die "driftguard exited with $rc on corpus-50k; see $OUT/driftguard-50k.stderr"
            times+=("$(( (t1 - t0) / 1000 ))")
            printf '  run %d: %.3f s\n' "$i" "$(awk -v u="${times[-1]}" 'BEGIN {print u/1e6}')" >&2
        done
        MEAN50="$(printf '%s\n' "${times[@]}" | awk '{s+=$1; q+=$1*$1; n++} END {m=s/n; v=q/n-m*m; if (v<0) v=0; printf "%.3f ± %.3f", m/1e6, sqrt(v)/1e6}')"
    fi
    {
        echo
        echo "--- corpus-50k: $F50 files, $L50 lines, $RUNS runs ---"
        echo "mean_wall_s_50k: $MEAN50"
    } >> "$DG_FILE"
fi

# ---------------------------------------------------------------- table
field() { grep -m1 "^$2: " "$1" | cut -d' ' -f2-; }
row() { # FILE
    printf '%-12s %7s %9s %10s %9s %11s %10s\n' "$(field "$1" tool | cut -d' ' -f1)" \
        "$(field "$1" corpus_files)" "$(field "$1" corpus_lines)" "$(field "$1" wall_s)" \
        "$(field "$1" peak_rss_mb)" "$(field "$1" peak_tree_rss_mb)" "$(field "$1" findings)"
}
{
    echo
    echo "Scan benchmark, corpus bench/corpus (fingerprint $FP), $(date -u +%Y-%m-%d)"
    machine
    printf '%-12s %7s %9s %10s %9s %11s %10s\n' tool files lines "wall s" "peak MB" "tree MB" findings
    if [ -n "$DG_FILE" ]; then row "$DG_FILE"; fi
    if [ -n "$CK_FILE" ]; then row "$CK_FILE"; fi
    if [ -n "$DG_FILE" ] && [ -n "$CK_FILE" ]; then
        awk -v c="$(field "$CK_FILE" wall_s)" -v d="$(field "$DG_FILE" wall_s)" \
            -v cm="$(field "$CK_FILE" peak_tree_rss_mb)" -v dm="$(field "$DG_FILE" peak_tree_rss_mb)" \
            'BEGIN { if (d > 0) printf "speed-up (checkov wall / driftguard wall): %.1fx\n", c/d;
                     else print "speed-up: driftguard wall time below timer resolution";
                     if (dm > 0) printf "memory ratio (checkov / driftguard peak tree RSS): %.1fx\n", cm/dm }'
    fi
    if [ -n "$DG_FILE" ]; then echo "driftguard on corpus-50k: mean wall $MEAN50 s over $RUNS runs"; fi
    echo "(peak MB = max RSS of the largest single process, /usr/bin/time -v;"
    echo " tree MB = peak of the summed RSS of all processes of the run, sampled every 100 ms)"
} | tee "$RESULTS/summary-$DATE.txt"
