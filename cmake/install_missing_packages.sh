#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs, on Debian 12, the packages a job needs that are not installed
# yet; does nothing (and asks for no password) when all are there.
#
#   usage: install_missing_packages.sh build|tests
#     build  what building portio and its examples needs
#     tests  what tests/run_all.sh needs: every compiler, emulator and
#            checker of every step, apt's package lists (the QEMU tests
#            fetch Debian's kernel with apt-get download) and a deb-src
#            entry (the Windows leg builds cmocka from Debian's source
#            package with apt-get source)
#
# Root runs apt-get directly; anyone else through sudo, and the script says
# so first. Without apt (not Debian) it names what is missing and fails.
set -euo pipefail

build_packages=(cmake make gcc libc6-dev)
test_packages=(
    "${build_packages[@]}" libcmocka-dev pkg-config
    g++                                                     # sys/io.h as C++
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user  # the aarch64 build
    qemu-system-x86 busybox-static cpio                     # the QEMU guest
    mingw-w64 wine wine64 dpkg-dev osslsigncode openssl     # the Windows leg
    gcab softhsm2 libengine-pkcs11-openssl                  # its driver CABs
    clang llvm libclang-rt-14-dev                           # clang, fuzzing
    libc6-dev-i386 lib32gcc-12-dev lib32stdc++-12-dev       # 32-bit driver-host
    libwine-dev jq ninja-build                              # MSVC mode, analysers
    lintian file mandoc groff-base                          # packages, man pages
    git                                                     # the licence check, reproducible packages
    abigail-tools                                           # the ABI guard (tests/abi/)
    zip diffoscope-minimal                                  # reproducible packages
)

say() { echo "install_missing_packages: $*" >&2; }
die() { say "error: $*"; exit 1; }

case ${1:-} in
build) wanted=("${build_packages[@]}") ;;
tests) wanted=("${test_packages[@]}") ;;
*) echo "usage: $0 build|tests" >&2; exit 2 ;;
esac

# as_root COMMAND...: runs it as root, through sudo when needed.
as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        say "running as root with sudo: $*"
        sudo "$@"
    else
        die "this needs root and there is no sudo: run as root: $*"
    fi
}

installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing=()
for package in "${wanted[@]}"; do
    installed "$package" 2>/dev/null || missing+=("$package")
done

if ! command -v apt-get >/dev/null || ! command -v dpkg-query >/dev/null; then
    [ ${#missing[@]} -eq 0 ] || die "no apt-get here; install the equivalents of: ${missing[*]}"
fi

updated=false
if [ ${#missing[@]} -gt 0 ]; then
    say "missing: ${missing[*]}"
    as_root apt-get update
    updated=true
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

[ "$1" = tests ] || exit 0

# The QEMU tests' kernel: apt must know linux-image-amd64, unless a kernel
# was fetched before (tests/qemu/fetch_kernel.sh).
qemu_cache=${PORTIO_QEMU_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/portio-qemu}
if ! $updated && ! ls -d "$qemu_cache"/linux-image-*-amd64 >/dev/null 2>&1 &&
   [ -z "$(apt-cache depends linux-image-amd64 2>/dev/null)" ]; then
    say "apt's package lists do not know linux-image-amd64 (for the QEMU guest's kernel)"
    as_root apt-get update
fi

# cmocka's source package, unless it was fetched before
# (tests/windows/build_cmocka.sh): a deb-src copy of Debian's entry, and
# the lists of that entry alone.
windows_cache=${PORTIO_WINDOWS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/portio-windows}
if ! ls -d "$windows_cache"/source/cmocka-* >/dev/null 2>&1 &&
   ! apt-cache showsrc cmocka 2>/dev/null | grep -q '^Package: cmocka'; then
    entry=/etc/apt/sources.list.d/portio-deb-src.sources
    list=/etc/apt/sources.list.d/portio-deb-src.list
    if [ -f "$entry" ]; then
        used=$entry
    elif [ -f "$list" ]; then
        used=$list
    elif [ -f /etc/apt/sources.list.d/debian.sources ]; then
        say "adding $entry (a deb-src copy of debian.sources, for cmocka's source package)"
        sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
            as_root tee "$entry" >/dev/null
        used=$entry
    elif grep -q '^deb ' /etc/apt/sources.list 2>/dev/null; then
        say "adding $list (a deb-src copy of sources.list, for cmocka's source package)"
        sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | as_root tee "$list" >/dev/null
        used=$list
    else
        die "no Debian apt source to copy as deb-src (neither debian.sources nor sources.list)"
    fi
    as_root apt-get update -o Dir::Etc::sourcelist="$used" -o Dir::Etc::sourceparts=- \
        -o APT::Get::List-Cleanup=0
fi
