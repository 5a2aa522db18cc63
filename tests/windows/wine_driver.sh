#!/usr/bin/env bash
# The real portio.sys under Wine (64-bit): installed with "portio driver
# install" as a kernel service, exercised by test_wine_driver.exe in its
# phases: installed, allowlist, and "removed" once with the service stopped
# and once after "portio driver remove".
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
grep -q "protocol version 3" "$logs/$step-status.log" ||
    { echo "wine_driver: FAILED: status does not report protocol version 3" >&2; exit 1; }

run_step 120 test-installed wine "$test" installed

run_step 60 allowlist-set wine reg add "$parameters" /v AllowedPorts /t REG_MULTI_SZ /d "0x378-0x37A" /f
run_step 60 stop wine sc stop portio
run_step 60 start wine sc start portio
run_step 120 test-allowlist wine "$test" allowlist
run_step 60 allowlist-delete wine reg delete "$parameters" /v AllowedPorts /f

# Installed but stopped: the library must say so, as when it is missing.
run_step 60 stop-again wine sc stop portio
run_step 120 test-stopped wine "$test" removed

run_step 120 remove wine "$tool" driver remove
run_step 60 status-removed wine "$tool" driver status || true
grep -q "not installed" "$logs/$step-status-removed.log" ||
    { echo "wine_driver: FAILED: status after remove does not say not installed" >&2; exit 1; }
run_step 120 test-removed wine "$test" removed

echo "wine_driver: all phases passed"
