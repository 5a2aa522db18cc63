#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The real x64 portio.sys under Wine inside the QEMU guest.
#
#   run_wine_guest.sh prepare WORK PORTIO_EXE PORTIO_SYS
#       On the host: the guest bed (kernel from tests/qemu/fetch_kernel.sh,
#       an initramfs with busybox, the 9p modules and guest_init.sh, the
#       static iopl_exec helper) and a Wine prefix with the driver installed
#       by "portio driver install" and stopped again, in WORK.
#   run_wine_guest.sh run WORK NAME [options] -- PROGRAM.exe [ARGS...]
#       Copies the prefix to WORK/NAME, puts the programs in C:\portio,
#       boots the guest with the host's root (read-only) and WORK/NAME
#       (writable) shared over 9p, starts the wineserver and the service
#       with port rights there and PROGRAM without them; the exit status is
#       PROGRAM's, read from the console line PORTIO-GUEST-EXIT=N.
#       --before 'WORDS'     a command run (without port rights) before
#                            PROGRAM, which must succeed; a word naming a
#                            copied file (portio.exe) becomes C:\portio\NAME
#                            (repeatable; words without spaces)
#       --after 'WORDS'      the same, after PROGRAM
#       --allowlist RANGES   AllowedPorts of the service, set before it starts
#       --expect-output TEXT PROGRAM's output must contain TEXT (repeatable)
#       --no-parallel        no parallel port (default: isa-parallel at 0x378)
#       --no-service         do not start the portio service in the guest
#       --copy FILE          one more file for C:\portio (repeatable)
#       --client-port-rights the commands run with port rights too (for the
#                            benchmark's bare instructions; tests leave it
#                            off, so that every byte goes through the driver)
#       --debugcon-expect F  the bytes QEMU's debugcon (port 0xE9) wrote must equal F
#       --lpt-expect FILE    the parallel port at 0x378 prints into a file
#                            (WORK/NAME/printed.bin; in the guest
#                            Z:\tmp\portio-work\printed.bin), which after
#                            the run must hold exactly FILE's bytes;
#                            repeated: the files one after the other
#       --timeout SECONDS    for the whole guest (default 600: a hang guard
#                            sized for a loaded machine, never a speed check)
# The debugcon file is WORK/NAME/debugcon.bin; in the guest the client sees
# it as Z:\tmp\portio-work\debugcon.bin.
# Exit status 77: a tool is missing and neither PORTIO_REQUIRE_QEMU nor
# PORTIO_REQUIRE_WINE is 1 (then it is a failure). Every Wine and QEMU step
# has a timeout; Wine's output goes to files, never into a pipe.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mode=${1:-}
work=${2:-}
[ -n "$mode" ] && [ -n "$work" ] || { echo "usage: run_wine_guest.sh prepare|run WORK ..." >&2; exit 2; }
shift 2
mkdir -p "$work"
work=$(cd "$work" && pwd -P) # Wine and 9p want absolute paths

unavailable() {
    echo "run_wine_guest: $*" >&2
    if [ "${PORTIO_REQUIRE_QEMU:-0}" = 1 ] || [ "${PORTIO_REQUIRE_WINE:-0}" = 1 ]; then
        echo "run_wine_guest: PORTIO_REQUIRE_QEMU/PORTIO_REQUIRE_WINE=1, so this is a failure" >&2
        exit 1
    fi
    echo "run_wine_guest: skipping (apt-get install qemu-system-x86 busybox-static cpio wine wine64)" >&2
    exit 77
}

export WINEDEBUG=-all WINEARCH=win64
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
unset DISPLAY WAYLAND_DISPLAY

# run_step SECONDS LOG COMMAND...: one host-side Wine step with a timeout;
# its output goes to LOG and is shown.
run_step() {
    local seconds=$1 log=$2
    shift 2
    local status=0
    timeout --kill-after=5 "$seconds" "$@" >"$log" 2>&1 </dev/null || status=$?
    echo "--- $(basename "$log" .log) (exit $status, log $log)"
    cat "$log"
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        echo "run_wine_guest: FAILED: '$*' did not finish within ${seconds}s" >&2
        exit 1
    fi
    return "$status"
}

prepare() {
    local portio_exe=$1 portio_sys=$2
    rm -rf "$work/bed" "$work/template"
    for tool in qemu-system-x86_64 cpio gzip wine wineserver wineboot gcc; do
        command -v "$tool" >/dev/null || unavailable "$tool is not installed"
    done
    local busybox
    busybox=$(command -v busybox) || unavailable "busybox-static is not installed"
    if ldd "$busybox" >/dev/null 2>&1; then unavailable "$busybox is not static"; fi
    local kernel
    kernel=$("$here/../qemu/fetch_kernel.sh") || unavailable "no kernel could be fetched"
    local modules
    modules=$(dirname "$(dirname "$kernel")")/lib/modules
    modules=$(echo "$modules"/*/kernel)
    [ -d "$modules" ] || unavailable "no kernel modules next to $kernel"

    # --- the guest bed ---
    local bed=$work/bed root
    mkdir -p "$bed"
    root=$(mktemp -d "$bed/root.XXXXXX")
    chmod 0755 "$root"
    mkdir -p "$root"/{bin,dev,proc,sys,modules,host}
    cp "$busybox" "$root/bin/busybox"
    install -m 0755 "$here/guest_init.sh" "$root/init"
    local module file
    for module in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci \
                  netfs fscache 9pnet 9pnet_virtio 9p; do
        file=$(find "$modules" -name "$module.ko*" | head -n 1)
        [ -n "$file" ] || unavailable "module $module not found under $modules"
        case $file in
            *.ko) cp "$file" "$root/modules/$module.ko" ;;
            *.ko.xz) xz -dc "$file" > "$root/modules/$module.ko" ;;
            *.ko.zst) zstd -qdc "$file" > "$root/modules/$module.ko" ;;
            *) unavailable "cannot unpack $file" ;;
        esac
    done
    (cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$bed/initramfs.cpio.gz"
    rm -rf "$root"
    ln -sf "$kernel" "$bed/vmlinuz"
    gcc -std=c11 -O2 -Wall -Wextra -Werror -static -o "$bed/iopl_exec" "$here/iopl_exec.c" ||
        unavailable "cannot build the static iopl_exec helper (libc6-dev)"

    # --- the Wine prefix, driver installed on the host ---
    local template=$work/template logs=$work/template-logs
    rm -rf "$logs"
    mkdir -p "$template" "$logs"
    export WINEPREFIX=$template/prefix
    trap 'timeout 30 wineserver -k >/dev/null 2>&1 || true' EXIT
    run_step 180 "$logs/1-wineboot.log" wineboot -i
    # Let the prefix settle: a service created right after wineboot was lost.
    run_step 120 "$logs/2-settle.log" wineserver -w
    (timeout 600 wineserver -p >"$logs/wineserver.log" 2>&1 </dev/null &)
    local dir=$WINEPREFIX/drive_c/portio
    mkdir -p "$dir"
    cp "$portio_exe" "$portio_sys" "$dir/"
    run_step 120 "$logs/3-install.log" wine 'C:\portio\portio.exe' driver install
    run_step 60 "$logs/4-status.log" wine 'C:\portio\portio.exe' driver status
    grep -q "installed, running" "$logs/4-status.log" ||
        { echo "run_wine_guest: FAILED: the driver does not run after install" >&2; exit 1; }
    # The guest starts it again, with port rights.
    run_step 60 "$logs/5-stop.log" wine sc stop portio
    run_step 60 "$logs/6-kill.log" wineserver -k || true
    run_step 120 "$logs/7-wait.log" wineserver -w
    trap - EXIT
    echo "run_wine_guest: bed and prefix ready in $work ($(du -sh "$template" | cut -f1) prefix)"
}

run() {
    local name=$1
    shift
    local parallel=yes service=yes timeout_seconds=600 debugcon_expect="" client_rights=no
    local copies=() befores=() afters=() expects=() lpt_expects=() allowlist=""
    while [ $# -gt 0 ]; do
        case $1 in
            --no-parallel) parallel=no; shift ;;
            --no-service) service=no; shift ;;
            --client-port-rights) client_rights=yes; shift ;;
            --copy) copies+=("$2"); shift 2 ;;
            --before) befores+=("$2"); shift 2 ;;
            --after) afters+=("$2"); shift 2 ;;
            --allowlist) allowlist=$2; shift 2 ;;
            --expect-output) expects+=("$2"); shift 2 ;;
            --debugcon-expect) debugcon_expect=$2; shift 2 ;;
            --lpt-expect) lpt_expects+=("$2"); shift 2 ;;
            --timeout) timeout_seconds=$2; shift 2 ;;
            --) shift; break ;;
            *) echo "run_wine_guest: unknown option $1" >&2; exit 2 ;;
        esac
    done
    [ $# -gt 0 ] || { echo "run_wine_guest: no program given" >&2; exit 2; }
    if [ ${#lpt_expects[@]} -gt 0 ] && [ "$parallel" = no ]; then
        echo "run_wine_guest: --lpt-expect needs the parallel port" >&2
        exit 2
    fi
    local bed=$work/bed
    if [ ! -f "$bed/initramfs.cpio.gz" ] || [ ! -f "$work/template/prefix/system.reg" ]; then
        unavailable "no bed in $work (the prepare step failed or was skipped)"
    fi
    local run_dir=$work/$name
    rm -rf "$run_dir"
    mkdir -p "$run_dir"
    cp -a "$work/template/prefix" "$run_dir/prefix"
    cp "$here/guest_run.sh" "$bed/iopl_exec" "$run_dir/"
    mkdir -p "$run_dir/prefix/drive_c/portio"
    cp "$1" "${copies[@]}" "$run_dir/prefix/drive_c/portio/"
    # Windows paths for the copied programs.
    local sed_script="" file
    for file in "$1" "${copies[@]}"; do
        sed_script="${sed_script}s|^$(basename "$file")\$|C:\\\\portio\\\\$(basename "$file")|;"
    done
    local line word words
    : > "$run_dir/commands"
    for line in "${befores[@]}" "$(basename "$1") ${*:2}" "${afters[@]}"; do
        words=()
        for word in $line; do words+=("$(sed "$sed_script" <<<"$word")"); done
        echo "${words[*]}" >> "$run_dir/commands"
    done
    if [ -n "$allowlist" ]; then echo "$allowlist" > "$run_dir/allowlist"; fi
    # PORTIO_WINEDEBUG: the guest's WINEDEBUG (default -all), for debugging.
    echo "${PORTIO_WINEDEBUG:--all}" > "$run_dir/winedebug"
    echo "$service" > "$run_dir/start-service"
    echo "$client_rights" > "$run_dir/client-port-rights"
    # Each client command's own limit, inside the guest's.
    local client_timeout=$((timeout_seconds - 90))
    [ "$client_timeout" -ge 10 ] || client_timeout=10
    echo "$client_timeout" > "$run_dir/client.timeout"
    local console=$run_dir/console.log debugcon=$run_dir/debugcon.bin printed=$run_dir/printed.bin
    : > "$debugcon"
    local devices=(-device "isa-debugcon,iobase=0xe9,chardev=dbg" -chardev "file,id=dbg,path=$debugcon")
    if [ "$parallel" = yes ]; then
        local lpt_chardev="null,id=lpt"
        if [ ${#lpt_expects[@]} -gt 0 ]; then
            : > "$printed"
            lpt_chardev="file,id=lpt,path=$printed"
        fi
        devices+=(-device "isa-parallel,chardev=lpt,iobase=0x378,irq=7" -chardev "$lpt_chardev")
    fi
    local start status=0
    start=$(date +%s%N)
    timeout --kill-after=10 "$timeout_seconds" qemu-system-x86_64 \
        -machine pc -accel tcg,thread=multi -m 3072 -smp 2 \
        -display none -monitor none -no-reboot \
        -serial "file:$console" -parallel none "${devices[@]}" \
        -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
        -virtfs "local,path=$run_dir,mount_tag=work,security_model=none,multidevs=remap" \
        -kernel "$bed/vmlinuz" -initrd "$bed/initramfs.cpio.gz" \
        -append "console=ttyS0 quiet panic=-1" </dev/null >"$run_dir/qemu.log" 2>&1 || status=$?
    local elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    tr -d '\r' < "$console" > "$run_dir/console.txt" || true
    echo "----- guest console ($name) -----"
    cat "$run_dir/console.txt"
    echo "----- end of guest console; QEMU ran ${elapsed_ms} ms (exit $status) -----"
    if [ -s "$run_dir/qemu.log" ]; then echo "QEMU said:"; cat "$run_dir/qemu.log"; fi
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        # What the guest's Wine steps wrote before it was stopped.
        for file in "$run_dir"/guest-logs/*.log; do
            [ -f "$file" ] || continue
            echo "----- guest log $(basename "$file") -----"
            tr -d '\r' < "$file"
        done
        echo "run_wine_guest: FAILED: the guest did not finish within ${timeout_seconds}s" >&2
        exit 1
    fi
    local verdict
    verdict=$(sed -n 's/^PORTIO-GUEST-EXIT=\([0-9]*\)$/\1/p' "$run_dir/console.txt" | tail -n 1)
    if [ -z "$verdict" ]; then
        echo "run_wine_guest: FAILED: the guest gave no verdict" >&2
        exit 1
    fi
    echo "run_wine_guest: port 0xE9 received $(wc -c < "$debugcon") bytes"
    if [ -n "$debugcon_expect" ] && ! cmp -s "$debugcon" "$debugcon_expect"; then
        echo "run_wine_guest: FAILED: port 0xE9 received other bytes than expected" >&2
        od -An -c "$debugcon" | head -20
        exit 1
    fi
    if [ ${#lpt_expects[@]} -gt 0 ]; then
        cat "${lpt_expects[@]}" > "$run_dir/printed-expected.bin"
        if ! cmp "$printed" "$run_dir/printed-expected.bin"; then
            echo "run_wine_guest: FAILED: the printer received $(wc -c < "$printed") bytes, other than the $(wc -c < "$run_dir/printed-expected.bin") of ${lpt_expects[*]}" >&2
            cmp -l "$printed" "$run_dir/printed-expected.bin" 2>&1 | head -10
            exit 1
        fi
        echo "run_wine_guest: the printer received exactly the $(wc -c < "$printed") bytes of ${lpt_expects[*]}"
    fi
    local expect
    for expect in "${expects[@]}"; do
        if ! grep -qF -- "$expect" "$run_dir/console.txt"; then
            echo "run_wine_guest: FAILED: the output does not contain '$expect'" >&2
            exit 1
        fi
        echo "run_wine_guest: the output contains '$expect'"
    done
    # The prefix copy is 700 MB: kept only when the run failed.
    [ "$verdict" = 0 ] && rm -rf "$run_dir/prefix"
    # A verdict of 77 from the client would read as a skip: it is a failure.
    [ "$verdict" = 77 ] && verdict=1
    exit "$verdict"
}

case $mode in
    prepare) prepare "$@" ;;
    run) run "$@" ;;
    *) echo "run_wine_guest: unknown mode $mode" >&2; exit 2 ;;
esac
