#!/bin/busybox sh
# SPDX-License-Identifier: MIT
# /init of the test guest. The kernel hands it the words after "--" on its
# command line (the program to run and its arguments) and, as environment,
# the NAME=value words it does not know itself (e.g. PORTIO_BACKEND=devport).
/bin/busybox --install -s /bin
export PATH=/bin:/portio
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
# Shows the lockdown state in /sys/kernel/security/lockdown.
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null

# run_guest.sh --ppdev: the kernel's parallel port driver and ppdev, with
# /dev/parport0 given to the lp group as Debian's udev rule does (root:lp
# 0660), so that a member of lp may open it and others may not.
if [ "${PORTIO_GUEST_PPDEV:-}" = 1 ]; then
    for module in parport parport_pc ppdev; do
        insmod /modules/$module.ko || echo "PORTIO-GUEST: insmod $module failed"
    done
    tries=0
    while [ ! -e /dev/parport0 ] && [ $tries -lt 50 ]; do
        sleep 0.1
        tries=$((tries + 1))
    done
    chgrp lp /dev/parport0 && chmod 0660 /dev/parport0
    ls -l /dev/parport0
fi
unset PORTIO_GUEST_PPDEV

cd /portio
echo "PORTIO-GUEST-START $*"
"$@"
status=$?
# The host reads the verdict from this line: it works where the guest may
# not touch a port at all (lockdown, normal users).
echo "PORTIO-GUEST-EXIT=$status"
poweroff -f
