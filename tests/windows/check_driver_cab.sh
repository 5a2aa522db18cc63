#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Checks the driver packages for Microsoft's attestation signing
# (drivers/windows/CMakeLists.txt), one build at a time:
#   check_driver_cab.sh VERSION WORK_DIR ARCHITECTURE=BUILD_DIR...
#   ARCHITECTURE: x86_64 or i686; BUILD_DIR: a mingw-w64 build that made
#   portio-driver-VERSION-x64.cab (x86 for i686) and drivers/windows/
#   portio.inf and portio.sys.
# For each CAB:
#   - its name: portio-driver-VERSION-x64.cab or -x86.cab;
#   - its listing (gcab): exactly portio\portio.inf and portio\portio.sys,
#     one folder, nothing at the root (Microsoft's example DDF), the folder
#     named with letters, digits, - and _ only, under 40 characters (the
#     attestation requirements);
#   - unpacked: both files equal the build's; portio.sys is an image of the
#     architecture and carries no signature (a test-signed driver has one);
#   - the INF as a primitive driver package Windows 10 1903+ accepts:
#     [Version] with Signature, Class, ClassGuid, Provider, CatalogFile and
#     DriverVer = date,VERSION.0; [DefaultInstall.NTamd64] (NTx86) and its
#     .Services; no undecorated [DefaultInstall], no [DefaultUninstall]
#     without LegacyUninstall=1, no [Manufacturer]; [SourceDisksFiles] names
#     exactly portio.sys, the CAB's other file;
#   - signed as docs/windows.md shows for an EV key on a hardware token:
#     osslsigncode with OpenSSL's PKCS#11 engine, the key of a throwaway
#     certificate in a SoftHSM token standing in for the EV token; the
#     signature verifies and the signed CAB lists the same two files.
# What Microsoft's dashboard alone decides (InfVerif's rules of the day,
# the catalog it makes, the signature) is not checked here: see
# docs/windows.md, "Getting a Microsoft signature".
# Exit 0 when every check passes, 1 when one fails; a missing tool or CAB
# fails with CI=true and skips (77) elsewhere.
set -euo pipefail

if [ $# -lt 3 ]; then
    echo "usage: check_driver_cab.sh VERSION WORK_DIR x86_64|i686=BUILD_DIR..." >&2
    exit 2
fi
version=$1 work=$2
shift 2

unavailable() {
    echo "check_driver_cab: $*" >&2
    [ "${CI:-}" = true ] && exit 1
    exit 77
}
command -v gcab >/dev/null || unavailable "gcab is not installed (apt-get install gcab)"
command -v objdump >/dev/null || unavailable "objdump is not installed (apt-get install binutils)"
for tool in openssl osslsigncode softhsm2-util; do
    command -v "$tool" >/dev/null ||
        unavailable "$tool is not installed (apt-get install openssl osslsigncode softhsm2 libengine-pkcs11-openssl)"
done
pkcs11_engine=$(openssl version -e | sed -n 's/^ENGINESDIR: "\(.*\)"$/\1/p')/pkcs11.so
softhsm_module=/usr/lib/softhsm/libsofthsm2.so
[ -f "$pkcs11_engine" ] || unavailable "no OpenSSL PKCS#11 engine at $pkcs11_engine (apt-get install libengine-pkcs11-openssl)"
[ -f "$softhsm_module" ] || unavailable "no SoftHSM PKCS#11 module at $softhsm_module (apt-get install softhsm2)"

failures=0
pass() { echo "ok:   $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# check WHAT CONDITION...: pass or fail WHAT by the exit status of CONDITION.
check() {
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# not COMMAND...: succeeds when COMMAND fails.
not() { ! "$@"; }

# The INF's section names, in lower case (INF names are case-insensitive).
inf_sections() {
    sed -n 's/\r$//; s/^[[:space:]]*\[\([^]]*\)\][[:space:]]*\(;.*\)\{0,1\}$/\1/p' "$1" | tr 'A-Z' 'a-z'
}
# The lines of one section, without comments and blank lines, with
# "key = value" as "key=value".
inf_section() {
    awk -v want="$(tr 'A-Z' 'a-z' <<<"$2")" '
        { sub(/\r$/, ""); sub(/;.*/, ""); gsub(/^[ \t]+|[ \t]+$/, "") }
        /^\[.*\]$/ { name = tolower(substr($0, 2, length($0) - 2)); next }
        name == want && $0 != "" { gsub(/[ \t]*=[ \t]*/, "="); print }' "$1"
}
# The value of KEY in SECTION, quotes removed.
inf_value() {
    inf_section "$1" "$2" | awk -F= -v key="$(tr 'A-Z' 'a-z' <<<"$3")" \
        'tolower($1) == key { sub(/^[^=]*=/, ""); gsub(/"/, ""); print; exit }'
}
# zero_hex TEXT: TEXT is a hexadecimal 0.
zero_hex() { [[ $1 =~ ^[0-9A-Fa-f]+$ ]] && (( 16#$1 == 0 )); }
# has_line TEXT EXTENDED_REGEX: a line of TEXT matches it whole.
has_line() { grep -qxE "$2" <<<"$1"; }

check_inf() {
    local inf=$1 decoration=$2 key value sections
    decoration=$(tr 'A-Z' 'a-z' <<<"$2")
    for key in Signature Class ClassGuid Provider CatalogFile DriverVer; do
        value=$(inf_value "$inf" Version "$key")
        if [ -n "$value" ]; then pass "INF [Version] $key = $value"; else fail "INF [Version] has no $key"; fi
    done
    value=$(inf_value "$inf" Version Signature)
    check "INF Signature is \$Windows NT\$" [ "$value" = '$Windows NT$' ]
    value=$(inf_value "$inf" Version DriverVer)
    check "INF DriverVer is MM/DD/YYYY,$version.0" \
        has_line "$value" "[01][0-9]/[0-3][0-9]/[0-9]{4},${version//./\\.}\\.0"
    sections=$(inf_sections "$inf")
    check "INF has [DefaultInstall.$2]" has_line "$sections" "defaultinstall\\.$decoration"
    check "INF has [DefaultInstall.$2.Services]" has_line "$sections" "defaultinstall\\.$decoration\\.services"
    check "INF has no undecorated [DefaultInstall]" not has_line "$sections" "defaultinstall(\\.services)?"
    check "INF has no [Manufacturer] (a primitive driver package)" not has_line "$sections" manufacturer
    local section uninstall_ok=true
    while IFS= read -r section; do
        [ "$(inf_value "$inf" "$section" LegacyUninstall)" = 1 ] || uninstall_ok=false
    done < <(grep -xE 'defaultuninstall(\.nt[a-z0-9]+)?' <<<"$sections" || true)
    check "INF: every [DefaultUninstall*] has LegacyUninstall = 1" $uninstall_ok
    value=$(inf_section "$inf" SourceDisksFiles | sed 's/=.*//' | sort | tr '\n' ' ')
    check "INF [SourceDisksFiles] names exactly portio.sys (it names '$value')" [ "$value" = "portio.sys " ]
}

check_sys() {
    local unpacked=$1 built=$2 pe_format=$3 format security
    check "the CAB's portio.sys equals the build's $built" cmp -s "$unpacked" "$built"
    format=$(objdump -f "$unpacked" 2>/dev/null | sed -n 's/.*file format //p' || true)
    check "the CAB's portio.sys is $pe_format (it is '$format')" [ "$format" = "$pe_format" ]
    # Data directory entry 4, the Authenticode signature: size 0 when unsigned.
    security=$(objdump -p "$unpacked" 2>/dev/null | awk '/^Entry 4 / { print $4 }' || true)
    check "the CAB's portio.sys carries no signature (security directory size ${security:-?}), not the test-signed one" \
        zero_hex "$security"
}

# A SoftHSM token in WORK_DIR holding the key of a throwaway code-signing
# certificate: what osslsigncode meets with an EV token, less the hardware.
make_token() {
    token_dir=$work/token
    mkdir -p "$token_dir/tokens"
    printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\n' "$token_dir" >"$token_dir/softhsm2.conf"
    export SOFTHSM2_CONF=$token_dir/softhsm2.conf
    echo 123456 >"$token_dir/pin"
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 1 -subj "/CN=portio CAB signing (throwaway)" \
        -addext "extendedKeyUsage=codeSigning" -addext "keyUsage=critical,digitalSignature" \
        -keyout "$token_dir/key.pem" -out "$token_dir/cert.pem" 2>"$token_dir/openssl.log"
    openssl pkcs8 -topk8 -nocrypt -in "$token_dir/key.pem" -out "$token_dir/key.p8"
    softhsm2-util --init-token --free --label portio-cab --pin 123456 --so-pin 12345678 >"$token_dir/init.log"
    softhsm2-util --import "$token_dir/key.p8" --token portio-cab --label signing --id 01 --pin 123456 \
        >"$token_dir/import.log"
    rm -f "$token_dir/key.pem" "$token_dir/key.p8"
}

check_signing() {
    local cab=$1 listing=$2 signed
    signed=$work/$(basename "$cab" .cab)-signed.cab
    rm -f "$signed"
    if osslsigncode sign -pkcs11engine "$pkcs11_engine" -pkcs11module "$softhsm_module" \
        -login -readpass "$token_dir/pin" -certs "$token_dir/cert.pem" \
        -key 'pkcs11:token=portio-cab;object=signing;type=private' -h sha256 -n "portio driver package" \
        -in "$cab" -out "$signed" >"$signed.log" 2>&1; then
        pass "signed with a key on a PKCS#11 token (osslsigncode, OpenSSL's pkcs11 engine, SoftHSM)"
    else
        fail "osslsigncode could not sign with the token's key: $(tail -n 3 "$signed.log" | paste -sd ' ')"
        return
    fi
    check "the signature verifies (osslsigncode verify against the throwaway certificate)" \
        grep -q '^Signature verification: ok' < <(osslsigncode verify -CAfile "$token_dir/cert.pem" -in "$signed" 2>&1)
    check "the signed CAB lists the same two files" [ "$(gcab --list "$signed" 2>/dev/null | sort)" = "$listing" ]
}

check_cab() {
    local architecture=$1 build=$2 cab_architecture pe_format decoration
    case $architecture in
    x86_64) cab_architecture=x64 pe_format=pei-x86-64 decoration=NTamd64 ;;
    i686) cab_architecture=x86 pe_format=pei-i386 decoration=NTx86 ;;
    *) echo "check_driver_cab: unknown architecture $architecture (x86_64 or i686)" >&2; exit 2 ;;
    esac
    local name=portio-driver-$version-$cab_architecture.cab
    local cab=$build/$name inf=$build/drivers/windows/portio.inf sys=$build/drivers/windows/portio.sys
    [ -f "$inf" ] && [ -f "$sys" ] || unavailable "no drivers/windows/portio.inf and portio.sys in $build"
    [ -f "$cab" ] || unavailable "no $name in $build (gcab missing when it was built? configure with -DPORTIO_DRIVER_CAB=ON)"
    echo "$cab ($architecture, version $version)"

    local found
    found=$(cd "$build" && ls portio-driver-*.cab)
    check "the build's only CAB is named $name (found: $(paste -sd ' ' <<<"$found"))" [ "$found" = "$name" ]

    local listing expected
    listing=$(gcab --list "$cab" | sort) || fail "gcab cannot list $cab"
    expected=$(printf '%s\n' 'portio\portio.inf' 'portio\portio.sys')
    check "the CAB holds exactly portio\\portio.inf and portio\\portio.sys (it holds: $(paste -sd ' ' <<<"$listing"))" \
        [ "$listing" = "$expected" ]
    local folders
    folders=$(sed -n 's/\\[^\\]*$//p' <<<"$listing" | sort -u)
    check "no file at the CAB's root" not grep -qv '\\' <<<"$listing"
    check "each folder name has only letters, digits, - and _ and under 40 characters ($folders)" \
        not grep -qvxE '[A-Za-z0-9_-]{1,39}' <<<"${folders:-(none)}"

    local unpacked=$work/$cab_architecture
    rm -rf "$unpacked"
    mkdir -p "$unpacked"
    gcab --extract --directory "$unpacked" "$cab" >/dev/null || fail "gcab cannot unpack $cab"
    if [ -f "$unpacked/portio/portio.inf" ]; then
        check "the CAB's portio.inf equals the build's $inf" cmp -s "$unpacked/portio/portio.inf" "$inf"
        check_inf "$unpacked/portio/portio.inf" "$decoration"
    else
        fail "no portio\\portio.inf to unpack from the CAB"
    fi
    if [ -f "$unpacked/portio/portio.sys" ]; then
        check_sys "$unpacked/portio/portio.sys" "$sys" "$pe_format"
    else
        fail "no portio\\portio.sys to unpack from the CAB"
    fi
    check_signing "$cab" "$expected"
}

rm -rf "$work"
mkdir -p "$work"
make_token
for pair in "$@"; do
    check_cab "${pair%%=*}" "${pair#*=}"
done

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all checks passed for the driver CABs of $*"
