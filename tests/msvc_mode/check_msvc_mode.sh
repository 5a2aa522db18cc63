#!/bin/sh
# SPDX-License-Identifier: MIT
# The MSVC code paths, compiled: Clang in MSVC mode (clang-cl's mode:
# _MSC_VER defined, __GNUC__ not) against Wine's Windows headers, for
# x86_64 and i686, -O2, the project's warnings as errors:
#   (a) tests/msvc_mode/inline_forms.c, every inline form of portio.h, for a
#       static library (PORTIO_STATIC) and a DLL;
#   (b) every file of src/ and src/windows/, as the library is built;
#   (c) every file of tools/, driver_service.c included;
#   (e) every file of compat/ (the layers that imitate other libraries'
#       interfaces on portio's public API), and a program written for
#       glibc's <sys/io.h> against compat/sys_io/include (as C11: Wine's
#       <stdio.h> is not C89; the header's C89 is tested with gcc);
#   (d) all of these again with __clang__ undefined, so that the headers
#       take the branches for Microsoft's own compiler (its intrinsics), and
#       GNU C's builtins (__atomic_*, __builtin_expect) made undeclared
#       names, so that one used outside a GNU-only branch fails: syntax and
#       types of the Microsoft branches; their object code is not looked at.
# Then the object code of (a): each inline form holds the in/out instruction
# of its width, and no object of (a)-(c) calls Microsoft's port intrinsics
# (__inbyte ...), which Clang's <intrin.h> only declares: a program calling
# them cannot link.
# Not a Visual Studio build: no Microsoft compiler, headers, CRT or linker.
#
# usage: check_msvc_mode.sh SCRATCH_DIR
# Needs clang, llvm (llvm-objdump, llvm-nm) and libwine-dev (CLANG,
# LLVM_OBJDUMP, LLVM_NM, WINE_INCLUDE override). Without them: a failure
# when CI=true, else a skip with a message.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 SCRATCH_DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scratch=$1

clang=${CLANG:-clang}
objdump=${LLVM_OBJDUMP:-llvm-objdump}
nm=${LLVM_NM:-llvm-nm}
wine_include=${WINE_INCLUDE:-/usr/include/wine/wine}

missing() {
    if [ "${CI:-}" = true ]; then
        echo "error: msvc mode: $1 is missing (apt-get install $2)" >&2
        exit 1
    fi
    echo "skipped: msvc mode: $1 is missing (apt-get install $2)"
    exit 0
}
command -v "$clang" >/dev/null || missing "$clang" clang
command -v "$objdump" >/dev/null || missing "$objdump" llvm
command -v "$nm" >/dev/null || missing "$nm" llvm
if [ ! -f "$wine_include/windows/windows.h" ] || [ ! -f "$wine_include/msvcrt/stdio.h" ]; then
    missing "Wine's headers ($wine_include/windows, $wine_include/msvcrt)" libwine-dev
fi
resource=$("$clang" -print-resource-dir)
[ -f "$resource/include/intrin.h" ] || missing "clang's <intrin.h> ($resource/include)" clang

# Clang's own headers, then Wine's C library and Windows headers, nothing of
# the host's.
headers="-nostdinc -isystem $resource/include -isystem $wine_include/msvcrt -isystem $wine_include/windows"
mode="-fms-compatibility -fms-extensions -std=c11 -O2"
# As cmake/portio_compiler_flags.cmake, with PORTIO_WERROR=ON.
warnings="-Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
          -Wformat=2 -Wvla -Wcast-qual -Wno-missing-field-initializers -Werror"
# (d): Microsoft's string intrinsics take non-const buffers, so x86_io.h's
# Microsoft branch casts const away; MSVC's /W4 has no such warning.
warnings_microsoft=$(echo "$warnings" | sed 's/ -Wcast-qual//')
gnu_only=""
for builtin in __atomic_load_n __atomic_store_n __atomic_fetch_add __atomic_exchange_n \
    __atomic_compare_exchange_n __builtin_expect; do
    gnu_only="$gnu_only -D$builtin=gnu_only_$builtin"
done
# Wine's winnt.h defines, for Clang, inline functions under names that Clang
# has as builtins in MSVC mode, which it refuses: renamed out of the way.
# Wine's headers only; the project's code never names them.
wine_x86_64="-D_InterlockedCompareExchange128=wine_InterlockedCompareExchange128"
wine_i686=""
for name in And64 ExchangeAdd64 Increment64 Decrement64 Or64 Xor64; do
    wine_i686="$wine_i686 -D_Interlocked$name=wine_Interlocked$name"
done

# Fewer compiled files than this per target means the lists below lost some:
# 2 inline forms, 11 + 2 library files, 6 tool files, 3 compat files
# (sys_io.c, inpout32.c, inpout_ports.c) and the glibc program; (d):
# 1 + 13 + 6 + 4.
min_files=25
min_microsoft_files=24
failures=0
fail() {
    echo "msvc mode: FAILED: $*" >&2
    failures=$((failures + 1))
}

# compile TARGET OUTPUT SOURCE FLAGS...: one file, no diagnostic allowed.
compile() {
    target=$1 output=$2 file=$3
    shift 3
    log=$output.log
    wine_flags=$wine_x86_64
    [ "$target" = i686 ] && wine_flags=$wine_i686
    # shellcheck disable=SC2086 # the flag lists are word lists
    if "$clang" --target="$target-pc-windows-msvc" $headers $mode $wine_flags "$@" \
        -c "$root/$file" -o "$output" >"$log" 2>&1 && [ ! -s "$log" ]; then
        compiled=$((compiled + 1))
    else
        fail "$target: $file does not compile cleanly:"
        head -n 20 "$log" >&2
    fi
}

# compile_product TARGET OUTDIR FLAGS...: (b) and (c).
compile_product() {
    target=$1 dir=$2
    shift 2
    # (b) the library, as CMakeLists.txt builds portio_objects for Windows
    for source in "$root"/src/*.c "$root"/src/windows/*.c; do
        relative=${source#"$root"/}
        compile "$target" "$dir/$(echo "$relative" | tr / _).o" "$relative" "$@" -DPORTIO_BUILDING \
            -I"$root/src" -I"$root/include" -I"$root/drivers/windows"
    done
    # (c) the tool, as tools/CMakeLists.txt builds it (the static library)
    for source in "$root"/tools/*.c; do
        relative=${source#"$root"/}
        compile "$target" "$dir/$(echo "$relative" | tr / _).o" "$relative" "$@" -DPORTIO_STATIC \
            -DPORTIO_TOOL_VERSION='"check"' -I"$root/tools" -I"$root/include" \
            -I"$root/drivers/windows" -I"$root/src/windows"
    done
    # (e) the compatibility layers, each a program of portio's public API
    for source in "$root"/compat/*/*.c; do
        relative=${source#"$root"/}
        compile "$target" "$dir/$(echo "$relative" | tr / _).o" "$relative" "$@" -DPORTIO_STATIC \
            -I"$root/include" -I"$root/compat/sys_io/include" -I"$root/tools"
    done
    compile "$target" "$dir/glibc_program.o" tests/sys_io/glibc_program.c "$@" \
        -I"$root/compat/sys_io/include"
}

# instructions OBJECT FUNCTION: the port instructions of FUNCTION, one a
# line, as "inb %dx, %al" (i686 symbols carry a leading underscore).
instructions() {
    "$objdump" -d --no-show-raw-insn "$1" |
        awk -v name="$2" '
            $0 ~ "^[0-9a-f]+ <_?" name ">:$" { inside = 1; next }
            inside && NF == 0 { inside = 0 }
            inside { sub(/^[ \t]*[0-9a-f]+:[ \t]*/, ""); gsub(/[ \t]+/, " ");
                     if ($0 ~ /^(rep )?(in|out)s?[bwl]( |$)/) print }'
}

summary=""
for target in x86_64 i686; do
    out=$scratch/$target
    rm -rf "$out"
    mkdir -p "$out"
    compiled=0

    # (a) the inline forms, for the static library and for the DLL
    # shellcheck disable=SC2086 # the flag lists are word lists
    compile "$target" "$out/inline_static.o" tests/msvc_mode/inline_forms.c $warnings \
        -I"$root/include" -DPORTIO_STATIC
    # shellcheck disable=SC2086
    compile "$target" "$out/inline_dll.o" tests/msvc_mode/inline_forms.c $warnings -I"$root/include"
    # shellcheck disable=SC2086
    compile_product "$target" "$out" $warnings
    if [ "$compiled" -lt "$min_files" ]; then
        fail "$target: $compiled files compiled, expected at least $min_files"
    fi

    # No object may call Microsoft's port intrinsics.
    for object in "$out"/*.o; do
        calls=$("$nm" -u "$object" | awk '{ print $NF }' | grep -E '__(in|out)(byte|word|dword)(string)?$' |
            tr '\n' ' ' || true)
        if [ -n "$calls" ]; then
            fail "$target: $(basename "$object") calls Microsoft's port intrinsics, which nothing defines for Clang: $calls"
        fi
    done

    # Each inline form: exactly the instruction of its width.
    found=""
    for object in "$out/inline_static.o" "$out/inline_dll.o"; do
        [ -f "$object" ] || continue
        for pair in inb:"inb %dx, %al" inw:"inw %dx, %ax" inl:"inl %dx, %eax" \
            outb:"outb %al, %dx" outw:"outw %ax, %dx" outl:"outl %eax, %dx" \
            read8:"inb %dx, %al" read16:"inw %dx, %ax" read32:"inl %dx, %eax" \
            write8:"outb %al, %dx" write16:"outw %ax, %dx" write32:"outl %eax, %dx"; do
            form=${pair%%:*} expected=${pair#*:}
            held=$(instructions "$object" "form_$form" | tr '\n' ';' | sed 's/;$//')
            if [ "$held" != "$expected" ]; then
                fail "$target: $(basename "$object"): form_$form holds [$held], expected [$expected]"
            elif [ "$object" = "$out/inline_static.o" ]; then
                case $form in in? | out?) found="$found $form" ;; esac
            fi
        done
        # The string forms are calls to the library: none of them inline.
        strings=$("$nm" -u "$object" | grep -cE 'portio_(ins|outs)[bwl]$' || true)
        if [ "$strings" -ne 6 ]; then
            fail "$target: $(basename "$object"): $strings of the 6 string forms called"
        fi
    done

    main_compiled=$compiled

    # (d) Microsoft's branches. The inline forms must then call the
    # intrinsics: the switch above is keyed on __clang__, not on _MSC_VER.
    compiled=0
    mkdir "$out/microsoft"
    # shellcheck disable=SC2086
    compile "$target" "$out/microsoft/inline_static.o" tests/msvc_mode/inline_forms.c \
        $warnings_microsoft -U__clang__ $gnu_only -I"$root/include" -DPORTIO_STATIC
    # shellcheck disable=SC2086
    compile_product "$target" "$out/microsoft" $warnings_microsoft -U__clang__ $gnu_only
    if [ -f "$out/microsoft/inline_static.o" ] &&
        ! "$nm" -u "$out/microsoft/inline_static.o" | grep -qE '__inbyte$'; then
        fail "$target: with __clang__ undefined, portio.h did not take Microsoft's branch (no __inbyte)"
    fi
    if [ "$compiled" -lt "$min_microsoft_files" ]; then
        fail "$target: $compiled files compiled for Microsoft's branches, expected at least $min_microsoft_files"
    fi

    summary="$summary, $target $main_compiled files (+$compiled in Microsoft's branches)"
    echo "msvc mode: $target: $main_compiled files compiled, $compiled in Microsoft's branches; inline forms hold:$found"
done

if [ "$failures" -ne 0 ]; then
    echo "msvc mode: FAILED ($failures problems)" >&2
    exit 1
fi
echo "msvc mode:${summary#,}, inline forms hold in/out:$found (read/write 8/16/32 too), no __inbyte/__outbyte calls"
