#!/usr/bin/env bash
# Builds portio and runs every test:
#   1. the normal build, warnings as errors: unit tests, and the real port
#      I/O tests in QEMU guests (label qemu, tests/qemu/);
#   2. the unit tests under AddressSanitizer + UndefinedBehaviorSanitizer,
#      then under ThreadSanitizer (tests/test_stress.c races the API);
#   3. a cross build for 64-bit Arm Linux (no x86 port instructions), its
#      plain tests run under qemu-user;
#   4. the Windows leg (tests/windows/run_windows_tests.sh): cross builds for
#      64- and 32-bit Windows with mingw-w64, library and driver, and the
#      64-bit unit tests under Wine;
#   5. a build with clang: the unit tests, the driver on the fake kernel
#      (label driver-host, tests/driver-host/) and bounded fuzzing runs
#      (label fuzz);
#   6. the driver on the fake kernel as 32-bit x86, where it takes the I/O
#      permission map path: its tests, its bounded fuzzing, and the planted
#      defects the tests must catch (tests/driver-host/planted_defects.sh);
#   7. static analysis (tests/static_analysis.sh): GCC's -fanalyzer and
#      Clang's analyzer over the product's Linux and Windows sources;
#   8. Clang in MSVC mode against Wine's headers (tests/msvc_mode/): the
#      inline forms hold the port instructions, src/ and tools/ compile.
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

# configure_build_test DIR "CTEST ARGS" [CMAKE ARGS...]: the project, or the
# CMake project in $project_dir when that is set.
configure_build_test() {
    local dir=$1 ctest_args=$2
    shift 2
    cmake -S "${project_dir:-$root}" -B "$build/$dir" -DPORTIO_WERROR=ON "$@" >/dev/null
    cmake --build "$build/$dir" -j "$jobs"
    # shellcheck disable=SC2086
    ctest --test-dir "$build/$dir" --output-on-failure --no-tests=error -j "$jobs" $ctest_args |
        tee "$build/$dir/ctest.log"
    count_passed "$build/$dir/ctest.log"
}

step "build, unit tests and QEMU guest tests (warnings are errors)"
configure_build_test default "" -DCMAKE_BUILD_TYPE=RelWithDebInfo

step "unit tests under AddressSanitizer and UndefinedBehaviorSanitizer, shared library"
configure_build_test sanitize "-L unit|driver-host" -DCMAKE_BUILD_TYPE=Debug -DPORTIO_SANITIZE=ON -DBUILD_SHARED_LIBS=ON

step "unit tests, the stress test among them, under ThreadSanitizer"
configure_build_test tsan "-L unit" -DCMAKE_BUILD_TYPE=Debug -DPORTIO_SANITIZE=thread

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

# need_tool TOOL PACKAGES: true when TOOL is there; otherwise a failure in
# CI, a skip with a message elsewhere.
need_tool() {
    if command -v "$1" >/dev/null; then
        return 0
    elif [ "${CI:-}" = true ]; then
        echo "error: $1 is missing (apt-get install $2)" >&2
        exit 1
    fi
    echo "skipped: $1 is missing (apt-get install $2)"
    return 1
}
clang_packages="clang llvm libclang-rt-14-dev libc6-dev-i386 lib32gcc-12-dev lib32stdc++-12-dev"

step "clang: unit tests, the driver on the fake kernel, bounded fuzzing"
if need_tool clang "$clang_packages"; then
    configure_build_test clang "-L unit|driver-host|fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang
fi

step "the driver on the fake kernel, 32-bit x86 (the I/O permission map grant), and its planted defects"
if need_tool clang "$clang_packages"; then
    # Under the sanitizers: a pointer that wraps a 32-bit address space is
    # undefined behaviour that only this build can show.
    project_dir="$root/tests/driver-host" configure_build_test driver-host-32 "" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_COMPILER=clang -DCMAKE_C_FLAGS=-m32 -DPORTIO_SANITIZE=ON
    "$root/tests/driver-host/planted_defects.sh" "$build/planted-defects-32" -DCMAKE_C_COMPILER=clang \
        -DCMAKE_C_FLAGS=-m32 -DPORTIO_SANITIZE=ON
    passed=$((passed + 1))
fi

step "static analysis: gcc -fanalyzer and clang --analyze over src/, drivers/, tools/, examples/"
if need_tool jq jq && need_tool ninja ninja-build && need_tool clang "$clang_packages"; then
    "$root/tests/static_analysis.sh" "$build/static-analysis" | tee "$build/static-analysis.log"
    if grep -q '^static analysis: .* 0 findings$' "$build/static-analysis.log"; then
        passed=$((passed + 1))
    fi
fi

step "Clang in MSVC mode against Wine's headers: portio.h's inline forms, src/ and tools/"
# Exits 1 in CI when clang, llvm or libwine-dev is missing; skips elsewhere.
"$root/tests/msvc_mode/check_msvc_mode.sh" "$build/msvc-mode" | tee "$build/msvc-mode.log"
if grep -q '^msvc mode: x86_64 ' "$build/msvc-mode.log"; then
    passed=$((passed + 1))
fi

step "all tests passed"
echo "run_all: $passed passed, 0 failed"
