# SPDX-License-Identifier: MIT
# Sourced by the Windows leg's scripts (wine_driver.sh, wine_archive.sh,
# make_archive.sh): quiet commands and Wine steps, each with a timeout and
# its output in a file of $logs (never a pipe: the processes Wine starts
# keep a pipe open). Messages start with $test_name.

# quietly LOG COMMAND...: output to LOG; on failure its end, and exit.
quietly() {
    local log=$1
    shift
    if ! "$@" >"$log" 2>&1 </dev/null; then
        echo "$test_name: FAILED: $*; last lines of $log:" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
}

stop_wine() { timeout 30 wineserver -k >/dev/null 2>&1 || true; }

step=0
# run_step SECONDS NAME COMMAND...: one Wine step, its output shown; its
# status returned, a timeout fails the test.
run_step() {
    local seconds=$1 name=$2
    shift 2
    step=$((step + 1))
    local log="$logs/$step-$name.log"
    local status=0
    timeout --kill-after=5 "$seconds" "$@" >"$log" 2>&1 </dev/null || status=$?
    echo "--- $name (exit $status)"
    cat "$log"
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        echo "$test_name: FAILED: $name did not finish within ${seconds}s" >&2
        exit 1
    fi
    return "$status"
}

# expect NAME TEXT: the last step's output holds TEXT.
expect() {
    grep -qF -- "$2" "$logs/$step-$1.log" ||
        { echo "$test_name: FAILED: $1 does not say \"$2\"" >&2; exit 1; }
}

# boot_prefix: a new prefix in $WINEPREFIX, with a persistent wineserver in
# which services live between the steps.
boot_prefix() {
    # wineboot in a new prefix failed once in about 20 runs on a loaded
    # machine, exit status 1 and nothing in its log: a second try in a
    # fresh prefix before the test fails.
    if ! run_step 180 wineboot wineboot -i; then
        stop_wine
        rm -rf "$WINEPREFIX"
        echo "$test_name: wineboot failed; once more in a fresh prefix"
        run_step 180 wineboot-again wineboot -i
    fi
    # Let the prefix settle: a service created right after wineboot was lost.
    run_step 120 settle wineserver -w
    (wineserver -p >"$logs/wineserver.log" 2>&1 &)
}

# wine_test NAME WORK_DIR: the start of a test in a Wine prefix of its own:
# Wine is there (else exit 77, or 1 with PORTIO_REQUIRE_WINE=1 or CI=true),
# WORK_DIR emptied, $logs made, a fresh prefix booted and its server
# stopped at exit.
wine_test() {
    test_name=$1
    local work=$2
    if ! command -v wine >/dev/null || ! command -v wineserver >/dev/null; then
        echo "$test_name: wine is not installed (apt-get install wine wine64)" >&2
        { [ "${PORTIO_REQUIRE_WINE:-0}" = 1 ] || [ "${CI:-}" = true ]; } && exit 1
        exit 77
    fi
    export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
    logs="$work/logs"
    rm -rf "$work"
    mkdir -p "$logs"
    trap stop_wine EXIT
    boot_prefix
}
