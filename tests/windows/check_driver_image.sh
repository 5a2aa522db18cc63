#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks a portio.sys image against what Windows (memory integrity, Driver
# Verifier's code-integrity checks, the loader) expects of a driver:
#   check_driver_image.sh IMAGE x86_64|i686 VERSION [WORK_DIR]
#   - the PE format of the architecture;
#   - no section both writable and executable;
#   - NX_COMPAT (0x100) and DYNAMIC_BASE (0x40) in DllCharacteristics;
#   - SectionAlignment 0x1000 (4 KiB pages, so each section gets its own
#     page protection);
#   - a PE checksum equal to its recomputation (pe_checksum.c);
#   - imports from ntoskrnl.exe and HAL.dll only;
#   - a version resource (pe_version.c) of type VFT_DRV whose file and
#     product versions are VERSION (fixed: VERSION.0; strings: VERSION);
#   - no .debug_* section (drivers/windows/CMakeLists.txt moves them to
#     IMAGE.debug).
# Reads the headers with binutils' objdump (the mingw-w64 one, else the
# host's); the two C helpers are built with the host's cc into WORK_DIR
# (default: a temporary folder). Exit 0 when every check passes, 1 when one
# fails; a missing tool fails with CI=true and skips (77) elsewhere.
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
    echo "usage: check_driver_image.sh IMAGE x86_64|i686 VERSION [WORK_DIR]" >&2
    exit 2
fi
image=$1 architecture=$2 version=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case $architecture in
x86_64) pe_format=pei-x86-64 ;;
i686) pe_format=pei-i386 ;;
*) echo "unknown architecture $architecture (x86_64 or i686)" >&2; exit 2 ;;
esac
[ -f "$image" ] || { echo "no image at $image" >&2; exit 2; }

missing_tool() {
    if [ "${CI:-}" = true ]; then
        echo "error: $1 missing (apt-get install $2)" >&2
        exit 1
    fi
    echo "skipped: $1 missing (apt-get install $2)"
    exit 77
}
objdump=$architecture-w64-mingw32-objdump
command -v "$objdump" >/dev/null || objdump=objdump
command -v "$objdump" >/dev/null || missing_tool objdump binutils-mingw-w64
host_cc=${CC_FOR_HOST:-cc}
command -v "$host_cc" >/dev/null || missing_tool "$host_cc (the host's C compiler)" gcc

if [ $# -eq 4 ]; then
    work=$4
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
for helper in pe_checksum pe_version; do
    "$host_cc" -std=c11 -O2 -Wall -Wextra -o "$work/$helper" "$here/$helper.c" "$here/read_whole_file.c"
done

failures=0
pass() { echo "ok:   $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# A list on one line, for the messages.
one_line() { tr "\n" " " <<<"$1" | sed "s/ *$//"; }

headers=$("$objdump" -h "$image")
private=$("$objdump" -p "$image")
echo "$image ($architecture, version $version), read with $objdump"

if grep -q "file format $pe_format\$" <<<"$headers"; then
    pass "format $pe_format"
else
    fail "format: $(grep -o 'file format .*' <<<"$headers" | head -n 1), not $pe_format"
fi

# objdump -h prints each section's name, then its flags on the next line:
# CODE for code or executable memory, READONLY unless it is writable.
writable_code=$(awk '/^ *[0-9]+ / { name = $2; next }
    name != "" { if ($0 ~ /CODE/ && $0 !~ /READONLY/) print name; name = "" }' <<<"$headers")
if [ -z "$writable_code" ]; then
    pass "no section both writable and executable"
else
    fail "writable and executable: $(one_line "$writable_code")"
fi

field() { awk -v name="$1" '$1 == name { print $2; exit }' <<<"$private"; }
dll_characteristics=$(field DllCharacteristics)
if [ -z "$dll_characteristics" ]; then
    fail "no DllCharacteristics in objdump -p's output"
else
    for flag in 0x100:NX_COMPAT 0x40:DYNAMIC_BASE; do
        if (( 0x$dll_characteristics & ${flag%%:*} )); then
            pass "${flag#*:} set (DllCharacteristics 0x$dll_characteristics)"
        else
            fail "${flag#*:} (${flag%%:*}) not set in DllCharacteristics 0x$dll_characteristics"
        fi
    done
fi

section_alignment=$(field SectionAlignment)
if [ -n "$section_alignment" ] && (( 0x$section_alignment == 0x1000 )); then
    pass "SectionAlignment 0x1000"
else
    fail "SectionAlignment 0x${section_alignment:-?}, not 0x1000"
fi

if checksum=$("$work/pe_checksum" "$image" 2>&1); then
    pass "PE checksum valid ($checksum)"
else
    fail "PE checksum: $checksum"
fi

imports=$(sed -n 's/^[[:space:]]*DLL Name: //p' <<<"$private")
unexpected=$(grep -viE '^(ntoskrnl\.exe|hal\.dll)$' <<<"$imports" || true)
if [ -z "$imports" ]; then
    fail "no imports found (a driver imports at least ntoskrnl.exe)"
elif [ -z "$unexpected" ]; then
    pass "imports only from $(one_line "$imports")"
else
    fail "imports from $(one_line "$unexpected") (only ntoskrnl.exe and HAL.dll belong in a driver)"
fi

version_status=0
version_info=$("$work/pe_version" "$image" 2>&1) || version_status=$?
if [ "$version_status" -ne 0 ]; then
    fail "version resource: $version_info"
else
    for expected in "FileVersion $version.0" "ProductVersion $version.0" "FileType 0x3" \
        "String FileVersion=$version" "String ProductVersion=$version" \
        "String OriginalFilename=portio.sys"; do
        if grep -qxF "$expected" <<<"$version_info"; then
            pass "version resource: $expected"
        else
            fail "version resource: no '$expected' in: $(one_line "$version_info")"
        fi
    done
fi

debug_sections=$(awk '/^ *[0-9]+ / && $2 ~ /^\.debug_/ { print $2 }' <<<"$headers")
if [ -z "$debug_sections" ]; then
    pass "no .debug_* section$(grep -q ' \.gnu_debuglink ' <<<"$headers" && echo ' (a .gnu_debuglink names the debug file)')"
else
    fail "debug sections in the image: $(one_line "$debug_sections")"
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed for $image"
    exit 1
fi
echo "all checks passed for $image"
