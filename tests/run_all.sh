#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds portio and runs every test:
#   1. the normal build, warnings as errors: unit tests, and the real port
#      I/O tests in QEMU guests (label qemu, tests/qemu/);
#   2. the unit tests and the driver on the fake kernel (concurrent requests
#      among them) under AddressSanitizer + UndefinedBehaviorSanitizer,
#      then under ThreadSanitizer (tests/test_stress.c races the API,
#      tests/driver-host/test_driver_concurrency.c the driver);
#   3. a cross build for 64-bit Arm Linux (no x86 port instructions), its
#      plain tests run under qemu-user;
#   4. the Windows leg (tests/windows/run_windows_tests.sh): cross builds for
#      64- and 32-bit Windows with mingw-w64, library and driver, each
#      release archive built twice and compared, and the 64-bit unit tests
#      under Wine;
#   5. a build with clang: the unit tests, the driver on the fake kernel
#      (label driver-host, tests/driver-host/) and bounded fuzzing runs
#      (label fuzz);
#   6. the driver on the fake kernel as 32-bit x86, where it takes the I/O
#      permission map path: its tests, its bounded fuzzing, and the planted
#      defects the tests must catch (tests/driver-host/planted_defects.sh),
#      then the defects in its locks again under ThreadSanitizer;
#   7. static analysis (tests/static_analysis.sh): GCC's -fanalyzer and
#      Clang's analyzer over the product's Linux and Windows sources;
#   8. Clang in MSVC mode against Wine's headers (tests/msvc_mode/): the
#      inline forms hold the port instructions, src/ and tools/ compile.
# Every step must run all it should: each CTest run is checked against the
# tests it expects, by label (tests/check_ctest_log.sh), and a missing tool,
# a skipped test, a missing label or a step that ran fewer tests than
# expected fails the run, with what to install or what is missing. Each
# step configures its build folder with every option it depends on, so a
# folder configured otherwise before (by hand, or by the README's first
# command) cannot make a step run less.
#
# First it installs what the steps need when something is missing
# (cmake/install_missing_packages.sh tests: apt-get, through sudo unless
# run as root). Build folders: build/tests/ (PORTIO_BUILD_DIR overrides).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PORTIO_BUILD_DIR:-$root/build/tests}
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p "$build"

step() { printf '\n=== %s\n' "$*"; }

step "the packages the tests need"
"$root/cmake/install_missing_packages.sh" tests
echo "all there"

# The tests that skip when their test bed is missing fail instead.
export PORTIO_REQUIRE_QEMU=1 PORTIO_REQUIRE_WINE=1

passed=0
# expect_ran STEP LOG EXPECTED...: the CTest log ran at least what is
# expected (check_ctest_log.sh); adds its tests to the total.
expect_ran() {
    local log=$2
    "$root/tests/check_ctest_log.sh" "$@"
    passed=$((passed + $(sed -nE 's/^[0-9]+% tests passed, 0 tests failed out of ([0-9]+).*/\1/p' "$log" | tail -n 1)))
}

# configure_build_test DIR "CTEST ARGS" "EXPECTED..." [CMAKE ARGS...]: the
# project, or the CMake project in $project_dir when that is set. The
# options every step depends on come first; the step's own follow and win.
configure_build_test() {
    local dir=$1 ctest_args=$2 expected=$3
    shift 3
    rm -f "$build/$dir/ctest.log"
    cmake -S "${project_dir:-$root}" -B "$build/$dir" --no-warn-unused-cli \
        -DPORTIO_BUILD_TESTS=ON -DPORTIO_WERROR=ON -DPORTIO_REQUIRE_CMOCKA=ON \
        -DPORTIO_BUILD_EXAMPLES=ON -DPORTIO_BUILD_TOOLS=ON -DPORTIO_BUILD_BENCH=ON -DPORTIO_INSTALL=ON \
        -DPORTIO_SANITIZE=OFF -DBUILD_SHARED_LIBS=OFF "$@" >/dev/null
    cmake --build "$build/$dir" -j "$jobs"
    # shellcheck disable=SC2086
    ctest --test-dir "$build/$dir" --output-on-failure --no-tests=error -j "$jobs" $ctest_args |
        tee "$build/$dir/ctest.log"
    # shellcheck disable=SC2086
    expect_ran "$dir" "$build/$dir/ctest.log" $expected
}

# need_tool TOOL PACKAGES: fails, naming the packages, when TOOL is missing.
need_tool() {
    command -v "$1" >/dev/null && return 0
    echo "error: $1 is missing (apt-get install $2)" >&2
    exit 1
}
clang_packages="clang llvm libclang-rt-14-dev libc6-dev-i386 lib32gcc-12-dev lib32stdc++-12-dev"

step "build, unit tests and QEMU guest tests (warnings are errors)"
configure_build_test default "" "all:88 unit:47 stress:1 driver-host:4 qemu:23 packaging:10 run_all:1 docs:1 licence:1 reproducible:1" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=gcc

step "unit tests under AddressSanitizer and UndefinedBehaviorSanitizer, shared library"
configure_build_test sanitize "-L unit|driver-host" "all:51 unit:47 stress:1 driver-host:4" \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=gcc -DPORTIO_SANITIZE=ON -DBUILD_SHARED_LIBS=ON

step "unit tests (the stress test among them) and the driver under concurrent requests, under ThreadSanitizer"
configure_build_test tsan "-L unit|driver-host" "all:51 unit:47 stress:1 driver-host:4" \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=gcc -DPORTIO_SANITIZE=thread

step "cross build for aarch64 Linux: no x86 instructions, mock and devport only"
need_tool aarch64-linux-gnu-gcc "gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
need_tool qemu-aarch64 qemu-user
configure_build_test aarch64 "" "all:20 unit:20" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-aarch64-linux-gnu.cmake" -DPORTIO_REQUIRE_CMOCKA=OFF

# summary_line LOG PATTERN WHAT: a step that is not a CTest run counts as
# one test when it printed its summary line.
summary_line() {
    if ! grep -Eq "$2" "$1"; then
        echo "error: $3 did not print its summary line (/$2/ in $1)" >&2
        exit 1
    fi
    passed=$((passed + 1))
}

step "Windows: cross builds and unit tests under Wine"
need_tool x86_64-w64-mingw32-gcc mingw-w64
need_tool wine "wine wine64"
# Into a file, not a pipe: a process Wine started could hold a pipe open.
leg_status=0
PORTIO_BUILD_DIR=$build "$root/tests/windows/run_windows_tests.sh" >"$build/windows-leg.log" 2>&1 ||
    leg_status=$?
cat "$build/windows-leg.log"
[ "$leg_status" = 0 ] || { echo "error: the Windows leg failed (exit $leg_status)" >&2; exit 1; }
expect_ran windows "$build/windows-x86_64/ctest.log" all:57 unit:38 wine:39 packaging:6 wine-guest:11
expect_ran windows-signed "$build/windows-x86_64-signed/ctest.log" all:1 signing:1
summary_line "$build/windows-leg.log" '^all checks passed for .*/windows-i686/drivers/windows/portio\.sys$' \
    "the i686 driver image check"
# Each release archive built twice, byte-identical (check_reproducible.sh).
for suffix in win64 win32; do
    summary_line "$build/windows-leg.log" "^reproducible: portio-[0-9.]+-$suffix\.zip identical" \
        "the $suffix archive's reproducibility check"
done

step "clang: unit tests, the driver on the fake kernel, bounded fuzzing"
need_tool clang "$clang_packages"
configure_build_test clang "-L unit|driver-host|fuzz" "all:63 unit:47 stress:1 driver-host:4 fuzz:12" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang

step "the driver on the fake kernel, 32-bit x86 (the I/O permission map grant), and its planted defects"
# Under the sanitizers: a pointer that wraps a 32-bit address space is
# undefined behaviour that only this build can show.
project_dir="$root/tests/driver-host" configure_build_test driver-host-32 "" "all:10 driver-host:4 fuzz:6" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_C_FLAGS=-m32 -DPORTIO_SANITIZE=ON
"$root/tests/driver-host/planted_defects.sh" "$build/planted-defects-32" -DCMAKE_C_COMPILER=clang \
    -DCMAKE_C_FLAGS=-m32 -DPORTIO_SANITIZE=ON | tee "$build/planted-defects-32.log"
summary_line "$build/planted-defects-32.log" '^planted_defects: ([0-9]+) of \1 defects caught' "planted_defects.sh"
# The defects in the driver's locks again, where ThreadSanitizer watches
# (64-bit only: it has no 32-bit x86 build).
PLANTED_DEFECTS="request_lock_taken_out handle_lock_taken_out_of_enable lock_order_reversed
    cleanup_frees_state_in_flight double_release" "$root/tests/driver-host/planted_defects.sh" \
    "$build/planted-defects-tsan" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DPORTIO_SANITIZE=thread |
    tee "$build/planted-defects-tsan.log"
summary_line "$build/planted-defects-tsan.log" '^planted_defects: 5 of 5 defects caught$' \
    "planted_defects.sh under ThreadSanitizer"

step "static analysis: gcc -fanalyzer and clang --analyze over src/, drivers/, tools/, examples/"
need_tool jq jq
need_tool ninja ninja-build
"$root/tests/static_analysis.sh" "$build/static-analysis" | tee "$build/static-analysis.log"
summary_line "$build/static-analysis.log" '^static analysis: .* 0 findings$' "static_analysis.sh"

step "Clang in MSVC mode against Wine's headers: portio.h's inline forms, src/ and tools/"
"$root/tests/msvc_mode/check_msvc_mode.sh" "$build/msvc-mode" | tee "$build/msvc-mode.log"
summary_line "$build/msvc-mode.log" '^msvc mode: x86_64 .* i686 ' "check_msvc_mode.sh"

step "all tests passed"
echo "run_all: $passed passed, 0 failed"
