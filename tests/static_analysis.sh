#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Static analysis of the product (not the tests): GCC's -fanalyzer and
# Clang's static analyzer (clang --analyze) over every source file of the
# Linux build and of the x86_64 Windows build (mingw-w64): src/ with
# src/linux and src/windows, drivers/windows (portio.sys, against mingw's
# DDK headers), tools/, examples/ and the compatibility layers of compat/
# (glibc's <sys/io.h> everywhere, inpout's DLL on Windows); and the driver once more as 32-bit
# x86, the only build that compiles its I/O permission map lookup. Each file is analysed with the
# defines, includes and warnings its build compiles it with (CMake's
# compile_commands.json). Fails on any finding (warnings as errors), and
# when an analyser looked at fewer files than the tree holds.
#   tests/static_analysis.sh SCRATCH_DIR
# Needs cmake, ninja-build (mingw builds of the Makefile generator pass
# includes through response files written only at build time), jq, gcc,
# clang and mingw-w64.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scratch=${1:?usage: tests/static_analysis.sh SCRATCH_DIR}
mkdir -p "$scratch"

for tool in cmake ninja jq gcc clang x86_64-w64-mingw32-gcc i686-w64-mingw32-gcc; do
    if ! command -v "$tool" >/dev/null; then
        echo "static analysis: $tool is missing (apt-get install cmake ninja-build jq gcc clang mingw-w64)" >&2
        exit 1
    fi
done

# configure NAME [CMAKE ARGS...]: $scratch/NAME/compile_commands.json for
# the product targets only. Nothing is built: no source is generated.
configure() {
    local name=$1
    shift
    rm -rf "${scratch:?}/$name"
    if ! cmake -S "$root" -B "$scratch/$name" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
        -DPORTIO_WERROR=ON -DPORTIO_BUILD_TESTS=OFF -DPORTIO_BUILD_BENCH=OFF -DPORTIO_INSTALL=OFF \
        "$@" >"$scratch/$name.configure.log" 2>&1; then
        cat "$scratch/$name.configure.log" >&2
        exit 1
    fi
}

# expected_sources linux|windows|driver: the sources a build must compile,
# so must analyse (a file left out of the build is a failure here, not a
# silent gap).
expected_sources() {
    local platform=$1
    if [ "$platform" = driver ]; then
        find "$root/drivers/windows" -maxdepth 1 -name '*.c' | sort
        return
    fi
    {
        find "$root/src" "$root/src/$platform" "$root/tools" -maxdepth 1 -name '*.c'
        find "$root/examples" -mindepth 2 -maxdepth 2 -name '*.c'
        find "$root/compat/sys_io" -maxdepth 1 -name '*.c'
        if [ "$platform" = windows ]; then
            find "$root/drivers/windows" "$root/compat/inpout32" -maxdepth 1 -name '*.c'
        fi
    } | if [ "$platform" = linux ]; then grep -v '/tools/driver_service\.c$'; else cat; fi | sort
}

# A finding judged wrong is silenced here, for its one file and analyser,
# with the reason beside it; e.g.
#   gcc:src/example.c) echo -Wno-analyzer-malloc-leak ;; # freed by ...
# extra_flags ANALYSER FILE prints the flags to add. None so far.
extra_flags() {
    case "$1:${2#"$root"/}" in
    esac
}

findings=0
gcc_files=0
clang_files=0

# analyse LABEL DIRECTORY COMMAND...: runs one analyser in DIRECTORY; shows
# its output; a diagnostic line or a failure is a finding.
analyse() {
    local label=$1 directory=$2 output status=0 count
    shift 2
    output=$(cd "$directory" && "$@" 2>&1) || status=$?
    count=$(grep -cE '(warning|error): ' <<<"$output" || true)
    if [ "$status" != 0 ] && [ "$count" = 0 ]; then
        count=1
    fi
    if [ "$count" != 0 ] || [ -n "$output" ]; then
        printf '%s\n' "--- $label: $count finding(s)" "$output"
    fi
    findings=$((findings + count))
}

# analyse_build NAME PLATFORM FOLDER [CLANG TARGET FLAGS...]: both
# analysers over every file of the build's compile_commands.json under
# FOLDER of the tree ("" for all).
analyse_build() {
    local name=$1 platform=$2 folder=$root/$3
    shift 3
    local -a clang_target=("$@") words compile_flags
    local file directory command compiler relative analysed=0 missing=0
    local database=$scratch/$name/compile_commands.json

    # Each file once (the tools' numbers.c and dump_format.c are also
    # compiled into the examples).
    while IFS=$'\x01' read -r file directory command; do
        eval "words=($command)" # CMake writes the command shell-quoted
        compiler=${words[0]}
        # The command's flags, without its output file.
        compile_flags=()
        local index
        for ((index = 1; index < ${#words[@]}; index++)); do
            if [ "${words[index]}" = -o ]; then
                index=$((index + 1))
            else
                compile_flags+=("${words[index]}")
            fi
        done
        relative=${file#"$root"/}
        local -a gcc_extra clang_extra
        read -ra gcc_extra <<<"$(extra_flags gcc "$file")"
        read -ra clang_extra <<<"$(extra_flags clang "$file")"
        analyse "gcc -fanalyzer ($name) $relative" "$directory" \
            "$compiler" -fanalyzer "${compile_flags[@]}" ${gcc_extra[@]+"${gcc_extra[@]}"} -o /dev/null
        analyse "clang --analyze ($name) $relative" "$directory" \
            clang --analyze --analyzer-output text -Xclang -analyzer-werror \
            ${clang_target[@]+"${clang_target[@]}"} "${compile_flags[@]}" \
            ${clang_extra[@]+"${clang_extra[@]}"} -o /dev/null
        analysed=$((analysed + 1))
    # C sources only: the driver's version resource (a generated .rc) is
    # compiled by windres.
    done < <(jq -r --arg folder "${folder%/}/" 'unique_by(.file) | .[]
                 | select((.file | startswith($folder)) and (.file | endswith(".c")))
                 | [.file, .directory, .command] | join("\u0001")' "$database")

    # Every source the tree holds for this platform was analysed.
    while read -r file; do
        if ! jq -e --arg file "$file" 'any(.[]; .file == $file)' "$database" >/dev/null; then
            echo "static analysis: $name: ${file#"$root"/} is not compiled by the build, so not analysed" >&2
            missing=$((missing + 1))
        fi
    done < <(expected_sources "$platform")
    local expected
    expected=$(expected_sources "$platform" | wc -l)
    if [ "$missing" != 0 ] || [ "$analysed" -lt "$expected" ] || [ "$analysed" = 0 ]; then
        echo "static analysis: $name: analysed $analysed files, expected $expected" >&2
        exit 1
    fi
    echo "static analysis: $name: $analysed files"
    gcc_files=$((gcc_files + analysed))
    clang_files=$((clang_files + analysed))
}

configure linux -DCMAKE_C_COMPILER=gcc
configure windows-x86_64 -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-x86_64-w64-mingw32.cmake" \
    -DPORTIO_BUILD_DRIVER=ON
configure windows-i686 -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-i686-w64-mingw32.cmake" \
    -DPORTIO_BUILD_DRIVER=ON
analyse_build linux linux ""
# clang finds mingw-w64's headers (and the DDK's, under include/ddk) from
# the x86_64-w64-mingw32-gcc installation.
analyse_build windows-x86_64 windows "" --target=x86_64-w64-mingw32
analyse_build windows-i686 driver drivers/windows --target=i686-w64-mingw32

echo "static analysis: gcc -fanalyzer $gcc_files files, clang --analyze $clang_files files, $findings findings"
if [ "$findings" != 0 ]; then
    exit 1
fi
