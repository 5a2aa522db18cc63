#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots the test guest prepared by prepare_guest.sh and runs one program in
# it as root; the exit status is the program's.
#   run_guest.sh BED_DIR [options] -- PROGRAM [ARGS...]
# options:
#   --append WORDS           more kernel parameters (lockdown=integrity,
#                            PORTIO_BACKEND=devport: NAME=value words become
#                            the program's environment)
#   --ppdev                  load parport, parport_pc and ppdev in the guest
#                            and give /dev/parport0 to the lp group (0660)
#   --no-parallel            no parallel port (the default has one at 0x378)
#   --parallel-base PORT     the parallel port at PORT instead
#   --second-parallel PORT   a second parallel port at PORT (IRQ 5, nothing
#                            attached); with --ppdev, find each port's
#                            /dev/parportN by its base-addr, not its number
#   --debugcon-expect FILE   the bytes written to port 0xE9 must equal FILE
#   --lpt-file-expect FILE   the parallel port's character device is a file
#                            on the host (a printer that keeps every byte
#                            strobed); after the run it must equal FILE
#   --timeout SECONDS        for the whole boot (default 180)
# Exit status 77: the bed is not prepared (prepare_guest.sh skipped); with
# PORTIO_REQUIRE_QEMU=1 that is a failure instead.
set -euo pipefail

bed=$1
shift
append=""
parallel_base=0x378
second_parallel=""
debugcon_expect=""
lpt_expect=""
timeout_seconds=180
while [ $# -gt 0 ]; do
    case $1 in
        --append) append="$append $2"; shift 2 ;;
        --ppdev) append="$append PORTIO_GUEST_PPDEV=1"; shift ;;
        --no-parallel) parallel_base=""; shift ;;
        --parallel-base) parallel_base=$2; shift 2 ;;
        --second-parallel) second_parallel=$2; shift 2 ;;
        --debugcon-expect) debugcon_expect=$2; shift 2 ;;
        --lpt-file-expect) lpt_expect=$2; shift 2 ;;
        --timeout) timeout_seconds=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "run_guest: unknown option $1" >&2; exit 2 ;;
    esac
done
[ $# -gt 0 ] || { echo "run_guest: no program given" >&2; exit 2; }

if [ ! -f "$bed/initramfs.cpio.gz" ] || [ ! -e "$bed/vmlinuz" ]; then
    echo "run_guest: no test bed in $bed (prepare_guest.sh did not run or was skipped)" >&2
    [ "${PORTIO_REQUIRE_QEMU:-0}" = 1 ] && exit 1
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/portio-guest.XXXXXX")
trap 'rm -rf "$work"' EXIT
console="$work/console.log"
debugcon="$work/debugcon.bin"
printed="$work/printed.bin"
if [ -n "$lpt_expect" ] && [ -z "$parallel_base" ]; then
    echo "run_guest: --lpt-file-expect needs a parallel port" >&2
    exit 2
fi

devices=(-device "isa-debugcon,iobase=0xe9,chardev=dbg" -chardev "file,id=dbg,path=$debugcon")
if [ -n "$parallel_base" ]; then
    lpt_chardev="null,id=lpt"
    [ -n "$lpt_expect" ] && lpt_chardev="file,id=lpt,path=$printed"
    devices+=(-device "isa-parallel,chardev=lpt,iobase=$parallel_base,irq=7" -chardev "$lpt_chardev")
fi
if [ -n "$second_parallel" ]; then
    devices+=(-device "isa-parallel,chardev=lpt2,iobase=$second_parallel,irq=5" -chardev "null,id=lpt2")
fi

start=$(date +%s%N)
set +e
timeout --kill-after=10 "$timeout_seconds" qemu-system-x86_64 \
    -machine pc -accel tcg -m 512 -smp 2 \
    -display none -monitor none -no-reboot \
    -serial "file:$console" \
    -parallel none "${devices[@]}" \
    -kernel "$bed/vmlinuz" -initrd "$bed/initramfs.cpio.gz" \
    -append "console=ttyS0 quiet panic=-1 $append -- $*" </dev/null
qemu_status=$?
set -e
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))

tr -d '\r' < "$console" > "$work/console.txt" || true
echo "----- guest console ($*) -----"
cat "$work/console.txt"
echo "----- end of guest console; QEMU ran ${elapsed_ms} ms -----"

if [ "$qemu_status" = 124 ] || [ "$qemu_status" = 137 ]; then
    echo "run_guest: FAILED: the guest did not finish within ${timeout_seconds}s" >&2
    exit 1
fi
verdict=$(sed -n 's/^PORTIO-GUEST-EXIT=\([0-9]*\)$/\1/p' "$work/console.txt" | tail -n 1)
if [ -z "$verdict" ]; then
    echo "run_guest: FAILED: the guest gave no verdict (QEMU exit status $qemu_status)" >&2
    exit 1
fi
if [ -n "$debugcon_expect" ]; then
    if ! cmp -s "$debugcon" "$debugcon_expect"; then
        echo "run_guest: FAILED: port 0xE9 received other bytes than expected" >&2
        echo "expected:"; od -An -c "$debugcon_expect" | head -20
        echo "received:"; od -An -c "$debugcon" | head -20
        exit 1
    fi
    echo "run_guest: port 0xE9 received the expected $(wc -c < "$debugcon") bytes"
fi
if [ -n "$lpt_expect" ]; then
    if ! cmp "$printed" "$lpt_expect"; then
        echo "run_guest: FAILED: the printer received $(wc -c < "$printed") bytes, other than the $(wc -c < "$lpt_expect") of $lpt_expect" >&2
        echo "first differences (offset, received, expected, octal):"
        cmp -l "$printed" "$lpt_expect" 2>&1 | head -10
        exit 1
    fi
    echo "run_guest: the printer received exactly the $(wc -c < "$printed") bytes of $lpt_expect"
fi
exit "$verdict"
