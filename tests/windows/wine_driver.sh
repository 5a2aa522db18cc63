#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The real portio.sys under Wine (64-bit): installed with "portio driver
# install" as a kernel service, exercised by test_wine_driver.exe in its
# phases: installed, allowlist (set with "portio driver configure --ports",
# and again with "install --ports --all-users"), and "removed" once with
# the service stopped and once after "portio driver remove". Between them
# the settings in the registry are checked with "wine reg query": exactly
# what was asked for, and nothing changed by a refused command line.
#   wine_driver.sh PORTIO_EXE PORTIO_SYS TEST_EXE WORK_DIR
# Every Wine step has a timeout; Wine's output goes to files, never into a
# pipe (its processes would keep the pipe open). Exit status 77: Wine is
# missing, PORTIO_REQUIRE_WINE is not 1 and CI is not true (then it fails).
set -euo pipefail

portio_exe=$1 portio_sys=$2 test_exe=$3 work=$4

# shellcheck source=wine_steps.sh
. "$(dirname "${BASH_SOURCE[0]}")/wine_steps.sh"
wine_test wine_driver "$work"

dir="$WINEPREFIX/drive_c/portio"
mkdir -p "$dir"
cp "$portio_exe" "$portio_sys" "$test_exe" "$dir/"
tool="C:\\portio\\portio.exe"
test="C:\\portio\\$(basename "$test_exe")"
parameters='HKLM\System\CurrentControlSet\Services\portio\Parameters'

run_step 120 install wine "$tool" driver install
run_step 60 status wine "$tool" driver status
grep -q "installed, running" "$logs/$step-status.log" ||
    { echo "wine_driver: FAILED: status does not say running" >&2; exit 1; }
grep -q "protocol version 4" "$logs/$step-status.log" ||
    { echo "wine_driver: FAILED: status does not report protocol version 4" >&2; exit 1; }

run_step 120 test-installed wine "$test" installed

# query NAME: the service's Parameters key, as "reg query" lists it, in
# $logs/$step-NAME.log; a key that is not there lists nothing.
query() {
    run_step 60 "$1" wine reg query "$parameters" || true
}
# expect_values NAME [LINE...]: the values that query listed are exactly
# these lines, "NAME TYPE DATA" (reg query shows a REG_MULTI_SZ's entries
# joined by \0, a REG_DWORD in hex), in any order; none given: no value.
expect_values() {
    local name=$1 got want
    shift
    got=$(tr -d '\r' <"$logs/$step-$name.log" | grep 'REG_' | sed -E 's/^[[:space:]]+//; s/[[:space:]]+/ /g' | sort || true)
    want=$(printf '%s\n' "$@" | sed '/^$/d' | sort)
    [ "$got" = "$want" ] || {
        printf 'wine_driver: FAILED: %s: Parameters holds\n%s\nnot\n%s\n' "$name" "$got" "$want" >&2
        exit 1
    }
}

run_step 120 configure-ports wine "$tool" driver configure --ports 0x378-0x37A
expect configure-ports "restarting the driver"
query query-ports
expect_values query-ports 'AllowedPorts REG_MULTI_SZ 0x378-0x37A'
run_step 60 status-ports wine "$tool" driver status
expect status-ports "installed, running"
expect status-ports "allowed ports: 0x378-0x37A"
expect status-ports "users: Administrators only"
expect status-ports "starts: on demand"
# configure restarted the driver: it refuses 0x80 now.
run_step 120 test-allowlist wine "$test" allowlist

# Refused command lines change nothing.
status=0
run_step 60 configure-all-users-alone wine "$tool" driver configure --all-users || status=$?
[ "$status" = 2 ] ||
    { echo "wine_driver: FAILED: configure --all-users without --ports exited $status, not 2" >&2; exit 1; }
expect configure-all-users-alone "--all-users needs --ports"
status=0
run_step 60 configure-bad-range wine "$tool" driver configure --ports 0x378-0x37A,0x80-0x7F || status=$?
[ "$status" = 2 ] ||
    { echo "wine_driver: FAILED: configure with a bad range exited $status, not 2" >&2; exit 1; }
expect configure-bad-range '"0x80-0x7F" is not a port range'
query query-after-refusals
expect_values query-after-refusals 'AllowedPorts REG_MULTI_SZ 0x378-0x37A'

# Both settings at install, over the installed driver, which it restarts:
# the allowlist phase passes again (0x80 and 0x370 are still outside).
run_step 120 install-all-users wine "$tool" driver install --ports 0x378-0x37A,0x3F8-0x3FF --all-users
query query-all-users
expect_values query-all-users 'AllowedPorts REG_MULTI_SZ 0x378-0x37A\00x3F8-0x3FF' \
    'AllowNonAdministrators REG_DWORD 0x1'
run_step 60 status-all-users wine "$tool" driver status
expect status-all-users "allowed ports: 0x378-0x37A, 0x3F8-0x3FF"
expect status-all-users "users: every user (AllowNonAdministrators)"
# Every user's programs find it running after a reboot: it starts at boot.
expect status-all-users "starts: at boot"
run_step 60 start-type-all-users wine reg query 'HKLM\System\CurrentControlSet\Services\portio' /v Start
expect start-type-all-users "0x2"
run_step 120 test-allowlist-all-users wine "$test" allowlist

# configure alone: back to the defaults, both values deleted.
run_step 120 configure-defaults wine "$tool" driver configure
query query-defaults
expect_values query-defaults
run_step 60 status-defaults wine "$tool" driver status
expect status-defaults "allowed ports: every port (no allowlist)"
expect status-defaults "users: Administrators only"
expect status-defaults "starts: on demand"
run_step 60 start-type-defaults wine reg query 'HKLM\System\CurrentControlSet\Services\portio' /v Start
expect start-type-defaults "0x3"

# Installed but stopped: the library must say so, as when it is missing.
run_step 60 stop-again wine sc stop portio
run_step 120 test-stopped wine "$test" removed

run_step 120 remove wine "$tool" driver remove
run_step 60 status-removed wine "$tool" driver status || true
grep -q "not installed" "$logs/$step-status-removed.log" ||
    { echo "wine_driver: FAILED: status after remove does not say not installed" >&2; exit 1; }
run_step 120 test-removed wine "$test" removed
status=0
run_step 60 configure-removed wine "$tool" driver configure --ports 0x378-0x37A || status=$?
[ "$status" = 1 ] ||
    { echo "wine_driver: FAILED: configure without the driver exited $status, not 1" >&2; exit 1; }
expect configure-removed "portio driver install"
query query-removed
expect_values query-removed

echo "wine_driver: all phases passed"
