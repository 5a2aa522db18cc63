#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Records portio's ABI in abi/, for the checks that compare every build with
# it (check_abi.sh, check_dll_exports.sh):
#   record_abi.sh [linux|windows|all]     (default all)
#   linux    abi/SONAME.abi (today abi/libportio.so.0.abi): libabigail's abidw
#            XML of the shared library built from this tree with GCC for
#            x86-64: exported functions and variables, and the layout of every
#            type of include/ they reach
#   windows  abi/portio.dll.exports: the names portio.dll exports, built with
#            mingw-w64 for x64 and x86 (the two lists must be equal)
# Run it after a deliberate change of the ABI only: an addition, or a break
# that comes with a new SONAME (docs/testing.md, "The ABI"). It builds in a
# temporary folder and leaves only the records.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source=$(cd "$here/../.." && pwd)
# shellcheck source=abi_common.sh
. "$here/abi_common.sh"
what=${1:-all}
case $what in linux | windows | all) ;; *) echo "usage: record_abi.sh [linux|windows|all]" >&2; exit 2 ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$source/abi"

if [ "$what" != windows ]; then
    CI=true abi_missing_tools abidw:abigail-tools readelf:binutils gcc:gcc cmake:cmake
    library=$(abi_build_library "$source" "$work/linux" -DCMAKE_C_COMPILER=gcc)
    soname=$(abi_soname "$library")
    abi_dump "$source" "$library" "$source/abi/$soname.abi"
    echo "recorded abi/$soname.abi: $(grep -c '<elf-symbol ' "$source/abi/$soname.abi") symbols"
    for old in "$source"/abi/libportio.so.*.abi; do
        [ "$old" = "$source/abi/$soname.abi" ] ||
            echo "note: $(basename "$old") is the record of an older SONAME: git rm it"
    done
fi

if [ "$what" != linux ]; then
    CI=true abi_missing_tools x86_64-w64-mingw32-gcc:mingw-w64 i686-w64-mingw32-gcc:mingw-w64 \
        x86_64-w64-mingw32-objdump:binutils-mingw-w64-x86-64 cmake:cmake
    for architecture in x86_64 i686; do
        dll=$(abi_build_library "$source" "$work/windows-$architecture" \
            -DCMAKE_TOOLCHAIN_FILE="$source/cmake/toolchain-$architecture-w64-mingw32.cmake")
        abi_dll_exports "$dll" >"$work/$architecture.exports"
    done
    if ! diff -u "$work/x86_64.exports" "$work/i686.exports" >&2; then
        echo "record_abi: the x64 and x86 portio.dll export different names (above); one list holds both" >&2
        exit 1
    fi
    {
        echo "# SPDX-License-Identifier: MIT"
        echo "# The names portio.dll exports, x64 and x86 alike, sorted; made by"
        echo "# tests/abi/record_abi.sh, not by hand. Ordinals are not recorded: mingw"
        echo "# numbers the names alphabetically and import libraries link by name."
        cat "$work/x86_64.exports"
    } >"$source/abi/portio.dll.exports"
    echo "recorded abi/portio.dll.exports: $(wc -l <"$work/x86_64.exports") names"
fi
