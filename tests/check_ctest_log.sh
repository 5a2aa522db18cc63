#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks that a CTest run ran what its step expects, from the log CTest
# printed (its last lines and its "Label Time Summary"):
#
#   usage: check_ctest_log.sh STEP LOG EXPECTED...
#     EXPECTED: all:N (at least N tests ran) or LABEL:N (at least N tests
#     labelled LABEL ran; a label that is absent is a failure)
#
# A skipped or disabled test did not run: any fails the step, since every
# test of a full run must run. Prints one line with what ran; exits 1 with
# every shortfall named.
set -euo pipefail

[ $# -ge 3 ] || { echo "usage: $0 STEP LOG all:N|LABEL:N..." >&2; exit 2; }
step=$1 log=$2
shift 2

fail() { echo "check_ctest_log: $step: $*" >&2; failed=true; }
failed=false

[ -f "$log" ] || { echo "check_ctest_log: $step: no CTest log $log: the step did not run its tests" >&2; exit 1; }

summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
if [ -z "$summary" ]; then
    echo "check_ctest_log: $step: $log has no CTest summary line: no tests ran" >&2
    exit 1
fi
total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
failures=$(sed -E 's/.*, ([0-9]+) tests? failed.*/\1/' <<<"$summary")
[ "$failures" = 0 ] || fail "$failures of $total tests failed"

not_run=$(grep -cE '^[[:space:]]*[0-9]+ - .* \((Skipped|Disabled|Not Run)\)$' "$log" || true)
if [ "$not_run" -gt 0 ]; then
    fail "$not_run tests did not run:"
    grep -E '^[[:space:]]*[0-9]+ - .* \((Skipped|Disabled|Not Run)\)$' "$log" >&2
fi

# "unit    =   0.84 sec*proc (38 tests)" -> "unit 38"
labels=$(sed -n '/^Label Time Summary:/,/^$/p' "$log" |
         sed -nE 's/^([^ =]+) *= .*\(([0-9]+) tests?\)$/\1 \2/p')

for expected in "$@"; do
    name=${expected%%:*} want=${expected##*:}
    if [[ ! $want =~ ^[0-9]+$ ]] || [ "$name" = "$expected" ]; then
        echo "check_ctest_log: $step: bad expectation '$expected' (all:N or LABEL:N)" >&2
        exit 2
    fi
    if [ "$name" = all ]; then
        have=$total
    else
        have=$(awk -v label="$name" '$1 == label { print $2 }' <<<"$labels")
        if [ -z "$have" ]; then
            fail "no test labelled $name ran (at least $want expected)"
            continue
        fi
    fi
    if [ "$name" = all ]; then
        [ "$have" -ge "$want" ] || fail "$have tests ran, at least $want expected"
    else
        [ "$have" -ge "$want" ] || fail "$have tests labelled $name ran, at least $want expected"
    fi
done

$failed && exit 1
echo "check_ctest_log: $step: $total tests ran ($(tr '\n' ' ' <<<"$labels" | sed -E 's/ ([0-9]+) /: \1, /g; s/, $//')), as expected ($*)"
