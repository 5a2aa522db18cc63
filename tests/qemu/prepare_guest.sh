#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Prepares the QEMU test bed in OUT_DIR: the kernel (fetch_kernel.sh) and an
# initramfs with busybox, the guest init and the given programs with their
# shared libraries, and data files, all in the guest's /portio.
#   prepare_guest.sh OUT_DIR [--data FILE]... PROGRAM...
# The kernel's parallel port modules (parport, parport_pc, ppdev: about
# 100 KB packed) are always in /modules; guest_init.sh loads them only when
# asked (run_guest.sh --ppdev), so other tests boot as before.
# Exit status 77 means "the bed cannot be set up here" (a missing tool);
# with PORTIO_REQUIRE_QEMU=1 (set by CI) that is a failure (1) instead.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$1
shift

unavailable() {
    echo "prepare_guest: $*" >&2
    if [ "${PORTIO_REQUIRE_QEMU:-0}" = 1 ]; then
        echo "prepare_guest: PORTIO_REQUIRE_QEMU=1, so this is a failure" >&2
        exit 1
    fi
    echo "prepare_guest: skipping the QEMU tests (apt-get install qemu-system-x86 busybox-static cpio)" >&2
    exit 77
}

# A bed left from an earlier run must not stand in for this one.
rm -f "$out/initramfs.cpio.gz" "$out/vmlinuz"

for tool in qemu-system-x86_64 cpio gzip; do
    command -v "$tool" >/dev/null || unavailable "$tool is not installed"
done
busybox=$(command -v busybox) || unavailable "busybox-static is not installed"
# The guest has no libraries for busybox itself: it must be the static one.
if ldd "$busybox" >/dev/null 2>&1; then
    unavailable "$busybox is linked dynamically; install busybox-static"
fi
kernel=$("$here/fetch_kernel.sh") || unavailable "no kernel could be fetched"

modules=$(echo "$(dirname "$(dirname "$kernel")")"/lib/modules/*/kernel)
[ -d "$modules" ] || unavailable "no kernel modules next to $kernel"

mkdir -p "$out"
root=$(mktemp -d "$out/root.XXXXXX")
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root" # mktemp makes it 0700: no program would run for a normal user
mkdir -p "$root"/{bin,dev,etc,proc,sys,tmp,portio,modules}
cp "$busybox" "$root/bin/busybox"
install -m 0755 "$here/guest_init.sh" "$root/init"
# Names for the ids the tests use: messages name the group of /dev/parport0
# (Debian's lp group, gid 7) and the user 1000 has a name as on a real system.
printf 'root:x:0:0:root:/:/bin/sh\nuser:x:1000:1000:user:/tmp:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nlp:x:7:user\nuser:x:1000:\n' > "$root/etc/group"
# In insmod's order (each depends on the ones before); dpkg -x gives no
# modules.dep, so modprobe cannot be used.
for module in drivers/parport/parport drivers/parport/parport_pc drivers/char/ppdev; do
    file=$(ls "$modules/$module".ko* 2>/dev/null | head -n 1)
    name=$(basename "$module")
    case $file in
        *.ko) cp "$file" "$root/modules/$name.ko" ;;
        *.ko.xz) xz -dc "$file" > "$root/modules/$name.ko" ;;
        *.ko.zst) zstd -qdc "$file" > "$root/modules/$name.ko" ;;
        *) unavailable "module $module not found under $modules" ;;
    esac
done

copy_with_libraries() {
    local program=$1
    install -m 0755 "$program" "$root/portio/"
    # ldd prints "name => /path (addr)" or "/path (addr)" for the loader.
    ldd "$program" 2>/dev/null | grep -o '/[^ ]*' | while read -r library; do
        [ -e "$library" ] || continue
        mkdir -p "$root$(dirname "$library")"
        cp -L "$library" "$root$library"
    done
}
while [ $# -gt 0 ]; do
    if [ "$1" = --data ]; then
        install -m 0644 "$2" "$root/portio/"
        shift 2
    else
        copy_with_libraries "$1"
        shift
    fi
done

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$out/initramfs.cpio.gz.new"
mv "$out/initramfs.cpio.gz.new" "$out/initramfs.cpio.gz"
ln -sf "$kernel" "$out/vmlinuz"
echo "prepare_guest: kernel $kernel, initramfs $out/initramfs.cpio.gz ($(du -h "$out/initramfs.cpio.gz" | cut -f1))"
