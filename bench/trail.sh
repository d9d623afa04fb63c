#!/usr/bin/env bash
# CloudTrail ingest benchmark (issue 5): driftguard-trail's scan and read against gzip -dc on the
# same generated .json.gz files.
#
#   bench/trail.sh [EVENTS]       EVENTS defaults to 2000000; the corpus is bench/trail-corpus/EVENTS,
#                                 generated (deterministically, seed 1) if it is absent
#   RUNS=5 bench/trail.sh         repetitions of each measurement, interleaved (default 3); the
#                                 table shows the median
#
# Works from any directory. Records go to bench/results/trail-EVENTS-DATE.txt. See bench/README.md,
# section "CloudTrail ingest (issue 5)".
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
EVENTS="${1:-2000000}"
RUNS="${RUNS:-3}"
CORPUS="$BENCH_DIR/trail-corpus/$EVENTS"
OUT="$BENCH_DIR/.out/trail-$EVENTS"
RESULTS="$BENCH_DIR/results"
DATE="$(date -u +%Y-%m-%d)"

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

case "$EVENTS" in -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[[ "$EVENTS" =~ ^[1-9][0-9]*$ ]] || die "EVENTS must be a positive integer (see --help)"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is required: apt-get install time"
command -v gzip >/dev/null || die "gzip is required"

cd "$REPO_DIR"
mkdir -p "$OUT" "$RESULTS"

# The workspace enables flate2's runtime_detection (zlib-rs uses the CPU's SIMD), as the binary ships.
log "building the examples (cargo build --release -p driftguard-trail --examples)"
cargo build --release -p driftguard-trail --examples
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
EX="$TARGET_DIR/release/examples"

if [ ! -f "$CORPUS/corpus.txt" ]; then
    rm -rf "$CORPUS"
    log "generating $CORPUS ($EVENTS events)"
    "$EX/gen_corpus" "$CORPUS" --events "$EVENTS" --seed 1 >&2
fi
manifest() { awk -v k="$1" -F': ' '$1 == k {print $2}' "$CORPUS/corpus.txt"; }
FILES="$(find "$CORPUS" -name '*.json.gz' | wc -l)"
[ "$FILES" = "$(manifest files)" ] || die "$CORPUS has $FILES files, corpus.txt says $(manifest files): regenerate it (rm -rf $CORPUS)"

log "warming the page cache"
find "$CORPUS" -name '*.json.gz' -print0 | xargs -0 cat > /dev/null

now_ms() { date +%s%3N; }

# run NAME COMMAND...: one timed run under time -v (kept in $OUT/NAME.time, the output in
# $OUT/NAME.out); appends "wall_ms peak_kb" to $OUT/NAME.runs. For trail_bench the program's own
# figures are used: its wall time from the call to the return of scan/read (without process start
# and exit) and its VmHWM.
run() {
    local name="$1"; shift
    local t0 t1 wall peak
    t0="$(now_ms)"
    /usr/bin/time -v -o "$OUT/$name.time" "$@" > "$OUT/$name.out"
    t1="$(now_ms)"
    wall="$((t1 - t0))"
    peak="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/$name.time")"
    if grep -q '^wall_s: ' "$OUT/$name.out"; then
        wall="$(awk -F': ' '$1 == "wall_s" {printf "%d", $2 * 1000}' "$OUT/$name.out")"
        peak="$(awk -F': ' '$1 == "peak_rss_kb" {print $2}' "$OUT/$name.out")"
    fi
    echo "$wall $peak" >> "$OUT/$name.runs"
}

GZ1="find '$CORPUS' -name '*.json.gz' -print0 | xargs -0 cat | gzip -dc > /dev/null"
# Two gzip processes at a time over batches of 32 files: the same two cores the scan uses.
GZ2="find '$CORPUS' -name '*.json.gz' -print0 | xargs -0 -n 32 -P 2 sh -c 'cat \"\$@\" | gzip -dc > /dev/null' _"

MEASURES=(scan scan-writes read inflate gzip1 gzip2)
for m in "${MEASURES[@]}"; do rm -f "$OUT/$m.runs"; done
for ((r = 1; r <= RUNS; r++)); do
    log "run $r of $RUNS"
    for m in scan scan-writes read inflate; do
        run "$m" "$EX/trail_bench" "$m" "$CORPUS"
        echo "  $m: $(grep -E '^(wall_s|events_per_s|peak_rss_kb)' "$OUT/$m.out" | tr '\n' ' ')" >&2
    done
    run gzip1 sh -c "$GZ1"
    run gzip2 sh -c "$GZ2"
    echo "  gzip -dc: $(tail -1 "$OUT/gzip1.runs" | cut -d' ' -f1) ms, 2-way: $(tail -1 "$OUT/gzip2.runs" | cut -d' ' -f1) ms" >&2
done

# median of column 1 (wall ms) and the peak of column 2 (KB) over the runs
median_ms() { sort -n "$OUT/$1.runs" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
peak_mb() { awk 'BEGIN {m = 0} $2 > m {m = $2} END {printf "%.0f", m / 1024}' "$OUT/$1.runs"; }
secs() { awk -v ms="$1" 'BEGIN {printf "%.2f", ms / 1000}'; }
rate() { awk -v ms="$1" -v n="$EVENTS" 'BEGIN {printf "%.0fk", n / ms}'; }
field() { awk -F': ' -v k="$2" '$1 == k {print $2}' "$OUT/$1.out"; }

SCAN="$(median_ms scan)"; SCANW="$(median_ms scan-writes)"; READ="$(median_ms read)"
INFL="$(median_ms inflate)"; GZ1MS="$(median_ms gzip1)"; GZ2MS="$(median_ms gzip2)"
MB() { awk -v b="$1" 'BEGIN {printf "%.0f", b / 1e6}'; }

SUMMARY="$RESULTS/trail-$EVENTS-$DATE.txt"
{
    echo "# CloudTrail ingest benchmark, recorded by bench/trail.sh (median of $RUNS interleaved runs)"
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf 'machine: %s x %s, %s GiB RAM, %s\n' "$(nproc)" \
        "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" \
        "$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)" "$(uname -sr)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet -- crates/trail 2>/dev/null || echo ' (crates/trail modified)')"
    echo "corpus: ${CORPUS#"$REPO_DIR"/}"
    sed 's/^/corpus_/' "$CORPUS/corpus.txt"
    echo
    echo "| events | files | compressed MB | decompressed MB | scan s | scan events/s | scan peak MB | scan (writes handed) s | scan (writes) events/s | read s | read events/s | read peak MB | retained writes | inflate (flate2, 2 threads) s | gzip -dc s | gzip -dc 2-way s |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    echo "| $(manifest events) | $(manifest files) | $(MB "$(manifest compressed_bytes)") | $(MB "$(manifest decompressed_bytes)") | $(secs "$SCAN") | $(rate "$SCAN") | $(peak_mb scan) | $(secs "$SCANW") | $(rate "$SCANW") | $(secs "$READ") | $(rate "$READ") | $(peak_mb read) | $(field read retained) | $(secs "$INFL") | $(secs "$GZ1MS") | $(secs "$GZ2MS") |"
    echo
    echo "scan / gzip -dc 2-way: $(awk -v a="$SCAN" -v b="$GZ2MS" 'BEGIN {printf "%.2f", a / b}')"
    echo "read / gzip -dc 2-way: $(awk -v a="$READ" -v b="$GZ2MS" 'BEGIN {printf "%.2f", a / b}')"
    echo "scan / inflate (flate2): $(awk -v a="$SCAN" -v b="$INFL" 'BEGIN {printf "%.2f", a / b}')"
    echo
    echo "--- per run: wall ms, peak KB ---"
    for m in "${MEASURES[@]}"; do echo "$m: $(tr '\n' ';' < "$OUT/$m.runs")"; done
    echo
    for m in scan scan-writes read inflate; do echo "--- trail_bench $m (last run) ---"; cat "$OUT/$m.out"; done
} > "$SUMMARY"
sed -n '/^| events/,/^scan \/ inflate/p' "$SUMMARY"
log "recorded ${SUMMARY#"$REPO_DIR"/}"
