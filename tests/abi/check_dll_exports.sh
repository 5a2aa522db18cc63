#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Compares the names portio.dll exports with abi/portio.dll.exports
# (record_abi.sh windows), for the x64 and the x86 DLL:
#   check_dll_exports.sh PORTIO_SOURCE WORK_DIR
# Both DLLs are built in WORK_DIR with mingw-w64 (the library alone,
# shared), whatever the calling build is. A recorded name missing from
# either DLL fails (programs linked with it no longer start); a new name is
# reported and passes. portio.dll's name carries no version (no SONAME), so
# a removal fails until it is recorded on purpose. Only names: the layouts
# of portio.h's types and the functions' parameters are those of the same
# header, compared on Linux by check_abi.sh (x86-64; the public structs
# hold fixed-width integers only, so they are laid out alike on x64 and x86
# Windows, and long, which LLP64 makes 32 bits, is only in Linux's part).
# Exit 77 (skip) when a tool is missing, unless CI=true.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: check_dll_exports.sh PORTIO_SOURCE WORK_DIR" >&2
    exit 2
fi
source=$1 work=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=abi_common.sh
. "$here/abi_common.sh"
abi_missing_tools x86_64-w64-mingw32-gcc:mingw-w64 i686-w64-mingw32-gcc:mingw-w64 \
    x86_64-w64-mingw32-objdump:binutils-mingw-w64-x86-64 cmake:cmake

record=$source/abi/portio.dll.exports
[ -f "$record" ] || { echo "abi_dll_exports: no $record: record it with tests/abi/record_abi.sh windows" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
grep -v '^#' "$record" | LC_ALL=C sort >"$work/recorded.txt"

failed=false
for architecture in x86_64 i686; do
    dll=$(abi_build_library "$source" "$work/build-$architecture" \
        -DCMAKE_TOOLCHAIN_FILE="$source/cmake/toolchain-$architecture-w64-mingw32.cmake")
    abi_dll_exports "$dll" >"$work/$architecture.txt"
    removed=$(LC_ALL=C comm -23 "$work/recorded.txt" "$work/$architecture.txt")
    added=$(LC_ALL=C comm -13 "$work/recorded.txt" "$work/$architecture.txt")
    if [ -n "$removed" ]; then
        echo "abi_dll_exports: the $architecture portio.dll no longer exports:" >&2
        sed 's/^/  /' <<<"$removed" >&2
        failed=true
    fi
    if [ -n "$added" ]; then
        echo "abi_dll_exports: the $architecture portio.dll exports new names (compatible):"
        sed 's/^/  /' <<<"$added"
    fi
    echo "abi_dll_exports: $architecture portio.dll: $(wc -l <"$work/$architecture.txt") names," \
        "$(wc -l <"$work/recorded.txt") recorded"
done
if $failed; then
    echo "abi_dll_exports: programs linked with portio.dll import these names and would not start." >&2
    echo "Either export them again, or, if the break is deliberate, make it in a new major version" >&2
    echo "(PORTIO_VERSION_MAJOR: portio.dll's name has no version, so programs must be rebuilt" >&2
    echo "and shipped with the new DLL) and record: tests/abi/record_abi.sh (docs/testing.md, \"The ABI\")." >&2
    exit 1
fi
echo "abi_dll_exports: every recorded export is there"
