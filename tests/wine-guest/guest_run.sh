#!/bin/bash
# Runs in the guest, chrooted in the host's root: starts the wineserver and
# the portio service with port rights (iopl_exec), then the client without
# them, and prints its verdict as PORTIO-GUEST-EXIT=N. Its arguments are in
# /tmp/portio-work/client.args, one a line. Every step has a timeout.
work=/tmp/portio-work
export HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin
export WINEPREFIX=$work/prefix WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
logs=$work/guest-logs
mkdir -p "$logs"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
t0=$(now_ms)

verdict() {
    echo "PORTIO-GUEST-EXIT=$1"
    timeout 30 wineserver -k >/dev/null 2>&1
    exit 0
}
# show NAME: the log of a step on the console.
show() { echo "----- guest $1 -----"; tr -d '\r' < "$logs/$1.log"; }

# The PCI host bridge's configuration header as the guest's kernel reads it,
# for the client to compare.
head -c 64 /sys/bus/pci/devices/0000:00:00.0/config > "$work/pci-00.0.bin" 2>/dev/null

timeout 30 "$work/iopl_exec" wineserver -p >"$logs/wineserver.log" 2>&1 </dev/null ||
    { show wineserver; verdict 98; }
if [ "$(cat "$work/start-service")" = yes ]; then
    timeout --kill-after=5 120 "$work/iopl_exec" wine sc start portio >"$logs/sc-start.log" 2>&1 </dev/null
    status=$?
    show sc-start
    [ "$status" = 0 ] || { echo "PORTIO-WINE-GUEST: sc start failed ($status)"; verdict 97; }
fi
t1=$(now_ms)
echo "PORTIO-WINE-GUEST: service started in $((t1 - t0)) ms"

mapfile -t args < "$work/client.args"
timeout --kill-after=5 "$(cat "$work/client.timeout")" wine "${args[@]}" >"$logs/client.log" 2>&1 </dev/null
status=$?
show client
echo "PORTIO-WINE-GUEST: client ran in $(( $(now_ms) - t1 )) ms"
verdict "$status"
