#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# What a 32-bit program depends on, checked by inspection (32-bit programs
# cannot run under Wine here), and the 64-bit DLL's export table:
#   check_inpout_exports.sh SOURCE_DIR I686_BUILD_DIR X64_DLL WORK_DIR
# I686_BUILD_DIR: an i686 build that made compat/inpout32/inpout32.dll and
# inpout32.lib (run_windows_tests.sh's archive build). Against the one
# export list, compat/inpout32/inpout32.def (name@bytes @ordinal):
#   1. each DLL's export table: exactly those names at those ordinals,
#      ordinal base 1, undecorated;
#   2. i686: every return of each export's code (from its address to the
#      next symbol) is "ret $bytes" (stdcall: the callee pops its
#      arguments), a plain ret for 0 bytes;
#   3. i686: inpout32.lib resolves the decorated names (__imp__Out32@8);
#   4. i686: client_linked.c, compiled with inpout32.h and linked with
#      -linpout32 (ld finds inpout32.lib), imports each name, by name, from
#      inpout32.dll; client_loadlibrary.c builds too.
# Exit 77 when the i686 build or a tool is missing, unless CI=true.
set -euo pipefail

source_dir=$1 i686_build=$2 x64_dll=$3 work=$4
here=$source_dir/tests/inpout
list=$source_dir/compat/inpout32/inpout32.def
dll32=$i686_build/compat/inpout32/inpout32.dll
lib32=$i686_build/compat/inpout32/inpout32.lib

unavailable() {
    echo "check_inpout_exports: $*" >&2
    [ "${CI:-}" = true ] && exit 1
    exit 77
}
for tool in objdump nm i686-w64-mingw32-gcc; do
    command -v "$tool" >/dev/null || unavailable "$tool is not installed (binutils, mingw-w64)"
done
[ -f "$dll32" ] && [ -f "$lib32" ] || unavailable "no inpout32.dll/inpout32.lib in $i686_build (make the i686 build first)"
rm -rf "$work"
mkdir -p "$work"

failures=0
fail() { echo "check_inpout_exports: FAILED: $*" >&2; failures=$((failures + 1)); }

# name bytes ordinal, from the list.
exports=$(sed -n 's/^[[:space:]]*\([A-Za-z0-9_]*\)@\([0-9]*\)[[:space:]]*@\([0-9]*\).*/\1 \2 \3/p' "$list")
[ "$(wc -l <<<"$exports")" = 14 ] || fail "$list does not list 14 exports"

# 1. The export tables.
check_export_table() {
    local dll=$1 table base names
    table=$(objdump -p "$dll")
    base=$(sed -n 's/^Ordinal Base[[:space:]]*\([0-9]*\).*/\1/p' <<<"$table")
    [ "$base" = 1 ] || fail "$(basename "$dll"): ordinal base is '$base', not 1"
    # "[   1] Out32" lines: index from the base, and the name.
    names=$(sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/s/^[[:space:]]*\[[[:space:]]*\([0-9]*\)\][[:space:]]*\(.*\)$/\2 \1/p' <<<"$table" | sort)
    local expected
    expected=$(while read -r name bytes ordinal; do echo "$name $((ordinal - 1))"; done <<<"$exports" | sort)
    if [ "$names" != "$expected" ]; then
        fail "$(basename "$dll"): the export table is not the list's 14 names at their ordinals:"
        diff <(echo "$expected") <(echo "$names") >&2 || true
    fi
}
check_export_table "$dll32"
check_export_table "$x64_dll"

# 2. stdcall returns of the i686 exports.
image_base=$(objdump -p "$dll32" | sed -n 's/^ImageBase[[:space:]]*//p')
symbols=$(nm -n --defined-only "$dll32" | awk '{print $1}' | sort -u)
table=$(objdump -p "$dll32")
while read -r name bytes ordinal; do
    rva=$(sed -n "s/^[[:space:]]*\[[[:space:]]*[0-9]*\] +base\[[[:space:]]*$ordinal\] \([0-9a-f]*\) Export RVA/\1/p" <<<"$table" | head -n 1)
    [ -n "$rva" ] || { fail "$name: no export address for ordinal $ordinal"; continue; }
    start=$(printf '%08x' $((0x$image_base + 0x$rva)))
    stop=$(awk -v s="$start" '$1 > s {print $1; exit}' <<<"$symbols")
    [ -n "$stop" ] || { fail "$name: no symbol after 0x$start"; continue; }
    returns=$(objdump -d --no-show-raw-insn --start-address="0x$start" --stop-address="0x$stop" "$dll32" |
        sed -n 's/^[[:space:]]*[0-9a-f]*:[[:space:]]*\(ret[^<]*\).*$/\1/p' | sed 's/[[:space:]]*$//' | sort -u)
    if [ "$bytes" = 0 ]; then want=ret; else want=$(printf 'ret    $0x%x' "$bytes"); fi
    if [ -z "$returns" ]; then
        fail "$name (0x$start-0x$stop): no ret found"
    elif [ "$returns" != "$want" ]; then
        fail "$name: returns with '$(tr '\n' ',' <<<"$returns")', not '$want' (stdcall, $bytes bytes of arguments)"
    else
        echo "ok: $name @$ordinal returns with $want"
    fi
done <<<"$exports"

# 3. The import library's decorated names.
symbols=$(nm "$lib32" 2>/dev/null)
while read -r name bytes ordinal; do
    grep -q "I __imp__$name@$bytes\$" <<<"$symbols" || fail "inpout32.lib does not resolve _$name@$bytes"
done <<<"$exports"

# 4. i686 clients.
cc=(i686-w64-mingw32-gcc -std=c11 -O2 -Wall -Wextra -Werror -I "$source_dir/compat/inpout32")
"${cc[@]}" -o "$work/client_linked.exe" "$here/client_linked.c" -L "$(dirname "$lib32")" -linpout32 \
    >"$work/client_linked.log" 2>&1 || { cat "$work/client_linked.log" >&2; fail "client_linked.c does not build for i686 with -linpout32"; }
"${cc[@]}" -o "$work/client_loadlibrary.exe" "$here/client_loadlibrary.c" \
    >"$work/client_loadlibrary.log" 2>&1 || { cat "$work/client_loadlibrary.log" >&2; fail "client_loadlibrary.c does not build for i686"; }
if [ -f "$work/client_linked.exe" ]; then
    imports=$(objdump -p "$work/client_linked.exe" | sed -n '/DLL Name: inpout32.dll/,/^$/p')
    [ -n "$imports" ] || fail "client_linked.exe does not import from inpout32.dll"
    while read -r name bytes ordinal; do
        grep -Eq "^[[:space:]]+[0-9a-f]+[[:space:]]+[0-9]+[[:space:]]+$name\$" <<<"$imports" ||
            fail "client_linked.exe does not import $name by name from inpout32.dll"
    done <<<"$exports"
fi

if [ "$failures" -ne 0 ]; then
    echo "check_inpout_exports: $failures failure(s)" >&2
    exit 1
fi
echo "check_inpout_exports: inpout32.dll and inpoutx64.dll export the 14 names at ordinals 1-14;" \
    "i686: stdcall returns, decorated import names, client_linked.exe imports them by name"
