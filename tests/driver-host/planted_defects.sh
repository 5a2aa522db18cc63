#!/bin/sh
# Shows that the driver-host tests catch real defects: plants each of six
# defects in a copy of drivers/windows, builds the harness against the
# copy, and requires the tests to fail. Fails when a defect goes uncaught,
# or when a defect can no longer be planted (the code it targets changed:
# update the defect here).
#   planted_defects.sh BUILD_DIR [CMAKE ARGS...]
# e.g. tests/run_all.sh runs it with the 32-bit compiler, where the grant
# (defect 2) exists. With PLANTED_DEFECTS_FUZZ_SECONDS=N (and clang), the
# fuzzer fuzz_driver_requests hunts each defect too, from the seed corpus,
# for at most N seconds, and the time it took is reported.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
driver=$here/../../drivers/windows
work=$1
shift
rm -rf "$work"
mkdir -p "$work"

# plant NAME FILE PERL-SUBSTITUTION CMAKE-ARGS...: the substitution must
# change the file.
caught=0
planted=0
plant() {
    name=$1 file=$2 substitution=$3
    shift 3 # the rest: the script's CMake arguments
    copy=$work/$name/driver
    mkdir -p "$copy"
    cp "$driver"/*.c "$driver"/*.h "$copy/"
    perl -0pi -e "$substitution" "$copy/$file"
    if cmp -s "$driver/$file" "$copy/$file"; then
        echo "planted_defects: $name: the code it targets is gone from $file; update this script" >&2
        exit 1
    fi
    planted=$((planted + 1))
    cmake -S "$here" -B "$work/$name/build" -DPORTIO_DRIVER_SOURCE_DIR="$copy" "$@" >/dev/null
    cmake --build "$work/$name/build" --target test_driver_load test_driver_requests test_driver_grant \
        >"$work/$name/build.log" 2>&1 || { cat "$work/$name/build.log"; exit 1; }
    failed=""
    for test in test_driver_load test_driver_requests test_driver_grant; do
        if ! "$work/$name/build/$test" >"$work/$name/$test.log" 2>&1; then
            failed="$failed $test"
            why=$(grep -m1 'violation' "$work/$name/$test.log" | cut -c1-160)
        fi
    done
    if [ -n "$failed" ]; then
        caught=$((caught + 1))
        echo "planted_defects: $name: caught by$failed: $why"
    else
        echo "planted_defects: $name: NOT caught" >&2
    fi
    if [ -n "${PLANTED_DEFECTS_FUZZ_SECONDS:-}" ]; then
        cmake --build "$work/$name/build" --target fuzz_driver_requests >>"$work/$name/build.log" 2>&1 ||
            { cat "$work/$name/build.log"; exit 1; }
        mkdir -p "$work/$name/corpus"
        start=$(date +%s)
        if "$work/$name/build/fuzz_driver_requests" -max_total_time="$PLANTED_DEFECTS_FUZZ_SECONDS" \
            -artifact_prefix="$work/$name/" "$work/$name/corpus" "$here/corpus/fuzz_driver_requests" \
            >"$work/$name/fuzz.log" 2>&1; then
            echo "planted_defects: $name: the fuzzer did not find it in $PLANTED_DEFECTS_FUZZ_SECONDS s"
        else
            runs=$(grep -o '^#[0-9]*' "$work/$name/fuzz.log" | tail -n 1)
            echo "planted_defects: $name: the fuzzer found it after $(($(date +%s) - start)) s (${runs:-#?} runs):" \
                "$(grep -m1 -E 'violation|ERROR' "$work/$name/fuzz.log" | cut -c1-140)"
        fi
    fi
}

plant enable_without_allowlist portio_driver.c \
    's/\n    if \(!portio_allowlist_permits\(&allowlist, request\.first, request\.count\)\)\n        return STATUS_PRIVILEGE_NOT_HELD;//' "$@"
plant close_keeps_grant portio_driver.c \
    's/(    if \(handle\) \{\n)        revoke_grant_of\(handle\);\n(        stack->FileObject->FsContext = NULL;)/$1$2/' "$@"
plant span_one_port_short request_check.c \
    's/const uint32_t mask = \(\(1u << bytes\) - 1u\) << \(port % 8u\);/const uint32_t mask = (((1u << bytes) - 1u) >> (bytes > 1u)) << (port % 8u);/' "$@"
plant irp_completed_twice portio_driver.c \
    's/(    default:\n)(        status = STATUS_INVALID_DEVICE_REQUEST;)/$1        complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);\n$2/' "$@"
plant sequence_value_one_slot_on portio_driver.c \
    's/SIZE_T value_at = sizeof reply;/SIZE_T value_at = sizeof reply + sizeof(uint32_t);/' "$@"
plant critical_region_unbalanced portio_driver.c \
    's/(    ExReleaseFastMutexUnsafe\(mutex\);\n)    KeLeaveCriticalRegion\(\);\n/$1/' "$@"

echo "planted_defects: $caught of $planted defects caught"
[ "$caught" = "$planted" ] && [ "$planted" = 6 ]
