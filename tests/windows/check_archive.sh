#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks a Windows release archive (cmake/portio_package_windows.cmake):
#   check_archive.sh ZIP ARCHITECTURE     ARCHITECTURE: x86_64 or i686
# every file a user needs is in it, under one folder named as the archive;
# every program, the DLL and the driver are PE images of that architecture
# and import nothing but Windows' own DLLs and portio.dll (a user's Windows
# has no mingw); both libraries hold objects of that architecture, the
# static one without dllexport; INSTALL-WINDOWS.txt and LICENSE.txt (the
# MIT licence) have CRLF line ends.
set -euo pipefail

zip=$1 architecture=$2
case $architecture in
x86_64) image_format=pei-x86-64 object_format=pe-x86-64 ;;
i686) image_format=pei-i386 object_format=pe-i386 ;;
*) echo "usage: check_archive.sh ZIP x86_64|i686" >&2; exit 2 ;;
esac
command -v objdump >/dev/null || { echo "check_archive: objdump missing (apt-get install binutils)" >&2; exit 1; }
[ -f "$zip" ] || { echo "check_archive: FAILED: $zip does not exist" >&2; exit 1; }

unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
zip=$(cd "$(dirname "$zip")" && pwd)/$(basename "$zip")
(cd "$unpacked" && cmake -E tar xf "$zip")
top=$(basename "$zip" .zip)
root=$unpacked/$top
[ -d "$root" ] || { echo "check_archive: FAILED: $zip has no folder $top" >&2; exit 1; }

failures=0
fail() { echo "check_archive: FAILED: $*" >&2; failures=$((failures + 1)); }

programs="portio.exe lpt_probe.exe cmos_clock.exe pci_list.exe smbus_eeprom.exe lpt_print.exe"
# The drop-in InpOut32 DLL of the architecture (compat/inpout32).
inpout=inpoutx64
[ "$architecture" = i686 ] && inpout=inpout32
required="INSTALL-WINDOWS.txt LICENSE.txt bin/portio.sys bin/portio.inf bin/portio.dll include/portio.h
    lib/libportio.dll.a lib/libportio.a lib/pkgconfig/portio.pc
    lib/cmake/portio/portioConfig.cmake lib/cmake/portio/portioConfigVersion.cmake
    lib/cmake/portio/portioTargets.cmake
    include/portio-compat/sys/io.h lib/libportio_sys_io.a lib/pkgconfig/portio-sys-io.pc
    bin/$inpout.dll include/inpout32.h lib/$inpout.lib"
for program in $programs; do required="$required bin/$program"; done
count=0
for file in $required; do
    count=$((count + 1))
    [ -f "$root/$file" ] || fail "$top/$file is missing"
done

# Windows' own DLLs (the kernel's for the driver); anything else must be
# in bin/ beside the programs.
system_dlls='^(kernel32|advapi32|msvcrt|ucrtbase|user32|ntdll|ws2_32|api-ms-win-.*)\.dll$|^(ntoskrnl\.exe|hal\.dll)$'
images=0
for image in "$root"/bin/*.exe "$root"/bin/*.dll "$root"/bin/*.sys; do
    [ -f "$image" ] || continue
    images=$((images + 1))
    name=bin/$(basename "$image")
    format=$(objdump -f "$image" | sed -n 's/.*file format //p')
    [ "$format" = "$image_format" ] || fail "$name is $format, not $image_format"
    while IFS= read -r dll; do
        lower=$(tr 'A-Z' 'a-z' <<<"$dll")
        grep -Eq "$system_dlls" <<<"$lower" && continue
        [ -f "$root/bin/$dll" ] || fail "$name needs $dll, which is not in the archive"
    done < <(objdump -p "$image" | sed -n 's/^[[:space:]]*DLL Name: //p')
done

for library in lib/libportio.a lib/libportio.dll.a lib/libportio_sys_io.a; do
    [ -f "$root/$library" ] || continue
    formats=$(objdump -f "$root/$library" | sed -n 's/.*file format //p' | sort -u | tr '\n' ' ')
    [ "$formats" = "$object_format " ] || fail "$library holds objects of format $formats, not $object_format"
done
# Objects compiled for the DLL carry -export: directives; linked from the
# static library they would make the user's program export portio's API.
directives=
[ -f "$root/lib/libportio.a" ] && directives=$(objdump -s -j .drectve "$root/lib/libportio.a" 2>/dev/null || true)
if grep -q -- '-export:' <<<"$directives"; then
    fail "lib/libportio.a holds dllexport objects (compiled without PORTIO_STATIC)"
fi
if [ -f "$root/bin/portio.dll" ]; then
    # Into a variable first: grep -q closing the pipe early would fail the
    # pipeline under pipefail.
    exports=$(objdump -p "$root/bin/portio.dll")
    grep -q '[[:space:]]portio_enable$' <<<"$exports" ||
        fail "bin/portio.dll does not export portio_enable"
fi
if [ -f "$root/bin/$inpout.dll" ]; then
    exports=$(objdump -p "$root/bin/$inpout.dll")
    grep -q '[[:space:]]Out32$' <<<"$exports" || fail "bin/$inpout.dll does not export Out32"
fi
if [ -f "$root/lib/cmake/portio/portioTargets.cmake" ]; then
    for target in portio::portio portio::portio_static portio::sys_io; do
        grep -q "add_library($target " "$root/lib/cmake/portio/portioTargets.cmake" ||
            fail "the CMake package does not define $target"
    done
fi

# expect_crlf FILE: every line of the archive's FILE ends in CRLF.
expect_crlf() {
    local lines crlf
    lines=$(wc -l <"$root/$1")
    crlf=$(grep -c $'\r$' "$root/$1" || true)
    [ "$lines" -gt 0 ] && [ "$crlf" = "$lines" ] || fail "$1: $crlf of $lines lines end in CRLF"
}
if [ -f "$root/INSTALL-WINDOWS.txt" ]; then
    expect_crlf INSTALL-WINDOWS.txt
    ! grep -q '@' "$root/INSTALL-WINDOWS.txt" || fail "INSTALL-WINDOWS.txt has an unsubstituted @VARIABLE@"
fi

if [ -f "$root/LICENSE.txt" ]; then
    expect_crlf LICENSE.txt
    grep -q $'^Copyright (c) [0-9-]* the portio developers\r$' "$root/LICENSE.txt" &&
        grep -q '^Permission is hereby granted, free of charge' "$root/LICENSE.txt" ||
        fail "LICENSE.txt is not portio's MIT licence"
fi

# portio.inf: beside portio.sys (its SourceDisksFiles name no folder), CRLF,
# substituted, its DriverVer the archive's version, both architectures.
if [ -f "$root/bin/portio.inf" ]; then
    inf=$root/bin/portio.inf
    expect_crlf bin/portio.inf
    ! grep -q '@' "$inf" || fail "bin/portio.inf has an unsubstituted @VARIABLE@"
    version=${top#portio-}
    version=${version%-win*}
    grep -Eq "^DriverVer *= *[0-9]{2}/[0-9]{2}/[0-9]{4},$version\.0"$'\r$' "$inf" ||
        fail "bin/portio.inf: DriverVer is not DATE,$version.0"
    for section in DefaultInstall.NTamd64 DefaultInstall.NTx86 DefaultUninstall.NTamd64 DefaultUninstall.NTx86; do
        grep -q "^\[$section\]" "$inf" || fail "bin/portio.inf has no [$section]"
    done
fi

entries=$(find "$root" -type f | wc -l)
if [ "$failures" -ne 0 ]; then
    echo "check_archive: $(basename "$zip"): $failures failure(s)" >&2
    exit 1
fi
echo "check_archive: $(basename "$zip"): $entries files, the $count required present;" \
    "$images images $image_format importing only Windows DLLs and portio.dll; libraries $object_format"
