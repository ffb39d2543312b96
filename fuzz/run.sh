#!/bin/sh
# Run fuzz targets one after another for SECONDS each (default 600), with
# their corpus in corpus/<target>/ and crashes in artifacts/<target>/.
# Usage: fuzz/run.sh SECONDS target...   (logs in fuzz/logs/<target>.log)
set -u
cd "$(dirname "$0")"
TARGET="${TARGET:-$(rustc -vV | sed -n "s/^host: //p")}"
secs="$1"; shift
mkdir -p logs
for t in "$@"; do
    mkdir -p "artifacts/$t" "corpus/$t"
    timeout $((secs + 20)) "target/$TARGET/release/$t" "corpus/$t" \
        -max_total_time="$secs" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="artifacts/$t/" -print_final_stats=1 \
        > "logs/$t.log" 2>&1
    echo "$t exit $?" >> logs/summary.txt
done
