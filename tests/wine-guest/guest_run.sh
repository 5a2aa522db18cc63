#!/bin/bash
# SPDX-License-Identifier: MIT
# Runs in the guest, chrooted in the host's root: starts the wineserver and
# the portio service with port rights (iopl_exec), then the client commands
# without them (with them if client-port-rights says yes), and prints the verdict as PORTIO-GUEST-EXIT=N: the first
# failing command's status, else 0. The commands are in
# /tmp/portio-work/commands, one a line, words separated by spaces; an
# allowlist for the service's Parameters key, if any, in allowlist. Every
# step has a timeout, a guard against a hang sized for a loaded machine
# (the first Wine program in the guest starts Wine's services: on a quiet
# machine in 10-20 s, with other guests on the same cores past a minute).
work=/tmp/portio-work
export HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin
export WINEPREFIX=$work/prefix WINEDEBUG=$(cat "$work/winedebug" 2>/dev/null || echo -all)
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
logs=$work/guest-logs
mkdir -p "$logs"
# Wine serves only a prefix its user owns, and the share shows the prefix's
# owner on the host: when the tests ran as an ordinary user, Wine runs as
# that user here too (after iopl_exec, whose port rights survive the change
# of user).
owner=$(stat -c %u "$WINEPREFIX")
as_owner=()
if [ "$owner" != 0 ]; then
    as_owner=(setpriv --reuid="$owner" --regid="$(stat -c %g "$WINEPREFIX")" --clear-groups)
    export HOME=/tmp/portio-home
    mkdir -p "$HOME" && chown "$owner" "$HOME"
fi
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
t0=$(now_ms)

verdict() {
    echo "PORTIO-GUEST-EXIT=$1"
    timeout 30 "${as_owner[@]}" wineserver -k >/dev/null 2>&1
    exit 0
}
# show NAME: the log of a step on the console.
show() { echo "----- guest $1 -----"; tr -d '\r' < "$logs/$1.log"; }

# The PCI host bridge's configuration header as the guest's kernel reads it,
# for the client to compare.
head -c 64 /sys/bus/pci/devices/0000:00:00.0/config > "$work/pci-00.0.bin" 2>/dev/null

timeout 240 "$work/iopl_exec" "${as_owner[@]}" wineserver -p >"$logs/wineserver.log" 2>&1 </dev/null ||
    { show wineserver; verdict 98; }
# The first Wine program run starts services.exe, which starts the
# service's winedevice.exe: it must have port rights too, so reg runs
# through iopl_exec as well.
if [ -s "$work/allowlist" ]; then
    timeout --kill-after=5 240 "$work/iopl_exec" "${as_owner[@]}" wine reg add 'HKLM\System\CurrentControlSet\Services\portio\Parameters' \
        /v AllowedPorts /t REG_MULTI_SZ /d "$(cat "$work/allowlist")" /f >"$logs/allowlist.log" 2>&1 </dev/null ||
        { show allowlist; verdict 96; }
fi
if [ "$(cat "$work/start-service")" = yes ]; then
    timeout --kill-after=5 240 "$work/iopl_exec" "${as_owner[@]}" wine sc start portio >"$logs/sc-start.log" 2>&1 </dev/null
    status=$?
    show sc-start
    [ "$status" = 0 ] || { echo "PORTIO-WINE-GUEST: sc start failed ($status)"; verdict 97; }
fi
t1=$(now_ms)
echo "PORTIO-WINE-GUEST: service started in $((t1 - t0)) ms"

seconds=$(cat "$work/client.timeout")
rights=()
[ "$(cat "$work/client-port-rights" 2>/dev/null)" = yes ] && rights=("$work/iopl_exec")
n=0
while read -r -a words; do
    [ ${#words[@]} -gt 0 ] || continue
    n=$((n + 1))
    t=$(now_ms)
    timeout --kill-after=5 "$seconds" "${rights[@]}" "${as_owner[@]}" wine "${words[@]}" >"$logs/client-$n.log" 2>&1 </dev/null
    status=$?
    echo "PORTIO-WINE-GUEST: \$ ${words[*]} (exit $status, $(( $(now_ms) - t )) ms)"
    show "client-$n"
    [ "$status" = 0 ] || verdict "$status"
done < "$work/commands"
echo "PORTIO-WINE-GUEST: $n command(s) ran in $(( $(now_ms) - t1 )) ms"
verdict 0
