#!/bin/busybox sh
# SPDX-License-Identifier: MIT
# /init of the Wine guest: loads the 9p modules, mounts the host's root
# (read-only) on /host and the writable work share under it, and runs
# guest_run.sh chrooted in the host's root. The verdict line is printed by
# guest_run.sh; this only powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The order of their depends= lines (no modules.dep in an unpacked package).
for module in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci \
              netfs fscache 9pnet 9pnet_virtio 9p; do
    insmod "/modules/$module.ko" || echo "PORTIO-WINE-GUEST: insmod $module failed"
done
mkdir -p /host
if ! mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 hostroot /host; then
    echo "PORTIO-WINE-GUEST: cannot mount the host's root"
    echo "PORTIO-GUEST-EXIT=99"
    poweroff -f
fi
mount -t proc proc /host/proc
mount -t sysfs sysfs /host/sys
mount -o bind /dev /host/dev
for dir in /host/tmp /host/run /host/root; do mount -t tmpfs tmpfs "$dir"; done
mkdir -p /host/tmp/portio-work
# No cache on the work share: the client reads the debugcon file that QEMU
# writes on the host while the guest runs.
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 work /host/tmp/portio-work; then
    echo "PORTIO-WINE-GUEST: cannot mount the work share"
    echo "PORTIO-GUEST-EXIT=99"
    poweroff -f
fi
chroot /host /bin/bash /tmp/portio-work/guest_run.sh
echo "PORTIO-WINE-GUEST: guest_run.sh ended ($?)"
sync
poweroff -f
