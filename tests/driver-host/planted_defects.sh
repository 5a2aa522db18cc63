#!/bin/sh
# SPDX-License-Identifier: MIT
# Shows that the driver-host tests catch real defects: plants each defect
# in a copy of drivers/windows, builds the harness against the copy, and
# requires the tests to fail. Fails when a defect goes uncaught, or when a
# defect can no longer be planted (the code it targets changed: update the
# defect here).
#   planted_defects.sh BUILD_DIR [CMAKE ARGS...]
# PLANTED_DEFECTS="NAME..." plants only those (default: all). e.g.
# tests/run_all.sh runs all of them with the 32-bit compiler, where the
# grant (close_keeps_grant) exists, and the concurrency defects again under
# ThreadSanitizer, which has no 32-bit build. The log names the property
# each broke. With PLANTED_DEFECTS_FUZZ_SECONDS=N (and clang), the
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
skipped=0
# The names, one space apart whatever separated them (a newline too).
# shellcheck disable=SC2086
selected=$(echo ${PLANTED_DEFECTS:-})
# Caught only where ThreadSanitizer watches: a lost update needs two
# threads inside one byte's read-modify-write at once, which a run without
# it meets too rarely to count on.
tsan_only="handle_lock_taken_out_of_enable"
tsan=no
for argument in "$@"; do
    case $argument in -DPORTIO_SANITIZE=thread) tsan=yes ;; esac
done
tests="test_driver_load test_driver_requests test_driver_grant test_driver_concurrency"
# ThreadSanitizer: stop at the first report, which names the race.
export TSAN_OPTIONS="halt_on_error=1 ${TSAN_OPTIONS:-}"
# reason LOG: what broke, from a failed test's log: the harness's
# violation, or a sanitizer's report with the code it points at.
reason() {
    case_name=$(sed -n 's/^FAILED //p' "$1" | head -n 1)
    line=$(grep -m1 -E 'violation:|ERROR: AddressSanitizer|runtime error' "$1" | cut -c1-220)
    if [ -z "$line" ] && grep -q 'WARNING: ThreadSanitizer' "$1"; then
        # the first frame of each of the two racing accesses
        line="ThreadSanitizer: $(grep -m1 -o 'WARNING: ThreadSanitizer: [a-z -]*[a-z]' "$1" | cut -d' ' -f3-):$(
            grep -E '^ +#0 ' "$1" | head -n 2 | awk '{ n = split($3, p, "/"); printf " %s (%s)", $2, p[n] }')"
    fi
    echo "${case_name:+$case_name: }${line:-no message}"
}

plant() {
    name=$1 file=$2 substitution=$3
    shift 3 # the rest: the script's CMake arguments
    if [ -n "$selected" ]; then
        case " $selected " in
        *" $name "*) ;;
        *) return 0 ;;
        esac
    fi
    case " $tsan_only " in
    *" $name "*)
        if [ "$tsan" = no ]; then
            skipped=$((skipped + 1))
            echo "planted_defects: $name: left to the ThreadSanitizer run"
            return 0
        fi
        ;;
    esac
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
    # shellcheck disable=SC2086
    cmake --build "$work/$name/build" --target $tests >"$work/$name/build.log" 2>&1 ||
        { cat "$work/$name/build.log"; exit 1; }
    failed=""
    why=""
    for test in $tests; do
        if ! "$work/$name/build/$test" >"$work/$name/$test.log" 2>&1; then
            failed="$failed $test"
            # the concurrent tests' reason first: the property they assert
            if [ -z "$why" ] || [ "$test" = test_driver_concurrency ]; then
                why=$(reason "$work/$name/$test.log")
            fi
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
# Concurrency: each breaks the locks, which only requests at once show.
plant request_lock_taken_out portio_driver.c 's/^    (un)?lock\(&request_lock\);\n//mg' "$@"
plant handle_lock_taken_out_of_enable portio_driver.c \
    's/    lock\(&handle->lock\);\n(    portio_bitmap_set\(handle->enabled, request\.first, request\.count, TRUE\);.*?)    unlock\(&handle->lock\);\n/$1/s' "$@"
plant lock_order_reversed portio_driver.c \
    's/    lock\(&handle->lock\);\n    lock\(&request_lock\);\n(    NTSTATUS status = check_status\(portio_check_transfer)/    lock(&request_lock);\n    lock(&handle->lock);\n$1/' "$@"
plant cleanup_frees_state_in_flight portio_driver.c \
    's/        lock\(&handle->lock\);\n        revoke_grant_of\(handle\);\n        unlock\(&handle->lock\);\n/        revoke_grant_of(handle);\n        stack->FileObject->FsContext = NULL;\n        ExFreePoolWithTag(handle, POOL_TAG);\n/' "$@"
plant double_release portio_driver.c \
    's/(    unlock\(&request_lock\);\n    unlock\(&handle->lock\);\n    return status;\n\}\n\nstatic NTSTATUS stats)/    unlock(&request_lock);\n$1/' "$@"

all=11
[ -z "$selected" ] || all=$(echo "$selected" | wc -w)
if [ "$skipped" -gt 0 ]; then
    echo "planted_defects: $caught of $planted defects caught, $skipped left to the ThreadSanitizer run"
else
    echo "planted_defects: $caught of $planted defects caught"
fi
[ "$caught" = "$planted" ] && [ "$planted" = "$((all - skipped))" ]
