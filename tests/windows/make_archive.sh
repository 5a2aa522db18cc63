#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes and checks the Windows release archive of one architecture:
#   make_archive.sh SOURCE_DIR BUILD_DIR x86_64|i686 BUILD_TYPE LOG_DIR
# configures BUILD_DIR with every option the archive needs, whatever its
# cache holds (a shared build: portio.dll and, from the same build, the
# static library; no tests), builds it (CMAKE_BUILD_PARALLEL_LEVEL sets the
# jobs), runs cpack -G ZIP and check_archive.sh. The archive is the one
# portio-*-win64.zip or portio-*-win32.zip in BUILD_DIR; logs in LOG_DIR.
set -euo pipefail

source_dir=$1 build=$2 architecture=$3 build_type=$4 logs=$5
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
case $architecture in
x86_64) suffix=win64 ;;
i686) suffix=win32 ;;
*) echo "usage: make_archive.sh SOURCE_DIR BUILD_DIR x86_64|i686 BUILD_TYPE LOG_DIR" >&2; exit 2 ;;
esac
mkdir -p "$logs"

test_name=make_archive
# shellcheck source=wine_steps.sh
. "$here/wine_steps.sh"

quietly "$logs/archive-$architecture-configure.log" cmake -S "$source_dir" -B "$build" \
    -DCMAKE_TOOLCHAIN_FILE="$source_dir/cmake/toolchain-$architecture-w64-mingw32.cmake" \
    -DCMAKE_BUILD_TYPE="$build_type" -DPORTIO_WERROR=ON -DBUILD_SHARED_LIBS=ON \
    -DPORTIO_BUILD_TESTS=OFF -DPORTIO_BUILD_BENCH=OFF -DPORTIO_BUILD_EXAMPLES=ON \
    -DPORTIO_BUILD_TOOLS=ON -DPORTIO_BUILD_DRIVER=ON -DPORTIO_INSTALL=ON
quietly "$logs/archive-$architecture-build.log" cmake --build "$build"
rm -f "$build"/portio-*-"$suffix".zip "$build"/portio-*-"$suffix".zip.sha256
(cd "$build" && quietly "$logs/archive-$architecture-cpack.log" cpack -G ZIP)
"$here/check_archive.sh" "$(ls "$build"/portio-*-"$suffix".zip)" "$architecture"
