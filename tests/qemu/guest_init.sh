#!/bin/busybox sh
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

cd /portio
echo "PORTIO-GUEST-START $*"
"$@"
status=$?
# The host reads the verdict from this line: it works where the guest may
# not touch a port at all (lockdown, normal users).
echo "PORTIO-GUEST-EXIT=$status"
poweroff -f
