#!/usr/bin/env bash
# Builds portio and runs every test:
#   1. the normal build, warnings as errors: unit tests, and the real port
#      I/O tests in QEMU guests (label qemu, tests/qemu/);
#   2. the unit tests under AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. a cross build for 64-bit Arm Linux (no x86 port instructions), its
#      plain tests run under qemu-user.
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
# configure_build_test DIR "CTEST ARGS" [CMAKE ARGS...]
configure_build_test() {
    local dir=$1 ctest_args=$2
    shift 2
    cmake -S "$root" -B "$build/$dir" -DPORTIO_WERROR=ON "$@" >/dev/null
    cmake --build "$build/$dir" -j "$jobs"
    # shellcheck disable=SC2086
    ctest --test-dir "$build/$dir" --output-on-failure -j "$jobs" $ctest_args | tee "$build/$dir/ctest.log"
    local count
    count=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' "$build/$dir/ctest.log")
    passed=$((passed + ${count:-0}))
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

step "all tests passed"
echo "run_all: $passed passed, 0 failed"
