#!/usr/bin/env bash
# Builds portio and runs every test:
#   1. the normal build, warnings as errors: unit tests, and the real port
#      I/O tests in QEMU guests (label qemu, tests/qemu/);
#   2. the unit tests under AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. a cross build for 64-bit Arm Linux (no x86 port instructions), its
#      plain tests run under qemu-user;
#   4. the Windows leg (tests/windows/run_windows_tests.sh): cross builds for
#      64- and 32-bit Windows with mingw-w64, library and driver, and the
#      64-bit unit tests under Wine.
# Build trees go to build/ (PORTIO_BUILD_DIR overrides). With CI=true a
# missing tool is a failure (for the QEMU tests: PORTIO_REQUIRE_QEMU=1, which
# CI=true implies); elsewhere those tests are skipped with a message.
set -euo pipefail

if [ "${CI:-}" = true ]; then
    export PORTIO_REQUIRE_QEMU=1
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PORTIO_BUILD_DIR:-$root/build}
jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n=== %s\n' "$*"; }

passed=0
# count_passed CTEST_LOG: adds the log's passed tests to the total.
count_passed() {
    local count
    count=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' "$1" 2>/dev/null) || true
    passed=$((passed + ${count:-0}))
}

# configure_build_test DIR "CTEST ARGS" [CMAKE ARGS...]
configure_build_test() {
    local dir=$1 ctest_args=$2
    shift 2
    cmake -S "$root" -B "$build/$dir" -DPORTIO_WERROR=ON "$@" >/dev/null
    cmake --build "$build/$dir" -j "$jobs"
    # shellcheck disable=SC2086
    ctest --test-dir "$build/$dir" --output-on-failure -j "$jobs" $ctest_args | tee "$build/$dir/ctest.log"
    count_passed "$build/$dir/ctest.log"
}

step "build, unit tests and QEMU guest tests (warnings are errors)"
configure_build_test default "" -DCMAKE_BUILD_TYPE=RelWithDebInfo

step "unit tests under AddressSanitizer and UndefinedBehaviorSanitizer, shared library"
configure_build_test sanitize "-L unit" -DCMAKE_BUILD_TYPE=Debug -DPORTIO_SANITIZE=ON -DBUILD_SHARED_LIBS=ON

step "cross build for aarch64 Linux: no x86 instructions, mock and devport only"
if command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-aarch64 >/dev/null; then
    configure_build_test aarch64 "" \
        -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-aarch64-linux-gnu.cmake" \
        -DPORTIO_REQUIRE_CMOCKA=OFF
elif [ "${CI:-}" = true ]; then
    echo "error: aarch64-linux-gnu-gcc or qemu-aarch64 is missing (apt-get install gcc-aarch64-linux-gnu qemu-user)" >&2
    exit 1
else
    echo "skipped: aarch64-linux-gnu-gcc or qemu-aarch64 is missing (apt-get install gcc-aarch64-linux-gnu qemu-user)"
fi

step "Windows: cross builds and unit tests under Wine"
# Skipped with a message where mingw-w64 or Wine is missing, except in CI.
PORTIO_BUILD_DIR=$build "$root/tests/windows/run_windows_tests.sh"
count_passed "$build/windows-x86_64/ctest.log"

step "all tests passed"
echo "run_all: $passed passed, 0 failed"
