#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the benchmarks, runs them in the QEMU guest (Linux: bench_linux,
# with the kernel's ppdev driver loaded for the ppdev row;
# Windows: bench_windows under Wine against the real portio.sys, and
# portio's inpoutx64.dll) and prints the table: path, ns per access,
# reference, ratio, target, verdict.
#
#   bench/run_bench.sh [--linux-only] [--processes N] [--rounds N] [--table FILE]
#
# --linux-only   skip the Windows part (no mingw-w64 or Wine needed)
# --processes N  Linux: measure in N processes, each with its own memory
#                layout, and pool them (default 7; see bench/processes.h)
# --rounds N     Linux: rounds of each comparison in each process (default 9)
# --table FILE   also write the table, as Markdown, to FILE
# PORTIO_INPOUT_ORIGINAL=DIR: a folder holding InpOut32 1.5's own
#                inpoutx64.dll and inpoutx64.sys (MIT; from a public mirror
#                of its source, never from this repository): its driver is
#                installed beside portio's in the guest, and Out32/Inp32
#                through portio's DLL are timed against InpOut32's too.
# Exit status: 0 every target met; 1 a target missed; 2 the benchmark could
# not run (a tool missing, a build or guest failing). Build trees go to
# $PORTIO_BUILD_DIR (default build/) /bench-linux and /bench-windows.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PORTIO_BUILD_DIR:-$root/build}
jobs=$(nproc 2>/dev/null || echo 2)
windows=yes
rounds=9
processes=7
table_file=""
while [ $# -gt 0 ]; do
    case $1 in
        --linux-only) windows=no; shift ;;
        --rounds) rounds=$2; shift 2 ;;
        --processes) processes=$2; shift 2 ;;
        --table) table_file=$2; shift 2 ;;
        *) echo "usage: run_bench.sh [--linux-only] [--processes N] [--rounds N] [--table FILE]" >&2; exit 2 ;;
    esac
done

cannot_run() {
    echo "run_bench: $*" >&2
    exit 2
}
# The guest scripts skip (77) where a tool is missing; here that is a
# failure to run.
export PORTIO_REQUIRE_QEMU=1 PORTIO_REQUIRE_WINE=1

linux=$build/bench-linux
results=$build/bench-results.txt
: > "$results"

echo "=== Linux: build"
cmake -S "$root" -B "$linux" -DCMAKE_BUILD_TYPE=Release -DPORTIO_BUILD_TESTS=OFF \
    -DPORTIO_BUILD_EXAMPLES=OFF -DPORTIO_BUILD_TOOLS=OFF -DPORTIO_INSTALL=OFF >/dev/null ||
    cannot_run "configuring the Linux build failed"
cmake --build "$linux" -j "$jobs" --target bench_linux >/dev/null || cannot_run "building bench_linux failed"

echo "=== Linux: the guest"
"$root/tests/qemu/prepare_guest.sh" "$linux/bed" "$linux/bench/bench_linux" \
    "$linux/bench/shared/bench_shared_part.so" "$linux/bench/shared/libportio.so.0" ||
    cannot_run "the guest could not be prepared"
"$root/tests/qemu/run_guest.sh" "$linux/bed" --ppdev --timeout 900 -- \
    bench_linux --shared /portio/bench_shared_part.so --processes "$processes" --rounds "$rounds" \
    > "$linux/console.txt" 2>&1 ||
    { cat "$linux/console.txt"; cannot_run "bench_linux failed in the guest"; }
grep -q '^PORTIO-BENCH-DONE' "$linux/console.txt" ||
    { cat "$linux/console.txt"; cannot_run "bench_linux did not finish"; }
grep '^PORTIO-BENCH' "$linux/console.txt" >> "$results"

if [ "$windows" = yes ]; then
    echo "=== Windows: build (mingw-w64)"
    win=$build/bench-windows
    command -v x86_64-w64-mingw32-gcc >/dev/null || cannot_run "mingw-w64 is not installed"
    cmake -S "$root" -B "$win" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-x86_64-w64-mingw32.cmake" \
        -DPORTIO_BUILD_TESTS=OFF -DPORTIO_BUILD_EXAMPLES=OFF -DPORTIO_INSTALL=OFF >/dev/null ||
        cannot_run "configuring the Windows build failed"
    cmake --build "$win" -j "$jobs" --target bench_windows portio_tool portio_driver inpout >/dev/null ||
        cannot_run "building bench_windows, portio.exe, portio.sys or inpoutx64.dll failed"
    echo "=== Windows: Wine prefix with the driver, then the guest"
    guest=$root/tests/wine-guest/run_wine_guest.sh
    bash "$guest" prepare "$win/wine-guest" "$win/tools/portio.exe" "$win/drivers/windows/portio.sys" \
        > "$win/prepare.log" 2>&1 || { tail -n 40 "$win/prepare.log"; cannot_run "the Wine prefix could not be prepared"; }
    # portio's inpoutx64.dll, and InpOut32's own where given: its DLL under
    # another name, its driver as the service inpoutx64, started in the
    # guest (services.exe has the port rights there).
    inpout_args=(--copy "$win/compat/inpout32/inpoutx64.dll")
    bench_args=(--inpout inpoutx64.dll)
    if [ -n "${PORTIO_INPOUT_ORIGINAL:-}" ]; then
        for file in inpoutx64.dll inpoutx64.sys; do
            [ -f "$PORTIO_INPOUT_ORIGINAL/$file" ] || cannot_run "PORTIO_INPOUT_ORIGINAL has no $file"
        done
        mkdir -p "$win/inpout-original"
        cp "$PORTIO_INPOUT_ORIGINAL/inpoutx64.dll" "$win/inpout-original/inpoutx64-1.5.dll"
        cp "$PORTIO_INPOUT_ORIGINAL/inpoutx64.sys" "$win/inpout-original/inpoutx64.sys"
        inpout_args+=(--copy "$win/inpout-original/inpoutx64-1.5.dll" --copy "$win/inpout-original/inpoutx64.sys"
            --before "sc create inpoutx64 type= kernel start= demand binPath= inpoutx64.sys"
            --before "sc start inpoutx64")
        bench_args+=(--inpout-original inpoutx64-1.5.dll)
    fi
    bash "$guest" run "$win/wine-guest" bench --client-port-rights --timeout 900 "${inpout_args[@]}" -- \
        "$win/bench/bench_windows.exe" "${bench_args[@]}" > "$win/console.txt" 2>&1 ||
        { tail -n 80 "$win/console.txt"; cannot_run "bench_windows failed in the guest"; }
    tr -d '\r' < "$win/console.txt" > "$win/console-lf.txt"
    grep -q '^PORTIO-BENCH-DONE' "$win/console-lf.txt" ||
        { tail -n 80 "$win/console-lf.txt"; cannot_run "bench_windows did not finish"; }
    grep '^PORTIO-BENCH' "$win/console-lf.txt" >> "$results"
fi

# --- the table ---
qemu_version=$(qemu-system-x86_64 --version | head -n 1)
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
kernel=$(basename "$(readlink -f "$linux/bed/vmlinuz")")
# A ratio far below 1 (a batch against single calls) keeps two significant digits.
table=$(awk -F'|' -v processes="$processes" -v date="$(date -u +%Y-%m-%d)" -v cpu="$cpu" -v qemu="$qemu_version" -v kernel="$kernel" '
    function ratio(x) { return sprintf(x + 0 < 0.1 ? "%.2g" : "%.2f", x) }
    BEGIN {
        printf "Measured %s on %s, in a QEMU guest under software emulation (%s, TCG; guest kernel %s).\n", date, cpu, qemu, kernel
        printf "Ratio: path / reference, timed in turns. Linux: the median of %d processes, each the median of its rounds; spread: the processes'"'"' quartiles. Windows: the median of the rounds; spread: their quartiles.\n", processes
        print ""
        print "| Path | ns per access | Reference | ns per access | Ratio | Spread | Target | Verdict |"
        print "| --- | ---: | --- | ---: | ---: | --- | ---: | --- |"
        missed = 0
    }
    $1 == "PORTIO-BENCH" {
        verdict = "-"
        target = $10 == "-" ? "-" : "<= " $10
        if ($10 != "-") {
            if ($7 + 0 <= $10 + 0) verdict = "met"
            else { verdict = "**missed**"; missed++ }
        }
        printf "| %s | %s | %s | %s | %s | %s-%s | %s | %s |\n", $3, $4, $5, $6, ratio($7), ratio($8), ratio($9), target, verdict
    }
    $1 == "PORTIO-BENCH-NOTE" { notes = notes "\n" $2 }
    END {
        if (notes != "") print "\nDriver counters:" notes
        printf "\n%d target(s) missed.\n", missed
    }' "$results")
echo
echo "$table"
[ -n "$table_file" ] && echo "$table" > "$table_file"
# The table's last line counts the misses.
grep -q '^0 target(s) missed\.$' <<<"$table" || exit 1
exit 0
