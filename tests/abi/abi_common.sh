#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What recording the ABI (record_abi.sh) and checking it (check_abi.sh,
# check_dll_exports.sh) share, so that the record and the check see the
# library the same way. Sourced, not run.

# abi_build_library SOURCE BUILD_DIR [CMAKE ARGS...]: portio's library
# alone, shared, with debug info (abidw reads the types from DWARF), no
# sanitizers (their instrumentation is not the ABI) and source paths made
# relative (the record must not depend on where the tree lies). Quiet
# unless it fails. Prints the library's path.
abi_build_library() {
    local source=$1 build=$2
    shift 2
    local log=$build.log
    mkdir -p "$(dirname "$build")"
    if ! { cmake -S "$source" -B "$build" --no-warn-unused-cli -DCMAKE_BUILD_TYPE=RelWithDebInfo \
               -DBUILD_SHARED_LIBS=ON -DPORTIO_SANITIZE=OFF "-DCMAKE_C_FLAGS=-ffile-prefix-map=$source/=" \
               -DPORTIO_BUILD_TESTS=OFF -DPORTIO_BUILD_EXAMPLES=OFF -DPORTIO_BUILD_TOOLS=OFF \
               -DPORTIO_BUILD_BENCH=OFF -DPORTIO_BUILD_SYS_IO=OFF -DPORTIO_BUILD_DRIVER=OFF \
               -DPORTIO_BUILD_INPOUT=OFF -DPORTIO_INSTALL=OFF -DPORTIO_TEST_SIGN=OFF "$@" &&
           cmake --build "$build" --target portio -j 2; } >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "abi: building the library in $build failed (log: $log)" >&2
        return 1
    fi
    # The real file (libportio.so.0.1.0 or portio.dll), not a symlink.
    find "$build" -maxdepth 1 -type f \( -name 'libportio.so.*' -o -name 'portio.dll' \) | head -n 1
}

# abi_soname LIBRARY: its DT_SONAME.
abi_soname() {
    readelf -d "$1" | sed -n 's/.*(SONAME).*\[\(.*\)\]$/\1/p'
}

# abi_dump SOURCE LIBRARY OUT: LIBRARY's ABI as abidw's XML. The types are
# those of include/ (--headers-dir): a type defined elsewhere is private
# (--drop-private-types), so an opaque type such as portio_mock_lpt is
# recorded as a declaration and its hidden layout may change. No paths,
# no source locations, no DT_NEEDED: the record changes only when the ABI
# does. A comment after the first line (abidiff recognises the file by
# its first element) says what the file is.
abi_dump() {
    local source=$1 library=$2 out=$3
    abidw --headers-dir "$source/include" --drop-private-types --exported-interfaces-only \
        --no-corpus-path --no-comp-dir-path --no-show-locs --no-elf-needed "$library" >"$out.tmp"
    {
        head -n 1 "$out.tmp"
        echo "  <!-- SPDX-License-Identifier: MIT"
        echo "       portio's ABI as libabigail's abidw sees it; made by tests/abi/record_abi.sh, not by hand. -->"
        tail -n +2 "$out.tmp"
    } >"$out"
    rm -f "$out.tmp"
}

# abi_dll_exports DLL: the names in its export table, sorted, one a line.
abi_dll_exports() {
    x86_64-w64-mingw32-objdump -p "$1" |
        sed -n '/^\[Ordinal\/Name Pointer\] Table/,/^$/s/^[[:space:]]*\[ *[0-9]*\] \([^ ]*\)$/\1/p' |
        LC_ALL=C sort
}

# abi_missing_tools TOOL:PACKAGE...: fails (CI=true) or exits 77 (skip)
# naming the packages of the tools that are missing.
abi_missing_tools() {
    local missing=() pair packages
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    packages=$(printf '%s\n' "${missing[@]}" | sort -u | paste -sd' ')
    if [ "${CI:-}" = true ]; then
        echo "abi: missing tools: apt-get install $packages" >&2
        exit 1
    fi
    echo "abi: skipped, missing tools (apt-get install $packages)"
    exit 77
}
