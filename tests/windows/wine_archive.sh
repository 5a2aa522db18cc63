#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The x64 release archive as a user gets it (label packaging;wine):
#   wine_archive.sh SOURCE_DIR ARCHIVE_BUILD_DIR BUILD_TYPE WORK_DIR
# 1. makes the archive with make_archive.sh in ARCHIVE_BUILD_DIR (built
#    incrementally: nothing to do when run_windows_tests.sh just made it),
#    which checks its listing;
# 2. unpacks it into a fresh Wine prefix of its own, with no WINEPATH: only
#    the unpacked folder and Windows' own DLLs can serve the programs, which
#    proves the archive needs neither the build tree nor mingw;
# 3. from there: portio driver install, status (running), lpt_probe
#    --simulate, the other examples start, portio driver remove, status
#    (not installed);
# 4. a program built with find_package(portio) from the unpacked folder, once
#    with portio::portio (the DLL) and once with portio::portio_static.
# Every Wine step has a timeout; Wine's output goes to files, never into a
# pipe (its processes would keep the pipe open). Exit status 77: Wine is
# missing, unless CI=true or PORTIO_REQUIRE_WINE=1.
set -euo pipefail

source_dir=$1 archive_build=$2 build_type=$3 work=$4
toolchain=$source_dir/cmake/toolchain-x86_64-w64-mingw32.cmake
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
test_name=wine_archive
# shellcheck source=wine_steps.sh
. "$here/wine_steps.sh"

for tool in wine wineserver wineboot timeout objdump; do
    if ! command -v "$tool" >/dev/null; then
        echo "wine_archive: $tool is not installed (apt-get install wine wine64 binutils coreutils)" >&2
        { [ "${CI:-}" = true ] || [ "${PORTIO_REQUIRE_WINE:-0}" = 1 ]; } && exit 1
        exit 77
    fi
done

now() { date +%s; }
test_start=$(now)
logs=$work/logs
rm -rf "$work"
mkdir -p "$logs"

# --- 1. The archive --------------------------------------------------------
start=$(now)
"$here/make_archive.sh" "$source_dir" "$archive_build" x86_64 "$build_type" "$logs"
zip=$(ls "$archive_build"/portio-*-win64.zip)
archive_seconds=$(($(now) - start))
echo "wine_archive: $(basename "$zip") made and checked in ${archive_seconds} s"

# --- 2. A fresh prefix, the archive unpacked into it ---------------------
# Wine's module errors stay on: a DLL missing from the archive is named.
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all,err+module
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
# Wine's PATH would reach mingw's runtime DLLs (run_windows_tests.sh sets
# it for the unit tests): not here.
unset WINEPATH DISPLAY WAYLAND_DISPLAY

trap stop_wine EXIT
trap 'echo "wine_archive: FAILED: the step at line $LINENO (see its output above)" >&2' ERR

start=$(now)
boot_prefix
prefix_seconds=$(($(now) - start))
echo "wine_archive: fresh Wine prefix in ${prefix_seconds} s"

folder=$(basename "$zip" .zip)
(cd "$WINEPREFIX/drive_c" && cmake -E tar xf "$zip")
bin="C:\\$folder\\bin"

# --- 3. The driver and the programs, from the unpacked folder ------------
start=$(now)
run_step 120 install wine "$bin\\portio.exe" driver install
expect install "installed"
run_step 60 status wine "$bin\\portio.exe" driver status
expect status "driver: installed, running"
expect status "protocol version"
run_step 60 lpt_probe wine "$bin\\lpt_probe.exe" --simulate
expect lpt_probe "Parallel port found at 0x378 (status 0xD8, control 0xCC)"
for example in cmos_clock pci_list smbus_eeprom lpt_print; do
    run_step 60 "$example" wine "$bin\\$example.exe" --help
done
run_step 120 remove wine "$bin\\portio.exe" driver remove
expect remove "stopped and removed"
run_step 60 status-removed wine "$bin\\portio.exe" driver status || true
expect status-removed "driver: not installed"
programs_seconds=$(($(now) - start))

# --- 4. find_package(portio) from the unpacked folder --------------------
start=$(now)
unpacked="$WINEPREFIX/drive_c/$folder"
quietly "$logs/consumer-configure.log" cmake -S "$here/archive_consumer" -B "$work/consumer" \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$unpacked" \
    -DPORTIO_CONSUMER_MAIN="$source_dir/tests/packaging/consumer/main.c"
quietly "$logs/consumer-build.log" cmake --build "$work/consumer"
imports=$(objdump -p "$work/consumer/consumer_static.exe")
if grep -q 'DLL Name: portio.dll' <<<"$imports" || grep -q '\] portio_' <<<"$imports"; then
    echo "wine_archive: FAILED: consumer_static.exe imports portio.dll or exports portio's functions" >&2
    exit 1
fi
# The DLL's user gets portio.dll beside it, as the archive's programs do.
mkdir -p "$WINEPREFIX/drive_c/consumer"
cp "$work/consumer/consumer_dll.exe" "$work/consumer/consumer_static.exe" "$unpacked/bin/portio.dll" \
    "$WINEPREFIX/drive_c/consumer/"
run_step 60 consumer_dll wine 'C:\consumer\consumer_dll.exe'
expect consumer_dll "mock LPT answers"
run_step 60 consumer_static wine 'C:\consumer\consumer_static.exe'
expect consumer_static "mock LPT answers"
consumer_seconds=$(($(now) - start))

echo "wine_archive: passed: $(basename "$zip") (archive ${archive_seconds} s, fresh prefix" \
    "${prefix_seconds} s, driver and programs ${programs_seconds} s, find_package consumers" \
    "${consumer_seconds} s; $(($(now) - test_start)) s in all)"
