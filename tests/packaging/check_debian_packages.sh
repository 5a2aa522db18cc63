#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds portio's Debian packages with `cpack -G DEB` and checks them the way
# a distribution and a user would:
#   check_debian_packages.sh PORTIO_SOURCE WORK_DIR
# the three packages' names, versions, control fields, SONAME and shlibs;
# which package holds which file (each file in one package, every installed
# file in some package); each copyright file cmake/debian/copyright (MIT);
# then, unpacked into a scratch root, the packaging tests' consumer built
# against it with find_package and with pkg-config, the glibc-style program
# on portio::sys_io, the root's lpt_probe --simulate, and lintian --pedantic:
# an error, a hardening tag, any tag on the copyright file, or any tag that
# docs/testing.md does not list as accepted (with why) fails, and so does a
# listed tag lintian no longer reports. The packages come from a build with
# Debian's hardening flags (PORTIO_DEBIAN_BUILD). A static build must be
# refused with a reason.
# Exit 77 (skip) when a tool is missing, unless CI=true.
set -euo pipefail

source=$1 work=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
started=$SECONDS

fail() {
    echo "packaging_deb: $*" >&2
    exit 1
}

# tool:package: each tool the check (and CPack's DEB generator: file,
# dpkg-shlibdeps, readelf) runs, and the Debian package holding it.
missing=()
for tool_and_package in cmake:cmake cpack:cmake cc:gcc dpkg-deb:dpkg dpkg-shlibdeps:dpkg-dev \
        dpkg-architecture:dpkg-dev file:file lintian:lintian pkg-config:pkgconf readelf:binutils ldd:libc-bin; do
    command -v "${tool_and_package%%:*}" >/dev/null || missing+=("${tool_and_package#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
    if [ "${CI:-}" = true ]; then
        fail "missing tools: apt-get install ${packages% }"
    fi
    echo "packaging_deb: skipped, missing tools (apt-get install ${packages% })"
    exit 77
fi

rm -rf "$work"
mkdir -p "$work"
build=$work/portio-build
root=$work/root

version=$(for part in MAJOR MINOR PATCH; do
    sed -n "s/^#define PORTIO_VERSION_$part \\([0-9]*\\)\$/\\1/p" "$source/include/portio.h"; done | paste -sd.)
architecture=$(dpkg --print-architecture)
libdir=usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)

# run LOG COMMAND...: quiet unless the command fails.
run() {
    local log=$1
    shift
    "$@" >"$work/$log.log" 2>&1 || { cat "$work/$log.log" >&2; fail "failed: $*"; }
}

run configure cmake -S "$source" -B "$build" -DBUILD_SHARED_LIBS=ON -DCMAKE_INSTALL_PREFIX=/usr \
    -DCMAKE_BUILD_TYPE=Release -DPORTIO_BUILD_TESTS=OFF -DPORTIO_DEBIAN_BUILD=ON
run build cmake --build "$build" -j 2
(cd "$build" && run cpack cpack -G DEB)

# Exactly the three packages, named for the version and architecture.
expected_files=$(printf '%s\n' "libportio-dev_${version}_$architecture.deb" \
    "libportio0_${version}_$architecture.deb" "portio-tools_${version}_$architecture.deb")
found_files=$(find "$build" -maxdepth 1 -name "*.deb" -printf "%f\n" | sort)
[ "$found_files" = "$expected_files" ] ||
    fail "expected the packages"$'\n'"$expected_files"$'\n'"found"$'\n'"$found_files"
deb() { echo "$build/${1}_${version}_$architecture.deb"; }

# field PACKAGE FIELD: one control field.
field() { dpkg-deb -f "$(deb "$1")" "$2"; }
expect_field() {
    local actual
    actual=$(field "$1" "$2")
    [ "$actual" = "$3" ] || fail "$1: $2 is '$actual', expected '$3'"
}
# expect_depends PACKAGE REGEX: one of the package's dependencies matches.
expect_depends() {
    field "$1" Depends | tr ',' '\n' | sed 's/^ *//' | grep -qxE "$2" ||
        fail "$1: Depends '$(field "$1" Depends)' has nothing like '$2'"
}
for package_and_section in libportio0:libs libportio-dev:libdevel portio-tools:utils; do
    package=${package_and_section%%:*}
    expect_field "$package" Package "$package"
    expect_field "$package" Version "$version"
    expect_field "$package" Architecture "$architecture"
    expect_field "$package" Section "${package_and_section#*:}"
    expect_field "$package" Source portio
    [ -n "$(field "$package" Maintainer)" ] || fail "$package: no Maintainer"
    [ "$(field "$package" Description | wc -l)" -gt 2 ] || fail "$package: no long description"
done
expect_depends libportio0 'libc6 \(>= [0-9.]+\)'
expect_depends portio-tools 'libc6 \(>= [0-9.]+\)'
expect_depends libportio-dev "libportio0 \\(= ${version//./\\.}\\)"
expect_depends portio-tools "libportio0 \\(= ${version//./\\.}\\)"

# control_file PACKAGE FILE: a file of the package's control archive.
control_file() { dpkg-deb --ctrl-tarfile "$(deb "$1")" | tar -xOf - "./$2"; }
shlibs=$(control_file libportio0 shlibs) || fail "libportio0 has no shlibs file"
[ "$shlibs" = "libportio 0 libportio0 (>= $version)" ] ||
    fail "libportio0's shlibs is '$shlibs', expected 'libportio 0 libportio0 (>= $version)'"
control_file libportio0 triggers | grep -qx 'activate-noawait ldconfig' ||
    fail "libportio0 does not activate the ldconfig trigger"

# Which package holds what: each file's path (dpkg-deb's ./ dropped), not
# the directories.
for package in libportio0 libportio-dev portio-tools; do
    dpkg-deb -c "$(deb "$package")" | awk '$1 !~ /^d/ { print substr($6, 3) }' | sort >"$work/$package.files"
done
# expect_only PACKAGE REGEX: every file of the package matches.
expect_only() {
    local others
    others=$(grep -vxE "$2" "$work/$1.files" || true)
    [ -z "$others" ] || fail "$1 holds files that belong elsewhere:"$'\n'"$others"
}
# expect_holds PACKAGE PATH...
expect_holds() {
    local package=$1 path
    shift
    for path in "$@"; do
        grep -qxF "$path" "$work/$package.files" || fail "$package does not hold $path"
    done
}
documents="usr/share/doc/PACKAGE/(copyright|changelog\\.gz)"
expect_only libportio0 "$libdir/libportio\\.so\\.0(\\.[0-9]+\\.[0-9]+)?|${documents/PACKAGE/libportio0}"
expect_only libportio-dev "usr/include/portio\\.h|usr/include/portio-compat/sys/io\\.h|$libdir/libportio(_sys_io\\.a|\\.so)|$libdir/pkgconfig/portio-sys-io\\.pc|$libdir/cmake/portio/[^/]+\\.cmake|$libdir/pkgconfig/portio\\.pc|usr/share/man/man3/[^/]+\\.3\\.gz|${documents/PACKAGE/libportio-dev}"
expect_only portio-tools "usr/bin/[^/]+|usr/share/man/man1/[^/]+\\.1\\.gz|${documents/PACKAGE/portio-tools}"
for package in libportio0 libportio-dev portio-tools; do
    expect_holds "$package" "usr/share/doc/$package/copyright" "usr/share/doc/$package/changelog.gz"
done
expect_holds libportio0 "$libdir/libportio.so.0" "$libdir/libportio.so.$version"
expect_holds libportio-dev usr/include/portio.h "$libdir/libportio.so" "$libdir/pkgconfig/portio.pc" \
    "$libdir/cmake/portio/portioConfig.cmake" "$libdir/cmake/portio/portioConfigVersion.cmake" \
    "$libdir/cmake/portio/portioTargets.cmake" usr/include/portio-compat/sys/io.h \
    "$libdir/libportio_sys_io.a" "$libdir/pkgconfig/portio-sys-io.pc"
expect_holds portio-tools usr/bin/portio usr/bin/lpt_probe usr/bin/cmos_clock usr/bin/pci_list \
    usr/bin/smbus_eeprom usr/bin/lpt_print
# Each package's copyright file is cmake/debian/copyright, which names MIT
# for every file and holds LICENSE's text (the licence check compares the
# two).
for package in libportio0 libportio-dev portio-tools; do
    dpkg-deb --fsys-tarfile "$(deb "$package")" | tar -xOf - "./usr/share/doc/$package/copyright" \
        >"$work/$package.copyright"
    cmp -s "$work/$package.copyright" "$source/cmake/debian/copyright" ||
        fail "$package: usr/share/doc/$package/copyright is not cmake/debian/copyright"
done
grep -qx 'License: MIT' "$work/portio-tools.copyright" && grep -q '^ Permission is hereby granted' \
    "$work/portio-tools.copyright" || fail "portio-tools' copyright file does not carry the MIT licence"
twice=$(sort "$work"/*.files | uniq -d)
[ -z "$twice" ] || fail "files in two packages:"$'\n'"$twice"
# Every file a full install makes is in a package (a component left out of
# the packages would be missing here); man pages are gzipped in packages;
# share/doc/portio/LICENSE is in each copyright file instead.
DESTDIR=$work/full-install cmake --install "$build" >"$work/full-install.log"
missing_files=$( (cd "$work/full-install" && find . ! -type d | sed 's|^\./||' | sort) |
    while read -r path; do
        [ "$path" = usr/share/doc/portio/LICENSE ] && continue
        [[ $path == usr/share/man/* && $path != *.gz ]] && path=$path.gz
        grep -qxF "$path" "$work"/*.files || echo "$path"
    done)
[ -z "$missing_files" ] || fail "installed but in no package:"$'\n'"$missing_files"

# The scratch root, as if dpkg had installed the three.
for package in libportio0 libportio-dev portio-tools; do
    dpkg -x "$(deb "$package")" "$root"
done
library=$root/$libdir/libportio.so.$version
readelf -d "$library" | grep -q 'SONAME.*\[libportio\.so\.0\]' || fail "libportio.so.$version has no SONAME libportio.so.0"
for binary in "$library" "$root"/usr/bin/*; do
    ! readelf -S --wide "$binary" | grep -q '\.symtab' || fail "${binary#"$root"/} is not stripped"
done

# uses_root_library PROGRAM: the program loads the root's libportio.so.0.
uses_root_library() {
    local libraries
    libraries=$(LD_LIBRARY_PATH="$root/$libdir" ldd "$1")
    grep -qF "libportio.so.0 => $root/$libdir/libportio.so.0" <<<"$libraries" ||
        fail "${1#"$work"/} does not load the root's libportio.so.0:"$'\n'"$libraries"
}

# The consumer with find_package, from the root only.
run consumer-find-configure cmake -S "$here/consumer" -B "$work/consumer-find" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$root/usr"
grep -qxF "portio_DIR:PATH=$root/$libdir/cmake/portio" "$work/consumer-find/CMakeCache.txt" ||
    fail "find_package(portio) did not find the root's package: $(grep '^portio_DIR' "$work/consumer-find/CMakeCache.txt")"
run consumer-find-build cmake --build "$work/consumer-find"
uses_root_library "$work/consumer-find/consumer"
LD_LIBRARY_PATH="$root/$libdir" "$work/consumer-find/consumer" >"$work/consumer-find.out" ||
    fail "the find_package consumer failed: $(cat "$work/consumer-find.out")"

# The consumer with pkg-config, from the root only.
export PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_LIBDIR=$root/$libdir/pkgconfig
[ "$(pkg-config --modversion portio)" = "$version" ] ||
    fail "pkg-config's version is '$(pkg-config --modversion portio)', expected $version"
flags=$(pkg-config --cflags --libs portio)
# shellcheck disable=SC2086
run consumer-pkg-config cc -std=c11 -o "$work/consumer-pkg-config" "$here/consumer/main.c" $flags
uses_root_library "$work/consumer-pkg-config"
LD_LIBRARY_PATH="$root/$libdir" "$work/consumer-pkg-config" >"$work/consumer-pkg-config.out" ||
    fail "the pkg-config consumer failed: $(cat "$work/consumer-pkg-config.out")"
unset PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR

# A program written for glibc's <sys/io.h>, unchanged, on portio::sys_io
# from the root only, run on the mock.
run sys-io-configure cmake -S "$here/consumer_sys_io" -B "$work/sys-io" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$root/usr"
run sys-io-build cmake --build "$work/sys-io"
uses_root_library "$work/sys-io/glibc_program"
PORTIO_BACKEND=mock LD_LIBRARY_PATH="$root/$libdir" "$work/sys-io/glibc_program" >"$work/sys-io.out" ||
    fail "the sys/io.h consumer failed: $(cat "$work/sys-io.out")"
cmp -s "$work/sys-io.out" "$source/tests/expected/sys_io_glibc_program_mock.txt" ||
    fail "the sys/io.h consumer printed: $(cat "$work/sys-io.out")"

# The root's own lpt_probe on the simulated port.
uses_root_library "$root/usr/bin/lpt_probe"
probe=$(LD_LIBRARY_PATH="$root/$libdir" "$root/usr/bin/lpt_probe" --simulate)
[ "$probe" = "Parallel port found at 0x378 (status 0xD8, control 0xCC)" ] ||
    fail "the root's lpt_probe --simulate printed '$probe'"

# A static build configures, and cpack -G DEB refuses it with a reason.
run static-configure cmake -S "$source" -B "$work/static-build" -DCMAKE_BUILD_TYPE=Release \
    -DPORTIO_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr
if (cd "$work/static-build" && cpack -G DEB) >"$work/static-cpack.log" 2>&1; then
    fail "cpack -G DEB made packages from a static build"
fi
grep -q -- "-DBUILD_SHARED_LIBS=ON" "$work/static-cpack.log" ||
    { cat "$work/static-cpack.log" >&2; fail "cpack -G DEB refused a static build without saying why"; }

# lintian, every tag shown (warnings; I: info, P: pedantic); errors,
# hardening tags and tags docs/testing.md does not accept fail. --pedantic
# costs no measurable time on these three.
lintian_status=0
lintian --tag-display-limit 0 --display-info --pedantic "$(deb libportio0)" "$(deb libportio-dev)" "$(deb portio-tools)" \
    >"$work/lintian.out" 2>"$work/lintian.err" || lintian_status=$?
# 0: no errors; 2: errors (--fail-on's default), counted below; 1: it
# could not run.
[ "$lintian_status" -eq 0 ] || [ "$lintian_status" -eq 2 ] ||
    { cat "$work/lintian.err" >&2; fail "lintian could not run (exit $lintian_status)"; }
echo "lintian:"
sed 's/^/  /' "$work/lintian.out"
errors=$(grep -c '^E: ' "$work/lintian.out" || true)
warnings=$(grep -c '^W: ' "$work/lintian.out" || true)
notes=$(grep -cE '^[IP]: ' "$work/lintian.out" || true)
[ "$errors" -eq 0 ] || fail "lintian reports $errors errors"
# Nor anything, of any severity, about the copyright file or the licence.
licence_tags=$(grep -E '^[A-Z]: [^ ]+: .*(copyright|dep5|licen[cs]e)' "$work/lintian.out" || true)
[ -z "$licence_tags" ] || fail "lintian on the copyright files:"$'\n'"$licence_tags"
# "PACKAGE TAG", once each: what lintian reports, and what docs/testing.md's
# table "What lintian still reports" accepts (| `package` | `tag` | ...).
awk '/^[EWIPX]: / { sub(/:$/, "", $2); print $2, $3 }' "$work/lintian.out" | sort -u >"$work/lintian.tags"
# shellcheck disable=SC2016 # the backquotes are Markdown's
awk '/^#/ { inside = /^#+ What lintian still reports/ } inside' "$source/docs/testing.md" |
    sed -nE 's/^\| `([^`]+)` \| `([^`]+)` \|.*/\1 \2/p' | sort -u >"$work/lintian.accepted"
[ -s "$work/lintian.accepted" ] || fail "docs/testing.md has no table \"What lintian still reports\""
hardening=$(grep ' hardening-' "$work/lintian.tags" "$work/lintian.accepted" || true)
[ -z "$hardening" ] || fail "hardening tags (the build lacks dpkg-buildflags' flags):"$'\n'"$hardening"
unlisted=$(comm -23 "$work/lintian.tags" "$work/lintian.accepted")
[ -z "$unlisted" ] ||
    fail "lintian tags not in docs/testing.md's \"What lintian still reports\" (fix them, or list them with why):"$'\n'"$unlisted"
stale=$(comm -13 "$work/lintian.tags" "$work/lintian.accepted")
[ -z "$stale" ] ||
    fail "docs/testing.md's \"What lintian still reports\" lists tags lintian no longer reports (remove them):"$'\n'"$stale"

sizes=$(for package in libportio0 libportio-dev portio-tools; do
    echo "$package $(stat -c %s "$(deb "$package")")"; done | paste -sd, | sed 's/,/, /g')
echo "packaging_deb: sizes in bytes: $sizes; $((SECONDS - started)) s"
echo "packaging_deb: 3 packages (libportio0 $version, libportio-dev $version, portio-tools $version)," \
    "lintian: $errors errors, $warnings warnings, $notes notes, each of its $(wc -l <"$work/lintian.accepted") tags accepted in docs/testing.md"
