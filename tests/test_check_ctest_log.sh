#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/check_ctest_log.sh, run_all.sh's guard against steps that run
# nothing or less than they should, on made-up CTest logs.
set -euo pipefail

check=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/check_ctest_log.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 cases=0

# expect pass|fail LOG EXPECTED...: the checker's verdict on LOG.
expect() {
    local verdict=$1 log=$2 status=0
    shift 2
    cases=$((cases + 1))
    "$check" case "$work/$log" "$@" >"$work/out" 2>&1 || status=$?
    if { [ "$verdict" = pass ] && [ "$status" -ne 0 ]; } ||
       { [ "$verdict" = fail ] && [ "$status" -ne 1 ]; }; then
        echo "FAILED: $log $*: expected $verdict, exit $status:" >&2
        cat "$work/out" >&2
        failures=$((failures + 1))
    fi
}

cat > "$work/full.log" <<'LOG'
100% tests passed, 0 tests failed out of 5

Label Time Summary:
qemu    =  10.00 sec*proc (2 tests)
stress  =   0.20 sec*proc (1 test)
unit    =   0.80 sec*proc (3 tests)

Total Test time (real) =  11.00 sec
LOG
cat > "$work/skipped.log" <<'LOG'
100% tests passed, 0 tests failed out of 5

Label Time Summary:
qemu    =  0.10 sec*proc (2 tests)
unit    =  0.80 sec*proc (3 tests)

Total Test time (real) =  1.00 sec

The following tests did not run:
	  4 - qemu_lpt (Skipped)
LOG
cat > "$work/none.log" <<'LOG'
No tests were found!!!
LOG
cat > "$work/failed.log" <<'LOG'
80% tests passed, 1 tests failed out of 5

Label Time Summary:
unit    =  0.80 sec*proc (5 tests)
LOG

expect pass full.log all:5 unit:3 qemu:2 stress:1
expect pass full.log all:4 unit:2
expect fail full.log all:6                   # fewer than expected
expect fail full.log unit:3 qemu:3           # one label short
expect fail full.log unit:3 packaging:1      # a label missing
expect fail skipped.log all:5 qemu:2         # a skipped test did not run
expect fail none.log all:0                   # "No tests were found"
expect fail failed.log all:5
expect fail missing.log all:1                # no log: the step never ran
"$check" case "$work/full.log" unit >/dev/null 2>&1 && { echo "FAILED: a bad expectation was accepted" >&2; failures=$((failures + 1)); }
cases=$((cases + 1))

if [ "$failures" -ne 0 ]; then
    echo "test_check_ctest_log: $failures of $cases cases failed" >&2
    exit 1
fi
echo "test_check_ctest_log: $cases of $cases cases as expected"
