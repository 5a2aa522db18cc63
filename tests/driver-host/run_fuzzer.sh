#!/bin/sh
# A bounded libFuzzer run, as a CTest test:
#   run_fuzzer.sh FUZZER SEEDS SECONDS MIN_RUNS [libFuzzer options...]
# Starts from the seed corpus in the repository (read, never written; new
# inputs go to a scratch folder), fails on any finding, and fails when the
# run made fewer than MIN_RUNS executions: a fuzzer that ran nothing must
# not pass.
set -eu
fuzzer=$1 seeds=$2 seconds=$3 min_runs=$4
shift 4
name=$(basename "$fuzzer")
if [ ! -d "$seeds" ] || [ -z "$(ls -A "$seeds")" ]; then
    echo "fuzz: $name: no seed corpus in $seeds" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
status=0
"$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix="$work/" "$@" "$work/corpus" "$seeds" >"$work/log" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
coverage=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1 || true)
if [ "$status" != 0 ]; then
    tail -n 60 "$work/log"
    for artifact in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
        [ -f "$artifact" ] || continue
        echo "fuzz: $name: the input ($artifact), as hex:"
        od -An -tx1 "$artifact" | head -n 40
    done
    echo "fuzz: $name: FAILED (exit $status) after ${runs:-?} executions" >&2
    exit 1
fi
if [ -z "$runs" ] || [ "$runs" -lt "$min_runs" ]; then
    tail -n 20 "$work/log"
    echo "fuzz: $name: only ${runs:-no} executions in ${seconds} s, fewer than the $min_runs expected" >&2
    exit 1
fi
echo "fuzz: $name: $runs executions in $seconds s, $coverage, $(ls "$work/corpus" | wc -l) new corpus inputs, no finding"
