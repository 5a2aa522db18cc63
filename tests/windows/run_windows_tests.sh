#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Windows leg of tests/run_all.sh, on Linux with mingw-w64 and Wine:
#   1. cmocka cross-built for x86_64-w64-mingw32 (build_cmocka.sh, cached);
#   2. the x86_64 Windows build, warnings as errors: library, unit tests,
#      driver, its CAB for attestation signing (gcab), and whatever else the
#      project builds for Windows;
#   3. the release archives (make_archive.sh, cmake/portio_package_windows.cmake):
#      shared builds of their own for x86_64 and i686 (portio.dll and the
#      static library, tools, examples, driver; no tests: 32-bit Wine is not
#      installable next to wine64 on Debian 12), cpack -G ZIP, and a check of
#      each archive's listing and architecture; each archive built again
#      from a copy of the source elsewhere must be byte-identical
#      (tests/packaging/check_reproducible.sh);
#   4. the x86_64 unit tests through CTest under Wine (the toolchain file sets
#      CMAKE_CROSSCOMPILING_EMULATOR to wine), in a Wine prefix of their own,
#      the real driver under Wine (label wine), the x86_64 archive unpacked
#      into a fresh Wine prefix (wine_archive, labels packaging and wine) and
#      the driver under Wine inside the QEMU guest (label wine-guest,
#      tests/wine-guest/: a guest at a time, about 6 minutes), and the x64
#      and x86 portio.dll's exports against abi/ (abi_dll_exports, label
#      packaging, tests/abi/);
#   5. the test-signed build (-DPORTIO_TEST_SIGN=ON, openssl and
#      osslsigncode): a shared x86_64 build of its own that builds only the
#      signed files, and its test_signing (labels signing and wine): each
#      signature verified, the signed driver installed, run and removed
#      under Wine.
# Build trees: $PORTIO_BUILD_DIR (default build/) /windows-x86_64,
# /windows-x86_64-archive, /windows-x86_64-signed and /windows-i686 (the archives
# portio-VERSION-win64.zip and -win32.zip are in the last two; the driver
# CABs portio-driver-VERSION-x64.cab and -x86.cab in windows-x86_64 and
# windows-i686, checked by the x86_64 build's driver_cab); the CTest log
# is windows-x86_64/ctest.log, which run_all.sh counts. Logs of the quiet
# steps are in $PORTIO_BUILD_DIR/windows-logs.
#
# Missing tools: with CI=true a failure; elsewhere the leg is skipped with a
# message (without Wine only its tests are skipped: the builds still run).
#
# Wine notes: every Wine step has a timeout; Wine's
# output always goes to files, never into a pipe (the processes Wine starts
# keep a pipe open forever); a persistent wineserver, started before the
# prefix is booted, keeps Wine's own services alive between tests, so that a
# test neither pays Wine's start-up nor leaves those services holding CTest's
# output pipe. It is stopped at exit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${PORTIO_BUILD_DIR:-$root/build}
jobs=$(nproc 2>/dev/null || echo 2)
cache=${PORTIO_WINDOWS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/portio-windows}
export PORTIO_WINDOWS_CACHE=$cache

x64=$build/windows-x86_64
x64_archive=$build/windows-x86_64-archive
x86=$build/windows-i686
x64_signed=$build/windows-x86_64-signed
logs=$build/windows-logs
packages="mingw-w64 wine wine64"

section() { printf '\n--- Windows: %s\n' "$*"; }
now() { date +%s; }
elapsed() { echo "$(( $(now) - $1 )) s"; }

# Runs "$@" with its output in the log file $1; shows the log's end and
# fails on error.
quietly() {
    local log=$1
    shift
    if ! "$@" >"$log" 2>&1; then
        echo "failed: $*" >&2
        echo "last lines of $log:" >&2
        tail -n 60 "$log" >&2
        return 1
    fi
}

rm -f "$x64/ctest.log"
mkdir -p "$logs"

# --- Tools ---------------------------------------------------------------------
missing=()
for tool in x86_64-w64-mingw32-gcc i686-w64-mingw32-gcc cmake; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "${CI:-}" = true ]; then
        echo "error: ${missing[*]} missing (apt-get install $packages)" >&2
        exit 1
    fi
    echo "skipped: ${missing[*]} missing (apt-get install $packages)"
    exit 0
fi
have_wine=true
for tool in wine wineserver wineboot timeout; do
    command -v "$tool" >/dev/null || { have_wine=false; missing+=("$tool"); }
done
if ! $have_wine && [ "${CI:-}" = true ]; then
    echo "error: ${missing[*]} missing (apt-get install $packages)" >&2
    exit 1
fi

# The test-signed build (step 5) alone needs these.
missing_signing=()
for tool in openssl osslsigncode; do
    command -v "$tool" >/dev/null || missing_signing+=("$tool")
done
if [ ${#missing_signing[@]} -gt 0 ] && [ "${CI:-}" = true ]; then
    echo "error: ${missing_signing[*]} missing (apt-get install openssl osslsigncode)" >&2
    exit 1
fi

# The driver CABs for attestation signing (driver_cab) need gcab: required
# in CI; elsewhere the build makes none and the test skips.
driver_cab=ON
if ! command -v gcab >/dev/null; then
    if [ "${CI:-}" = true ]; then
        echo "error: gcab missing (apt-get install gcab)" >&2
        exit 1
    fi
    echo "note: gcab missing (apt-get install gcab): no driver CAB, driver_cab skips"
    driver_cab=AUTO
fi

leg_start=$(now)

# --- 1. cmocka -----------------------------------------------------------------
section "cmocka for x86_64-w64-mingw32 (cached in $cache)"
start=$(now)
if ! paths=$("$root/tests/windows/build_cmocka.sh" x86_64 "$cache/cmocka-x86_64" 2>"$logs/cmocka.log"); then
    echo "build_cmocka.sh failed; last lines of $logs/cmocka.log:" >&2
    tail -n 60 "$logs/cmocka.log" >&2
    exit 1
fi
cmocka_include=$(sed -n 's/^PORTIO_CMOCKA_INCLUDE_DIR=//p' <<<"$paths")
cmocka_library=$(sed -n 's/^PORTIO_CMOCKA_LIBRARY=//p' <<<"$paths")
echo "include: $cmocka_include"
echo "library: $cmocka_library ($(elapsed "$start"))"

# --- 2. x86_64 -----------------------------------------------------------------
section "x86_64 cross build: library, unit tests, driver (warnings are errors)"
start=$(now)
# cmocka is a static library: the test programs need no DLL beside them.
quietly "$logs/configure-x86_64.log" \
    cmake -S "$root" -B "$x64" \
        -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-x86_64-w64-mingw32.cmake" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTIO_WERROR=ON -DPORTIO_BUILD_TESTS=ON \
        -DPORTIO_REQUIRE_CMOCKA=ON -DBUILD_SHARED_LIBS=OFF -DPORTIO_SANITIZE=OFF \
        -DPORTIO_BUILD_EXAMPLES=ON -DPORTIO_BUILD_TOOLS=ON -DPORTIO_BUILD_DRIVER=ON -DPORTIO_INSTALL=ON \
        -DPORTIO_CMOCKA_INCLUDE_DIR="$cmocka_include" \
        -DPORTIO_CMOCKA_LIBRARY="$cmocka_library" \
        -DPORTIO_WINDOWS_ARCHIVE_BUILD_DIR="$x64_archive" \
        -DPORTIO_WINDOWS_I686_BUILD_DIR="$x86" -DPORTIO_DRIVER_CAB="$driver_cab"
cmake --build "$x64" -j "$jobs"
echo "x86_64 built in $(elapsed "$start"):"
(cd "$x64" && find . \( -path ./wine-prefix -o -name CMakeFiles -o -name wine-driver -o -name wine-archive -o -name archive-build \) -prune -o \
    \( -name '*.exe' -o -name '*.sys' -o -name '*.dll' \) -print | sort)

# --- 3. Release archives -------------------------------------------------------
for architecture in x86_64 i686; do
    archive_build=$x64_archive
    [ "$architecture" = i686 ] && archive_build=$x86
    section "$architecture release archive: shared build, cpack -G ZIP, listing checked"
    start=$(now)
    CMAKE_BUILD_PARALLEL_LEVEL=$jobs "$root/tests/windows/make_archive.sh" \
        "$root" "$archive_build" "$architecture" RelWithDebInfo "$logs"
    echo "$(cd "$archive_build" && ls portio-*.zip) made in $(elapsed "$start")"
    # Built once more from a copy of the source in another folder, under
    # another umask, time zone and locale: the same bytes
    # (tests/packaging/check_reproducible.sh; run_all.sh counts its line).
    status=0
    CMAKE_BUILD_PARALLEL_LEVEL=$jobs "$root/tests/packaging/check_reproducible.sh" windows "$root" \
        "$build/windows-$architecture-reproducible" "$architecture" \
        "$(ls "$archive_build"/portio-*.zip)" RelWithDebInfo || status=$?
    # 77: a tool is missing outside CI (the script said which).
    [ "$status" -eq 0 ] || [ "$status" -eq 77 ] || exit 1
done

# --- The i686 driver image (issue 18) ------------------------------------------
# The x64 image is checked by CTest (driver_image); the i686 one, which only
# the i686 archive build makes, here: the same checks, and a failure ends the
# leg.
section "i686 driver image: section permissions, flags, checksum, imports, version resource"
x86_version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$x86/CMakeCache.txt")
image_status=0
"$root/tests/windows/check_driver_image.sh" "$x86/drivers/windows/portio.sys" i686 \
    "$x86_version" "$x86/driver-image" || image_status=$?
# 77: a tool is missing outside CI (the script said which); not a failure.
if [ "$image_status" -ne 0 ] && [ "$image_status" -ne 77 ]; then
    echo "the i686 portio.sys failed its image checks" >&2
    exit 1
fi

# --- 4. Unit tests under Wine --------------------------------------------------
section "x86_64 unit tests under Wine"
if ! $have_wine; then
    echo "skipped: ${missing[*]} missing (apt-get install $packages)"
    echo "Windows leg: builds done, tests skipped ($(elapsed "$leg_start"))"
    exit 0
fi

export WINEPREFIX=$x64/wine-prefix
export WINEARCH=win64
export WINEDEBUG=-all
# No Mono/Gecko installers, no menu entries in the user's home; no window.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
unset DISPLAY WAYLAND_DISPLAY
# mingw's runtime DLLs (libwinpthread-1.dll for the programs that use
# pthreads), found through Wine's PATH: drive Z: is the host's root.
winepath=
for dll in libwinpthread-1.dll libgcc_s_seh-1.dll; do
    file=$(x86_64-w64-mingw32-gcc -print-file-name="$dll")
    [ -f "$file" ] || continue
    dir=$(cd "$(dirname "$file")" && pwd -P)
    winepath="${winepath:+$winepath;}Z:${dir//\//\\}"
done
export WINEPATH="$winepath${WINEPATH:+;$WINEPATH}"
# The driver tests (tests/windows/wine_driver.sh, tests/wine-guest/) fail
# instead of skipping.
if [ "${CI:-}" = true ]; then
    export PORTIO_REQUIRE_WINE=1
fi
mkdir -p "$WINEPREFIX"

# Stops the Wine servers of every prefix in the x86_64 build tree: this
# leg's own, and those of tests that make their own prefix, in case such a
# test was killed before it could stop its server. (wineserver -k without a
# server running returns at once.)
stop_wineservers() {
    local dosdevices
    while IFS= read -r dosdevices; do
        WINEPREFIX=$(dirname "$dosdevices") timeout 30 wineserver -k >/dev/null 2>&1 || true
    done < <(find "$x64" -name dosdevices -type d -prune 2>/dev/null)
}
# A server left over by an interrupted run is ours: stop it.
stop_wineservers
trap stop_wineservers EXIT

start=$(now)
# wineserver forks into the background and returns; its output, and that of
# every Wine service started below, goes to files.
if ! timeout 30 wineserver -p >"$logs/wineserver.log" 2>&1 </dev/null; then
    echo "wineserver -p failed; $logs/wineserver.log:" >&2
    cat "$logs/wineserver.log" >&2
    exit 1
fi
if ! timeout --kill-after=10 180 wineboot -i >"$logs/wineboot.log" 2>&1 </dev/null; then
    echo "wineboot -i failed or timed out (180 s); $logs/wineboot.log:" >&2
    tail -n 40 "$logs/wineboot.log" >&2
    exit 1
fi
echo "Wine prefix $WINEPREFIX ready in $(elapsed "$start")"

start=$(now)
# Each test has its own TIMEOUT property (60 s for the unit tests);
# --timeout covers any without one, the outer timeout the whole run.
status=0
timeout --kill-after=10 3600 ctest --test-dir "$x64" --output-on-failure --no-tests=error -j "$jobs" --timeout 120 \
    >"$x64/ctest.log" 2>&1 </dev/null || status=$?
cat "$x64/ctest.log"
if [ "$status" -ne 0 ]; then
    [ "$status" -eq 124 ] && echo "ctest did not finish in 3600 s" >&2
    echo "Windows unit tests under Wine failed (ctest exit $status)" >&2
    exit "$status"
fi
echo "Wine tests ran in $(elapsed "$start")"

# --- 5. Test-signed build ------------------------------------------------------
# A folder of its own, so that the tested build above stays unsigned, as
# releases are. Shared, for portio.dll; only the signed files are built
# (target portio_test_signed): the tests' configuration registers
# test_signing, nothing else of it is built or run. The certificate
# (test-signing/) is reused while the folder lives.
section "x86_64 test-signed build (PORTIO_TEST_SIGN=ON), verified, the signed driver under Wine"
if [ ${#missing_signing[@]} -gt 0 ]; then
    echo "skipped: ${missing_signing[*]} missing (apt-get install openssl osslsigncode)"
    echo "Windows leg done in $(elapsed "$leg_start")"
    exit 0
fi
start=$(now)
quietly "$logs/configure-x86_64-signed.log" \
    cmake -S "$root" -B "$x64_signed" \
        -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-x86_64-w64-mingw32.cmake" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTIO_WERROR=ON -DPORTIO_TEST_SIGN=ON \
        -DBUILD_SHARED_LIBS=ON -DPORTIO_SANITIZE=OFF -DPORTIO_BUILD_BENCH=OFF \
        -DPORTIO_BUILD_EXAMPLES=ON -DPORTIO_BUILD_TOOLS=ON -DPORTIO_BUILD_DRIVER=ON \
        -DPORTIO_BUILD_TESTS=ON -DPORTIO_REQUIRE_CMOCKA=ON \
        -DPORTIO_CMOCKA_INCLUDE_DIR="$cmocka_include" \
        -DPORTIO_CMOCKA_LIBRARY="$cmocka_library"
quietly "$logs/build-x86_64-signed.log" \
    cmake --build "$x64_signed" -j "$jobs" --target portio_test_signed
status=0
timeout --kill-after=10 900 ctest --test-dir "$x64_signed" --output-on-failure --no-tests=error -L signing \
    >"$x64_signed/ctest.log" 2>&1 </dev/null || status=$?
cat "$x64_signed/ctest.log"
if [ "$status" -ne 0 ]; then
    echo "test-signed build: test_signing failed (ctest exit $status)" >&2
    exit "$status"
fi
echo "test-signed build: $(grep -E 'tests passed' "$x64_signed/ctest.log") ($(elapsed "$start"))"
echo "Windows leg done in $(elapsed "$leg_start")"
