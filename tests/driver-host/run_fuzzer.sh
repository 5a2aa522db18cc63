#!/bin/sh
# SPDX-License-Identifier: MIT
# A bounded libFuzzer run, as a CTest test:
#   run_fuzzer.sh FUZZER SEEDS RUNS [libFuzzer options...]
# Runs exactly RUNS executions (libFuzzer's -runs), starting from the seed
# corpus in the repository (read, never written; new inputs go to a scratch
# folder). Fails on any finding, showing the input, and when the run ended
# before RUNS executions: a fuzzer that ran less than its budget must not
# pass. The work is bounded by count, so a slow or busy machine only takes
# longer; the time limits are hang guards, far above any real run:
# -max_total_time (HANG_GUARD_SECONDS, below the CTest TIMEOUT of the
# callers, so that a stopped run still explains itself) and -timeout for a
# single input.
set -eu
fuzzer=$1 seeds=$2 runs=$3
shift 3
hang_guard_seconds=900
name=$(basename "$fuzzer")
if [ ! -d "$seeds" ] || [ -z "$(ls -A "$seeds")" ]; then
    echo "fuzz: $name: no seed corpus in $seeds" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
status=0
start=$(date +%s)
"$fuzzer" -runs="$runs" -max_total_time="$hang_guard_seconds" -timeout=60 -print_final_stats=1 \
    -rss_limit_mb=4096 -artifact_prefix="$work/" "$@" "$work/corpus" "$seeds" >"$work/log" 2>&1 ||
    status=$?
seconds=$(($(date +%s) - start))
executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
coverage=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1 || true)
if [ "$status" != 0 ]; then
    tail -n 60 "$work/log"
    for artifact in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
        [ -f "$artifact" ] || continue
        echo "fuzz: $name: the input ($artifact), as hex:"
        od -An -tx1 "$artifact" | head -n 40
    done
    echo "fuzz: $name: FAILED (exit $status) after ${executed:-?} executions" >&2
    exit 1
fi
if [ -z "$executed" ] || [ "$executed" -lt "$runs" ]; then
    tail -n 20 "$work/log"
    if [ "$seconds" -ge "$hang_guard_seconds" ]; then
        why="the hang guard (-max_total_time=$hang_guard_seconds) stopped it"
    else
        why="libFuzzer stopped early without a finding (its log is above)"
    fi
    echo "fuzz: $name: FAILED: ${executed:-no} of its $runs executions in $seconds s: $why" >&2
    exit 1
fi
echo "fuzz: $name: $executed executions in $seconds s, $coverage, $(ls "$work/corpus" | wc -l) new corpus inputs, no finding"
