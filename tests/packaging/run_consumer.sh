#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs the consumer project against portio in one way:
#   run_consumer.sh WAY PORTIO_SOURCE WORK_DIR
# WAY: subdirectory | find-static | find-shared | pkg-config-static |
#      pkg-config-shared | exports (the shared library exports only portio_*) |
#      cpack (binary and source archives) | sys-io (a program written for
#      glibc's <sys/io.h>, unchanged, on portio::sys_io: add_subdirectory,
#      find_package and pkg-config portio-sys-io, each run on the mock)
set -euo pipefail

way=$1 source=$2 work=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rm -rf "$work"
mkdir -p "$work"
generator_args=(-DCMAKE_BUILD_TYPE=Release)

# install_portio static|shared: configure, build and install the library
# alone into $work/prefix.
install_portio() {
    local shared=OFF
    [ "$1" = shared ] && shared=ON
    cmake -S "$source" -B "$work/portio-build" "${generator_args[@]}" -DBUILD_SHARED_LIBS=$shared \
        -DPORTIO_BUILD_TESTS=OFF -DPORTIO_BUILD_EXAMPLES=OFF -DCMAKE_INSTALL_PREFIX="$work/prefix" >/dev/null
    cmake --build "$work/portio-build" -j 2 >/dev/null
    cmake --install "$work/portio-build" >/dev/null
}

build_consumer() {
    cmake -S "$here/consumer" -B "$work/consumer-build" "${generator_args[@]}" "$@" >/dev/null
    cmake --build "$work/consumer-build" >/dev/null
}

libdir() { dirname "$(find "$work/prefix" -name 'libportio.*' | head -n 1)"; }

case $way in
subdirectory)
    build_consumer -DPORTIO_SOURCE_DIR="$source"
    # As a subproject portio builds the library and nothing else.
    targets=$(cmake --build "$work/consumer-build" --target help)
    for target in test_validation portio_tool lpt_probe; do
        if grep -q "\.\.\. $target\$" <<<"$targets"; then
            echo "run_consumer: portio built $target as a subproject" >&2
            exit 1
        fi
    done
    "$work/consumer-build/consumer"
    ;;
find-static | find-shared)
    install_portio "${way#find-}"
    build_consumer -DCMAKE_PREFIX_PATH="$work/prefix"
    if [ "$way" = find-shared ]; then
        # Into a variable first: grep -q closing the pipe early would fail
        # the pipeline under pipefail.
        libraries=$(ldd "$work/consumer-build/consumer")
        grep -q "libportio.so.0 => $work/prefix" <<<"$libraries" ||
            { echo "run_consumer: the consumer does not use the installed libportio.so.0" >&2; exit 1; }
    fi
    "$work/consumer-build/consumer"
    ;;
pkg-config-static | pkg-config-shared)
    install_portio "${way#pkg-config-}"
    export PKG_CONFIG_PATH
    PKG_CONFIG_PATH="$(libdir)/pkgconfig"
    echo "pkg-config --cflags --libs portio: $(pkg-config --cflags --libs portio)"
    [ "$(pkg-config --modversion portio)" = "$(sed -n 's/^#define PORTIO_VERSION_MAJOR //p' "$source/include/portio.h").$(sed -n 's/^#define PORTIO_VERSION_MINOR //p' "$source/include/portio.h").$(sed -n 's/^#define PORTIO_VERSION_PATCH //p' "$source/include/portio.h")" ] ||
        { echo "run_consumer: pkg-config's version differs from portio.h" >&2; exit 1; }
    # shellcheck disable=SC2046
    cc -std=c11 -o "$work/consumer" "$here/consumer/main.c" $(pkg-config --cflags --libs portio)
    LD_LIBRARY_PATH="$(libdir)" "$work/consumer"
    ;;
exports)
    install_portio shared
    library=$(find "$work/prefix" -name 'libportio.so.*.*' | head -n 1)
    exported=$(nm -D --defined-only "$library" | awk '{ print $3 }')
    echo "exported: $(echo "$exported" | wc -l) symbols"
    others=$(echo "$exported" | grep -v '^portio_' || true)
    if [ -n "$others" ]; then
        echo "run_consumer: libportio exports symbols without the portio_ prefix:" >&2
        echo "$others" >&2
        exit 1
    fi
    for internal in portio_fail portio_ranges_set portio_backend_mock portio_linux_system \
                    portio_batch_stopped portio_batch_inline; do
        if grep -qx "$internal" <<<"$exported"; then
            echo "run_consumer: libportio exports the internal $internal" >&2
            exit 1
        fi
    done
    for public in portio_enable portio_batch; do
        grep -qx "$public" <<<"$exported" || { echo "run_consumer: $public is not exported" >&2; exit 1; }
    done
    dynamic=$(readelf -d "$library")
    grep -q "SONAME.*libportio.so.0" <<<"$dynamic" ||
        { echo "run_consumer: no SONAME libportio.so.0" >&2; exit 1; }
    echo "run_consumer: only the public portio_ functions are exported; SONAME libportio.so.0"
    ;;
cpack)
    cmake -S "$source" -B "$work/portio-build" "${generator_args[@]}" -DPORTIO_BUILD_TESTS=OFF >/dev/null
    cmake --build "$work/portio-build" -j 2 >/dev/null
    (cd "$work/portio-build" && cpack >/dev/null && cpack --config CPackSourceConfig.cmake >/dev/null)
    binary=$(ls "$work"/portio-build/portio-*-Linux.tar.gz)
    sources=$(ls "$work"/portio-build/portio-*-Source.tar.gz)
    tar -tzf "$binary" > "$work/binary.txt"
    tar -tzf "$sources" > "$work/sources.txt"
    for file in include/portio.h lib/libportio.a lib/cmake/portio/portioConfig.cmake \
                lib/pkgconfig/portio.pc bin/portio include/portio-compat/sys/io.h \
                lib/libportio_sys_io.a lib/pkgconfig/portio-sys-io.pc share/doc/portio/LICENSE; do
        grep -q "/$file\$" "$work/binary.txt" ||
            { echo "run_consumer: $file is not in $binary" >&2; exit 1; }
    done
    for file in CMakeLists.txt LICENSE include/portio.h src/portio.c drivers/windows/portio_driver.c; do
        grep -q "/$file\$" "$work/sources.txt" ||
            { echo "run_consumer: $file is not in $sources" >&2; exit 1; }
    done
    if grep -qE '/(build|\.git)/' "$work/sources.txt"; then
        echo "run_consumer: the source archive holds build or .git files" >&2
        exit 1
    fi
    echo "run_consumer: $(basename "$binary") ($(wc -l < "$work/binary.txt") entries), $(basename "$sources") ($(wc -l < "$work/sources.txt") entries)"
    ;;
sys-io)
    expected=$source/tests/expected/sys_io_glibc_program_mock.txt
    # run_on_mock PROGRAM: its output on the mock is the expected one.
    run_on_mock() {
        PORTIO_BACKEND=mock "$1" >"$work/output.txt" ||
            { echo "run_consumer: $1 failed" >&2; exit 1; }
        diff -u "$expected" "$work/output.txt" ||
            { echo "run_consumer: $1 printed other lines than $expected" >&2; exit 1; }
    }
    cmake -S "$here/consumer_sys_io" -B "$work/subdirectory-build" "${generator_args[@]}" \
        -DPORTIO_SOURCE_DIR="$source" >/dev/null
    cmake --build "$work/subdirectory-build" >/dev/null
    run_on_mock "$work/subdirectory-build/glibc_program"
    install_portio static
    # Installed beside portio.h, never as include/sys/io.h (glibc's).
    [ -f "$work/prefix/include/portio-compat/sys/io.h" ] && [ ! -e "$work/prefix/include/sys" ] ||
        { echo "run_consumer: sys/io.h is not installed as include/portio-compat/sys/io.h alone" >&2; exit 1; }
    cmake -S "$here/consumer_sys_io" -B "$work/find-build" "${generator_args[@]}" \
        -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
    cmake --build "$work/find-build" >/dev/null
    run_on_mock "$work/find-build/glibc_program"
    export PKG_CONFIG_PATH
    PKG_CONFIG_PATH="$(libdir)/pkgconfig"
    echo "pkg-config --cflags --libs portio-sys-io: $(pkg-config --cflags --libs portio-sys-io)"
    # shellcheck disable=SC2046
    cc -std=c89 -pedantic -Werror -o "$work/glibc_program" "$source/tests/sys_io/glibc_program.c" \
        $(pkg-config --cflags --libs portio-sys-io)
    run_on_mock "$work/glibc_program"
    echo "run_consumer: the glibc program built unchanged through add_subdirectory, find_package and pkg-config"
    ;;
*)
    echo "usage: run_consumer.sh WAY PORTIO_SOURCE WORK_DIR" >&2
    exit 2
    ;;
esac
