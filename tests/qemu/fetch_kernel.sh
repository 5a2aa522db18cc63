#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Puts a Debian generic x86-64 kernel in the cache and prints the path of
# its vmlinuz. The package is the one linux-image-amd64 depends on, fetched
# with apt-get download and unpacked with dpkg -x: never installed. (The
# cloud flavour has no /dev/port, so it will not do.)
#   cache: $PORTIO_QEMU_CACHE, else ~/.cache/portio-qemu
set -euo pipefail

cache=${PORTIO_QEMU_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/portio-qemu}
mkdir -p "$cache"

package=$(apt-cache depends linux-image-amd64 2>/dev/null |
          awk '/Depends: linux-image-[0-9].*-amd64$/ { print $2; exit }')
if [ -z "$package" ]; then
    # No package lists (apt-get update never ran): use a kernel fetched before.
    cached=$(ls -d "$cache"/linux-image-*-amd64 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$cached" ]; then
        echo "fetch_kernel: apt-cache does not know linux-image-amd64; run apt-get update" >&2
        exit 1
    fi
    package=$(basename "$cached")
fi

unpacked="$cache/$package"
version=${package#linux-image-}
kernel="$unpacked/boot/vmlinuz-$version"
if [ ! -f "$kernel" ]; then
    download=$(mktemp -d "$cache/download.XXXXXX")
    trap 'rm -rf "$download"' EXIT
    (cd "$download" && apt-get download "$package" >&2)
    rm -rf "$unpacked.partial"
    dpkg -x "$download"/"$package"_*.deb "$unpacked.partial"
    rm -rf "$unpacked"
    mv "$unpacked.partial" "$unpacked"
fi
[ -f "$kernel" ] || { echo "fetch_kernel: $kernel missing after unpacking $package" >&2; exit 1; }
echo "$kernel"
