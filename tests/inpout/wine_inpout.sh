#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# portio's inpoutx64.dll under Wine on the host, through the two InpOut32
# clients (client_checks.h):
#   wine_inpout.sh PORTIO_EXE PORTIO_SYS INPOUT_DLL CLIENT_LOADLIBRARY CLIENT_LINKED WORK_DIR
# 1. PORTIO_BACKEND=mock: the driver counts as open, the empty port space
#    reads all ones, the memory functions are refused, IsXP64Bit;
# 2. portio.sys installed by "portio driver install": IsInpOutDriverOpen
#    TRUE; with AllowedPorts 0x378-0x37A a port outside reads 0x00FF, told
#    once. No port the driver would serve is touched: an IN/OUT executed by
#    a driver under Wine on this host faults;
#    Then stopped, as a demand-start driver is after a reboot, with
#    portio.sys beside the DLL: the client's first call replaces and starts
#    it, and the administrator's allowlist is kept (still refused, still in
#    the registry);
# 3. driver removed, portio.sys not beside the DLL: FALSE, and the message
#    says "portio driver install";
# 4. portio.sys beside the DLL: the client's first call installs and starts
#    it; portio driver status says running.
# Every Wine step has a timeout; output goes to files. Exit 77: no Wine
# (a failure with PORTIO_REQUIRE_WINE=1 or CI=true).
set -euo pipefail

portio_exe=$1 portio_sys=$2 dll=$3 loadlibrary=$4 linked=$5 work=$6

# shellcheck source=../windows/wine_steps.sh
. "$(dirname "${BASH_SOURCE[0]}")/../windows/wine_steps.sh"
wine_test wine_inpout "$work"

tools="$WINEPREFIX/drive_c/portio" programs="$WINEPREFIX/drive_c/inpout"
mkdir -p "$tools" "$programs"
cp "$portio_exe" "$portio_sys" "$tools/"
cp "$dll" "$loadlibrary" "$linked" "$programs/"
tool='C:\portio\portio.exe'
ll='C:\inpout\client_loadlibrary.exe'
linked='C:\inpout\client_linked.exe'
parameters='HKLM\System\CurrentControlSet\Services\portio\Parameters'

# run_client NAME PROGRAM CHECKS...: a client run that must pass.
run_client() {
    local name=$1
    shift
    run_step 120 "$name" "$@" || { echo "wine_inpout: FAILED: $name" >&2; exit 1; }
    expect "$name" "all checks passed"
}

# 1. The mock.
export PORTIO_BACKEND=mock
run_client mock-loadlibrary wine "$ll" open 1 + read 0x378 0xFF + memory + xp64
expect mock-loadlibrary "exports the 14 names at ordinals 1-14"
run_client mock-linked wine "$linked" open 1 + read 0xD010 0xFF + memory + xp64
unset PORTIO_BACKEND

# 2. The real driver, installed, with an allowlist.
run_step 120 install wine "$tool" driver install
run_client driver-open wine "$ll" open 1 + memory
run_step 120 allowlist-set wine "$tool" driver configure --ports 0x378-0x37A
run_client refused-loadlibrary wine "$ll" open 1 + refused 0x3BC
run_client refused-linked wine "$linked" refused 0x2F8
# Stopped (a reboot); the DLL starts it again and keeps the allowlist.
run_step 60 stop wine sc stop portio
cp "$portio_sys" "$programs/"
run_client restart-keeps-settings wine "$linked" open 1 + refused 0x3BC
expect restart-keeps-settings "installing and starting portio's driver"
run_step 60 query-kept wine reg query "$parameters" /v AllowedPorts
expect query-kept "0x378-0x37A"
rm "$programs/portio.sys"

# 3. Removed; portio.sys is not beside the DLL.
run_step 120 remove wine "$tool" driver remove
run_client removed-loadlibrary wine "$ll" open 0
run_client removed-linked wine "$linked" open 0 + memory

# 4. portio.sys beside the DLL: the DLL installs it (Wine's user is an
#    elevated administrator).
cp "$portio_sys" "$programs/"
run_client auto-install wine "$linked" open 1
expect auto-install "installing and starting portio's driver"
run_step 60 status wine "$tool" driver status
expect status "installed, running"
run_step 120 remove-again wine "$tool" driver remove

echo "wine_inpout: all phases passed"
