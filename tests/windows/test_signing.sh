#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The test-signed build (-DPORTIO_TEST_SIGN=ON): every signed file verifies
# against the build's throwaway certificate with a valid PE checksum, and
# the signed driver loads under Wine (64-bit) from the folder of the signed
# files: "portio driver install", "driver status" says running, "driver
# remove".
#   test_signing.sh CERT_PEM WORK_DIR PORTIO_EXE PORTIO_SYS [OTHER_SIGNED_FILE...]
# Exit status 77: a tool is missing and neither CI=true nor
# PORTIO_REQUIRE_WINE=1 (osslsigncode missing) is set.
set -euo pipefail

certificate=$1 work=$2 portio_exe=$3 portio_sys=$4
shift 4
signed_files=("$portio_exe" "$portio_sys" "$@")

required=false
[ "${CI:-}" = true ] && required=true
[ "${PORTIO_REQUIRE_WINE:-0}" = 1 ] && required=true
missing_tool() {
    echo "test_signing: $1 is not installed (apt-get install $2)" >&2
    $required && exit 1
    exit 77
}
command -v osslsigncode >/dev/null || missing_tool osslsigncode osslsigncode

logs="$work/logs"
rm -rf "$work"
mkdir -p "$logs"

# --- The signatures ------------------------------------------------------------
# osslsigncode prints one "PE checksum" line when the stored checksum is the
# computed one, and "Warning: invalid PE checksum" when it is not.
failures=0
for file in "${signed_files[@]}"; do
    name=$(basename "$file")
    log="$logs/verify-$name.log"
    status=0
    osslsigncode verify -CAfile "$certificate" -in "$file" >"$log" 2>&1 || status=$?
    verdict=$(grep -E '^Signature verification' "$log" || echo "no verdict")
    checksum=$(grep -E 'PE checksum' "$log" | tr -s ' ' | paste -sd ';' - || true)
    echo "$name: $verdict; $checksum (exit $status)"
    if [ "$status" -ne 0 ] || [ "$verdict" != "Signature verification: ok" ]; then
        echo "test_signing: FAILED: $name does not verify against $certificate; $log:" >&2
        cat "$log" >&2
        failures=$((failures + 1))
    elif grep -q 'invalid PE checksum' "$log" || ! grep -q '^PE checksum' "$log"; then
        echo "test_signing: FAILED: $name has no valid PE checksum after signing" >&2
        failures=$((failures + 1))
    fi
done
if [ "$failures" -ne 0 ]; then
    echo "test_signing: FAILED: $failures of ${#signed_files[@]} signed files" >&2
    exit 1
fi

# --- The signed driver under Wine ----------------------------------------------
if ! command -v wine >/dev/null || ! command -v wineserver >/dev/null; then
    missing_tool wine "wine wine64"
fi
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
test_name=test_signing
# shellcheck source=wine_steps.sh
. "$(dirname "${BASH_SOURCE[0]}")/wine_steps.sh"
trap stop_wine EXIT
boot_prefix

# The tool installs the portio.sys beside it: the signed pair, as built,
# with portio.dll in a shared build.
dir="$WINEPREFIX/drive_c/portio-signed"
mkdir -p "$dir"
cp "$portio_exe" "$portio_sys" "$dir/"
for file in "$@"; do
    case $file in *.dll) cp "$file" "$dir/" ;; esac
done
tool="C:\\portio-signed\\$(basename "$portio_exe")"

run_step 120 install wine "$tool" driver install
run_step 60 status wine "$tool" driver status
expect status "installed, running"
# What Wine loaded is the signed file, not a copy that lost the signature.
installed="$WINEPREFIX/drive_c/windows/system32/drivers/portio.sys"
if ! osslsigncode verify -CAfile "$certificate" -in "$installed" >"$logs/verify-installed.log" 2>&1 ||
    ! grep -q '^Signature verification: ok' "$logs/verify-installed.log"; then
    echo "$test_name: FAILED: the installed $installed does not verify" >&2
    exit 1
fi
run_step 120 remove wine "$tool" driver remove
run_step 60 status-removed wine "$tool" driver status || true
expect status-removed "not installed"

echo "test_signing: ${#signed_files[@]} signed files verified; the signed driver installed, ran and was removed under Wine"
