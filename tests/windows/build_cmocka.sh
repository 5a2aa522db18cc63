#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Cross-builds cmocka for Windows with mingw-w64 and installs it as a static
# library, for portio's unit tests under Wine. Debian has no mingw build of
# cmocka, so its Debian source package is fetched with `apt-get source` at
# build time (never committed here; cmocka is Apache-2.0 licensed, see
# COPYING in the fetched source).
#
#   usage: build_cmocka.sh ARCH PREFIX        ARCH: x86_64 or i686
#
# Prints, on standard output only, the two paths to hand to CMake:
#   PORTIO_CMOCKA_INCLUDE_DIR=PREFIX/include
#   PORTIO_CMOCKA_LIBRARY=PREFIX/lib/libcmocka.a
# Everything else goes to standard error. A second run with the install
# present does nothing but print them.
#
#   cache: $PORTIO_WINDOWS_CACHE, else ~/.cache/portio-windows (the source
#   is unpacked there once, for every ARCH and PREFIX).
#
# apt-get source needs a deb-src entry: cmake/install_missing_packages.sh
# tests adds one where there is none. Unpacking needs dpkg-source (dpkg-dev).
set -euo pipefail

usage() { echo "usage: $0 x86_64|i686 PREFIX" >&2; exit 2; }
[ $# -eq 2 ] || usage
arch=$1
case $arch in x86_64|i686) ;; *) usage ;; esac
mkdir -p "$2"
prefix=$(cd "$2" && pwd)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toolchain=$root/cmake/toolchain-$arch-w64-mingw32.cmake
cache=${PORTIO_WINDOWS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/portio-windows}

log() { echo "build_cmocka: $*" >&2; }
die() { log "error: $*"; exit 1; }

include_dir=$prefix/include
library=$prefix/lib/libcmocka.a
stamp=$prefix/.portio-cmocka-$arch

print_paths() {
    echo "PORTIO_CMOCKA_INCLUDE_DIR=$include_dir"
    echo "PORTIO_CMOCKA_LIBRARY=$library"
}

if [ -f "$stamp" ] && [ -f "$include_dir/cmocka.h" ] && [ -f "$library" ]; then
    print_paths
    exit 0
fi

command -v "$arch-w64-mingw32-gcc" >/dev/null ||
    die "$arch-w64-mingw32-gcc is missing (apt-get install mingw-w64)"
command -v cmake >/dev/null || die "cmake is missing (apt-get install cmake)"
mkdir -p "$cache"

# --- The source: once, in the cache ------------------------------------------
find_source() {
    local dir
    while IFS= read -r dir; do
        if [ -f "$dir/CMakeLists.txt" ] && [ -f "$dir/include/cmocka.h" ]; then
            echo "$dir"
            return 0
        fi
    done < <(find "$cache/source" -mindepth 1 -maxdepth 1 -type d -name 'cmocka-*' 2>/dev/null | sort -V -r)
    return 1
}

fetch_source() {
    command -v dpkg-source >/dev/null || die "dpkg-source is missing (apt-get install dpkg-dev)"
    mkdir -p "$cache/source"
    local work
    work=$(mktemp -d "$cache/fetch.XXXXXX")
    # shellcheck disable=SC2064
    trap "rm -rf '$work'" EXIT
    log "fetching cmocka's Debian source package into $cache/source"
    if ! (cd "$work" && apt-get source cmocka) >"$work.log" 2>&1; then
        cat "$work.log" >&2
        rm -f "$work.log"
        die "apt-get source cmocka failed; without a deb-src entry, cmake/install_missing_packages.sh tests adds one"
    fi
    rm -f "$work.log"
    local dir
    dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'cmocka-*' -print -quit)
    if [ -z "$dir" ] || [ ! -f "$dir/CMakeLists.txt" ]; then
        die "no unpacked cmocka source in $work"
    fi
    rm -rf "$cache/source/$(basename "$dir")"
    mv "$dir" "$cache/source/"
    rm -rf "$work"
    trap - EXIT
}

source_dir=$(find_source) || { fetch_source; source_dir=$(find_source); } ||
    die "no cmocka source in $cache/source"
log "source: $source_dir"

# --- The cross build ---------------------------------------------------------
build=$(mktemp -d "$cache/build-$arch.XXXXXX")
trap 'rm -rf "$build"' EXIT
log "building for $arch-w64-mingw32 into $prefix"
# cmocka 1.1: WITH_STATIC_LIB adds the static library cmocka-static; the
# tests, examples and the shared library are not needed.
cmake -S "$source_dir" -B "$build" \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DWITH_STATIC_LIB=ON -DUNIT_TESTING=OFF -DWITH_EXAMPLES=OFF \
    -DPICKY_DEVELOPER=OFF >&2
cmake --build "$build" --target cmocka-static -j "$(nproc 2>/dev/null || echo 2)" >&2

mkdir -p "$include_dir" "$prefix/lib"
cp "$source_dir"/include/cmocka.h "$source_dir"/include/cmocka_pbc.h "$include_dir/"
static=$(find "$build" \( -name '*cmocka-static.a' -o -name '*cmocka_static.a' \) -print -quit)
[ -n "$static" ] || die "the static library was not built in $build"
cp "$static" "$library"
cp "$source_dir/COPYING" "$prefix/COPYING.cmocka" 2>/dev/null || true
basename "$source_dir" > "$stamp"
log "installed $(basename "$source_dir") for $arch"
print_paths
