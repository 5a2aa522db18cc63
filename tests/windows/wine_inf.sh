#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# portio.inf under Wine (64-bit): in one fresh prefix, "portio driver
# install" makes the reference service key and is removed; then Wine's
# setupapi installs the package from a folder holding portio.inf and
# portio.sys (InstallHinfSection DefaultInstall), the service key must be
# the same, the service starts and test_wine_driver.exe's "installed" phase
# drives it; DefaultUninstall must remove the service and the file.
#   wine_inf.sh PORTIO_EXE PORTIO_SYS PORTIO_INF TEST_EXE WORK_DIR
# Exit status 77: Wine is missing, PORTIO_REQUIRE_WINE is not 1 and CI is
# not true (then it fails).
set -euo pipefail

portio_exe=$1 portio_sys=$2 portio_inf=$3 test_exe=$4 work=$5

# shellcheck source=wine_steps.sh
. "$(dirname "${BASH_SOURCE[0]}")/wine_steps.sh"
wine_test wine_inf "$work"
fail() { echo "wine_inf: FAILED: $*" >&2; exit 1; }

dir="$WINEPREFIX/drive_c/portio"
mkdir -p "$dir"
cp "$portio_exe" "$test_exe" "$dir/"
tool="C:\\portio\\portio.exe"
test="C:\\portio\\$(basename "$test_exe")"
# The package as a user has it: the INF and the driver in one folder,
# outside the prefix (Wine's Z: is /).
package="$work/package"
mkdir -p "$package"
cp "$portio_inf" "$portio_sys" "$package/"
inf="Z:$(tr / '\\' <<<"$package/portio.inf")"
package_sys="Z:$(tr / '\\' <<<"$package/portio.sys")"
installed_file="$WINEPREFIX/drive_c/windows/system32/drivers/portio.sys"
service='HKLM\System\CurrentControlSet\Services\portio'

# service_key NAME: the service's key and subkeys, as "reg query /s" lists
# them, into $work/NAME.reg.
service_key() {
    run_step 60 "query-$1" wine reg query "$service" /s
    tr -d '\r' <"$logs/$step-query-$1.log" >"$work/$1.reg"
}

# --- the reference: what "portio driver install" makes -------------------------
run_step 120 tool-install wine "$tool" driver install "$package_sys" ||
    fail "portio driver install failed"
service_key tool
run_step 120 tool-remove wine "$tool" driver remove || fail "portio driver remove failed"
run_step 60 tool-gone wine reg query "$service" && fail "the tool's remove left the service key"
[ ! -e "$installed_file" ] || fail "the tool's remove left system32\\drivers\\portio.sys"

# --- the INF ---------------------------------------------------------------------
run_step 120 inf-install wine rundll32 setupapi.dll,InstallHinfSection DefaultInstall 128 "$inf" ||
    fail "InstallHinfSection DefaultInstall exited non-zero"
[ -f "$installed_file" ] || fail "the INF did not copy portio.sys to system32\\drivers"
cmp -s "$portio_sys" "$installed_file" || fail "system32\\drivers\\portio.sys differs from the package's"
service_key inf
# Every value and subkey the same (Type, Start, ErrorControl, ImagePath,
# DisplayName...; neither makes a Parameters key: no allowlist, and only
# administrators may open the device).
if ! diff -u "$work/tool.reg" "$work/inf.reg" >"$logs/service-key.diff"; then
    cat "$logs/service-key.diff" >&2
    fail "the service key the INF made differs from the one portio driver install made (- tool, + INF)"
fi
for value in Type Start ErrorControl ImagePath; do
    grep -q "^ *$value " "$work/inf.reg" || fail "the service key has no $value value"
done
! grep -qi '\\Parameters$' "$work/inf.reg" || fail "the INF made a Parameters key"
echo "--- the service key the INF made is the tool's"

# The INF only installs; the service is started on demand.
run_step 60 start wine sc start portio || fail "sc start portio failed"
run_step 60 status wine "$tool" driver status || fail "portio driver status failed"
expect status "installed, running"
expect status "protocol version 4"
run_step 120 test-installed wine "$test" installed || fail "the library's requests to the driver failed"

# Stopped first, as INSTALL-WINDOWS.txt says: setupapi deletes the files
# before it handles the services (DelService's stop comes too late), and a
# running driver's image cannot be deleted (under Wine the file stayed).
run_step 60 stop wine sc stop portio || fail "sc stop portio failed"
run_step 120 inf-uninstall wine rundll32 setupapi.dll,InstallHinfSection DefaultUninstall 128 "$inf" ||
    fail "InstallHinfSection DefaultUninstall exited non-zero"
run_step 60 status-removed wine "$tool" driver status || true
expect status-removed "not installed"
[ ! -e "$installed_file" ] || fail "DefaultUninstall left system32\\drivers\\portio.sys"
run_step 120 test-removed wine "$test" removed || fail "the library does not report the driver missing"

echo "wine_inf: installed, compared, started, used and removed through portio.inf"
