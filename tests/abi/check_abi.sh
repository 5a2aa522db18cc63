#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Compares the ABI of libportio built from this tree with the one recorded in
# abi/ (record_abi.sh), with libabigail's abidiff:
#   check_abi.sh PORTIO_SOURCE WORK_DIR [C_COMPILER]
# The library is built in WORK_DIR, shared, with debug info and without
# sanitizers, whatever the calling build is: a static build has no ABI to
# read, and a sanitizer's instrumentation is not part of it.
#   - same ABI, or only additions (functions, variables; printed): pass;
#   - any other change to what the record holds (a removed symbol, a
#     changed parameter or return type, a changed layout of a type of
#     portio.h): fail, with abidiff's report and what to do;
#   - a SONAME with no record (the SONAME changed): pass, saying what changed
#     against the old record and that the new SONAME's ABI must be recorded.
# abidiff's exit status is a bit field: 4 an ABI change, 8 an incompatible
# one. libabigail sets 8 for removed symbols only; a changed type or
# parameter is "harmful", 4 (for a human to judge). A changed layout of
# portio_batch_op breaks every caller, so the check fails on 4 too once
# additions are left out (--no-added-syms). Harmless changes (an enumerator
# added, a typedef renamed) are filtered by abidiff itself.
# Exit 77 (skip) when a tool is missing, unless CI=true.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: check_abi.sh PORTIO_SOURCE WORK_DIR [C_COMPILER]" >&2
    exit 2
fi
source=$1 work=$2 compiler=${3:-cc}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=abi_common.sh
. "$here/abi_common.sh"
abi_missing_tools abidw:abigail-tools abidiff:abigail-tools readelf:binutils cmake:cmake

fail() {
    echo "abi_libportio: $*" >&2
    exit 1
}

rm -rf "$work"
mkdir -p "$work"
library=$(abi_build_library "$source" "$work/build" -DCMAKE_C_COMPILER="$compiler")
soname=$(abi_soname "$library")
[ -n "$soname" ] || fail "$library has no SONAME"
abi_dump "$source" "$library" "$work/$soname.abi"
record=$source/abi/$soname.abi
what_to_do="Either restore compatibility (add a new function instead of changing one; leave
the public structs as they are), or, if the break is deliberate, give the library a
new SONAME (SOVERSION, from PORTIO_VERSION_MAJOR in include/portio.h) and record its
ABI: tests/abi/record_abi.sh linux; then git rm the old record (docs/testing.md, \"The ABI\")."

# compare RECORD OPTIONS...: abidiff RECORD against the build; the report in
# $work/report.txt, the status in $status. 1 and 2 are abidiff's own errors.
compare() {
    local against=$1
    shift
    status=0
    abidiff "$@" "$against" "$work/$soname.abi" >"$work/report.txt" 2>&1 || status=$?
    if [ $((status & 3)) -ne 0 ]; then
        cat "$work/report.txt" >&2
        fail "abidiff failed (exit $status) comparing $against with $work/$soname.abi"
    fi
}

if [ ! -f "$record" ]; then
    old=$(find "$source/abi" -maxdepth 1 -name 'libportio.so.*.abi' 2>/dev/null | sort | tail -n 1)
    [ -n "$old" ] || fail "no ABI is recorded (abi/libportio.so.*.abi): record it with tests/abi/record_abi.sh linux"
    compare "$old" --ignore-soname
    echo "abi_libportio: the SONAME changed: the library is $soname, the record is $(basename "$old")."
    echo "Incompatible changes come with a new SONAME; against the old record (abidiff exit $status):"
    cat "$work/report.txt"
    echo "abi_libportio: record $soname's ABI now (tests/abi/record_abi.sh linux) and git rm $(basename "$old"),"
    echo "so that the check guards the new ABI; until then it guards nothing."
    exit 0
fi

# What breaks callers: everything but additions.
compare "$record" --no-added-syms
if [ "$status" -ne 0 ]; then
    echo "abi_libportio: $soname built from this tree is not compatible with abi/$soname.abi (abidiff exit $status):"
    cat "$work/report.txt"
    echo "$what_to_do"
    fail "incompatible ABI change in $soname without a new SONAME (abidiff's report above)"
fi

compare "$record"
if [ "$status" -eq 0 ]; then
    echo "abi_libportio: $soname has the ABI recorded in abi/$soname.abi ($(grep -c '<elf-symbol ' "$record") symbols)"
else
    echo "abi_libportio: $soname adds to the ABI recorded in abi/$soname.abi (compatible):"
    cat "$work/report.txt"
    echo "abi_libportio: compatible additions; record them with tests/abi/record_abi.sh linux when they are released"
fi
