#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds portio's packages twice and compares them byte for byte:
#   check_reproducible.sh deb PORTIO_SOURCE WORK_DIR
#       the three .deb files (cpack -G DEB) and the source archive
#       (target portio_source_archive), each built in two copies of the
#       source;
#   check_reproducible.sh windows PORTIO_SOURCE WORK_DIR x86_64|i686 REFERENCE_ZIP BUILD_TYPE
#       the Windows release archive built again (tests/windows/make_archive.sh)
#       in one copy, compared with REFERENCE_ZIP, made by the Windows leg
#       from PORTIO_SOURCE itself.
# The copies differ in what must not matter: the folder names and their
# lengths (source and build), the umask (022, 002), the files' times, the
# time zone, the locale, and the clock (the builds run one after the other).
# SOURCE_DATE_EPOCH is unset, so the builds take it from the Debian
# changelog (cmake/portio_reproducible.cmake). Each copy is a clone of
# PORTIO_SOURCE's repository (so that the source archive, made from the
# commit, has one) with the working tree's files laid over it: uncommitted
# changes are built too, untracked files that git does not ignore as well.
# When two files differ, diffoscope (Debian: diffoscope-minimal) shows how,
# and the check fails. Not covered: a test-signed build
# (-DPORTIO_TEST_SIGN=ON), whose certificate is made anew in each build
# folder, so that its signed images differ every time.
# Exit 77 (skip) when a tool is missing, unless CI=true.
set -euo pipefail

kind=$1 source=$2 work=$3
started=$SECONDS

fail() {
    echo "reproducible: $*" >&2
    exit 1
}

# tool:package: what the builds (and CPack's DEB generator) run.
tools="cmake:cmake cpack:cmake git:git tar:tar cmp:diffutils"
case $kind in
deb) tools="$tools cc:gcc dpkg-buildflags:dpkg-dev dpkg-shlibdeps:dpkg-dev file:file readelf:binutils gzip:gzip" ;;
windows) tools="$tools x86_64-w64-mingw32-gcc:mingw-w64 i686-w64-mingw32-gcc:mingw-w64 zip:zip touch:coreutils" ;;
*) echo "usage: check_reproducible.sh deb|windows PORTIO_SOURCE WORK_DIR [...]" >&2; exit 2 ;;
esac
missing=()
for tool_and_package in $tools; do
    command -v "${tool_and_package%%:*}" >/dev/null || missing+=("${tool_and_package#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
    [ "${CI:-}" = true ] && fail "missing tools: apt-get install ${packages% }"
    echo "reproducible: skipped, missing tools (apt-get install ${packages% })"
    exit 77
fi
git -C "$source" rev-parse --git-dir >/dev/null 2>&1 ||
    fail "$source is not a git checkout: the copies are clones, and the source archive is made from the commit"

rm -rf "$work"
mkdir -p "$work"

# make_copy DIR UMASK: DIR holds a clone of the source's repository with the
# working tree's files over it, made under UMASK; tar applies the umask to
# the modes it extracts (--no-same-permissions), as a checkout would.
make_copy() {
    local dir=$1 mask=$2
    (
        umask "$mask"
        git clone --quiet --no-hardlinks "$source" "$dir"
        git -C "$source" ls-files -z --cached --others --exclude-standard |
            (cd "$source" && tar -cf - --null --no-recursion --ignore-failed-read --files-from=-) |
            tar -xf - -C "$dir" --no-same-permissions --no-same-owner
    )
}

# in_copy UMASK TZ LOCALE COMMAND...: runs the command under that umask,
# time zone and locale, with no SOURCE_DATE_EPOCH.
in_copy() {
    local mask=$1 zone=$2 locale=$3
    shift 3
    (umask "$mask" && env -u SOURCE_DATE_EPOCH TZ="$zone" LC_ALL="$locale" "$@")
}

# run LOG COMMAND...: quiet unless the command fails.
run() {
    local log=$1
    shift
    "$@" >"$work/$log.log" 2>&1 || { tail -n 40 "$work/$log.log" >&2; fail "failed: $*"; }
}

compared=()
# compare FIRST SECOND: byte for byte; diffoscope's report when they differ.
compare() {
    local first=$1 second=$2 name report
    name=$(basename "$first")
    [ -f "$first" ] || fail "$first was not made"
    [ -f "$second" ] || fail "$second was not made"
    if cmp -s "$first" "$second"; then
        compared+=("$name")
        return 0
    fi
    echo "reproducible: $name differs between the two builds:" >&2
    cmp "$first" "$second" >&2 || true
    report=$work/diffoscope-$name.txt
    if command -v diffoscope >/dev/null; then
        timeout 600 diffoscope --text "$report" --max-text-report-size 200000 "$first" "$second" \
            >/dev/null 2>&1 || true
        echo "diffoscope (all of it in $report):" >&2
        head -n 120 "$report" >&2
    else
        echo "(apt-get install diffoscope-minimal to see how)" >&2
    fi
    fail "$name is not reproducible"
}

first=$work/a
# Longer names, a folder deeper.
second=$work/second-copy-with-a-longer-name/and-deeper

case $kind in
deb)
    make_copy "$first/portio" 022
    make_copy "$second/portio-source-tree" 002
    # Every file of the second copy ten years older.
    find "$second/portio-source-tree" -exec touch -h -d '2016-02-29 12:00:00' {} +
    configure=(-DBUILD_SHARED_LIBS=ON -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_BUILD_TYPE=Release
        -DPORTIO_BUILD_TESTS=OFF -DPORTIO_DEBIAN_BUILD=ON)
    # build LABEL SOURCE BUILD UMASK TZ LOCALE
    build() {
        local label=$1 src=$2 out=$3
        shift 3
        run "$label-configure" in_copy "$@" cmake -S "$src" -B "$out" "${configure[@]}"
        run "$label-build" in_copy "$@" cmake --build "$out" -j 2
        (cd "$out" && run "$label-cpack" in_copy "$@" cpack -G DEB)
        run "$label-source-archive" in_copy "$@" cmake --build "$out" --target portio_source_archive
    }
    build first "$first/portio" "$first/build" 022 UTC0 C
    build second "$second/portio-source-tree" "$second/b" 002 XYZ-13 C.UTF-8
    version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$first/build/CMakeCache.txt")
    architecture=$(dpkg --print-architecture)
    for package in libportio0 libportio-dev portio-tools; do
        compare "$first/build/${package}_${version}_$architecture.deb" "$second/b/${package}_${version}_$architecture.deb"
    done
    compare "$first/build/portio-$version.tar.gz" "$second/b/portio-$version.tar.gz"
    # The source archive holds the commit's files, under portio-VERSION/.
    listed=$(tar -tzf "$first/build/portio-$version.tar.gz" | grep -v '/$' | sort)
    committed=$(git -C "$first/portio" ls-tree -r --name-only HEAD | sed "s|^|portio-$version/|" | sort)
    [ "$listed" = "$committed" ] ||
        fail "portio-$version.tar.gz does not hold exactly the commit's files:"$'\n'"$(diff <(echo "$committed") <(echo "$listed") | head -n 20)"
    # Every entry's time is the changelog's latest date.
    changelog_date=$(sed -n 's/^ -- .*>  //p' "$source/cmake/debian/changelog" | head -n 1)
    expected_time=$(date -u -d "$changelog_date" '+%Y-%m-%d %H:%M:%S')
    entry_times=$(dpkg-deb --fsys-tarfile "$first/build/portio-tools_${version}_$architecture.deb" |
        tar -tv --full-time --utc | awk '{ print $4, $5 }' | sort -u)
    [ "$entry_times" = "$expected_time" ] ||
        fail "portio-tools' files are dated $entry_times, not the changelog's $changelog_date ($expected_time UTC)"
    ;;
windows)
    architecture=${4:?architecture} reference=${5:?reference archive} build_type=${6:?build type}
    make_copy "$second/portio-source-tree" 002
    find "$second/portio-source-tree" -exec touch -h -d '2016-02-29 12:00:00' {} +
    in_copy 002 XYZ-13 C.UTF-8 "$second/portio-source-tree/tests/windows/make_archive.sh" \
        "$second/portio-source-tree" "$second/b" "$architecture" "$build_type" "$work/logs" \
        >"$work/make_archive.log" 2>&1 || { tail -n 40 "$work/make_archive.log" >&2; fail "make_archive.sh failed"; }
    compare "$reference" "$second/b/$(basename "$reference")"
    ;;
esac

echo "reproducible: ${compared[*]} identical, built in two folders with different umasks, times, time zones and locales ($((SECONDS - started)) s)"
echo "reproducible: not covered: a test-signed build (-DPORTIO_TEST_SIGN=ON), whose certificate each build folder makes anew"
