#!/bin/sh
# SPDX-License-Identifier: MIT
# The man pages of docs/man/ against what they describe:
#   (a) each page of docs/man renders without a warning: mandoc -Tlint -W
#       warning, and groff -ww (with nothing on standard error) where groff
#       is installed;
#   (b) portio.3 and include/portio.h: every function the header declares
#       (PORTIO_API and static inline; names ending in "_" are the header's
#       "Not API" helpers and left out) has a prototype in the SYNOPSIS
#       (.Fn/.Fo) and is described after it (.Fn); the page shows no
#       function the header lacks; the prototypes, compiled after
#       portio.h, agree with it; every status code has its entry in ERRORS
#       (.It Dv); every other constant (#define, enumerator) is named (Dv)
#       and every type appears;
#   (c) every command and option of `portio --help' has its item in
#       portio.1's DESCRIPTION (.It Cm COMMAND, .It ... Fl OPTION), and
#       every option of each example's --help in its page's (NAME.1 for the
#       program NAME: lpt_probe.1, cmos_clock.1, ...);
#   (d) cmake --install of the build puts portio.1 and the examples' pages
#       (component tools) in MANDIR/man1 and portio.3 (component
#       development) in MANDIR/man3, each equal to its source once
#       uncompressed, and no other page there.
#
# usage: check_man_pages.sh SOURCE_DIR BUILD_DIR CONFIG PORTIO CC MANDIR SUFFIX SCRATCH [EXAMPLE...]
#   CONFIG: the build's configuration for cmake --install ("" for none);
#   PORTIO: the built portio command; CC: a C compiler for (b);
#   MANDIR: CMAKE_INSTALL_MANDIR; SUFFIX: ".gz" when installed compressed;
#   EXAMPLE: the built examples (lpt_probe, cmos_clock, ...), each with
#   its page docs/man/NAME.1.
# mandoc missing: a failure when CI=true, else a skip (exit 77).
set -eu

if [ $# -lt 8 ]; then
    echo "usage: $0 SOURCE_DIR BUILD_DIR CONFIG PORTIO CC MANDIR SUFFIX SCRATCH [EXAMPLE...]" >&2
    exit 2
fi
root=$1 build=$2 config=$3 portio=$4 cc=$5 mandir=$6 suffix=$7 scratch=$8
shift 8 # "$@": the examples, to the end
# Every page of docs/man, so that none escapes the rendering check.
pages=$(cd "$root/docs/man" && ls -- *.[1-9])
page_count=$(printf '%s\n' "$pages" | wc -l)
header=$root/include/portio.h
library_page=$root/docs/man/portio.3

if ! command -v mandoc >/dev/null; then
    if [ "${CI:-}" = true ]; then
        echo "error: man pages: mandoc is missing (apt-get install mandoc)" >&2
        exit 1
    fi
    echo "skipped: man pages: mandoc is missing (apt-get install mandoc)"
    exit 77
fi
rm -rf "$scratch"
mkdir -p "$scratch"
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
# Rendering messages in the C locale: the same words on every machine.
LC_ALL=C
export LC_ALL

# ---- (a) rendering -------------------------------------------------------
warnings=0
for page in $pages; do
    file=$root/docs/man/$page
    if [ ! -f "$file" ]; then
        fail "$file is missing"
        continue
    fi
    # -W warning: warnings, errors and unsupported requests, not style.
    messages=$(mandoc -Tlint -W warning "$file" 2>&1 || true)
    if [ -n "$messages" ]; then
        echo "$messages"
        count=$(printf '%s\n' "$messages" | wc -l)
        warnings=$((warnings + count))
        fail "mandoc: $count messages for $page"
    fi
    if command -v groff >/dev/null; then
        messages=$(groff -ww -mandoc -Tutf8 -z "$file" 2>&1 >/dev/null || echo "groff failed")
        if [ -n "$messages" ]; then
            echo "$messages"
            count=$(printf '%s\n' "$messages" | wc -l)
            warnings=$((warnings + count))
            fail "groff: $count messages for $page"
        fi
    fi
done
if command -v groff >/dev/null; then
    renderers="mandoc and groff"
else
    renderers="mandoc (groff is not installed: apt-get install groff)"
fi

# ---- (b) portio.3 against portio.h ---------------------------------------
# A page's lines, each led by its section's name: "SECTION<TAB>line".
by_section() {
    awk '/^\.Sh / { section = substr($0, 5) } { print section "\t" $0 }' "$1"
}
by_section "$library_page" >"$scratch/library_page.txt"
in_section() { # in_section SECTION EXTENDED_REGEX
    grep "^$1	" "$scratch/library_page.txt" | cut -f2- | grep -Eq -- "$2"
}
outside_sections() { # outside_sections EXTENDED_REGEX: in DESCRIPTION and later
    grep -Ev '^(NAME|LIBRARY|SYNOPSIS)	' "$scratch/library_page.txt" | cut -f2- | grep -Eq -- "$1"
}

# Declared functions: a line that starts a declaration or definition.
sed -n -E 's/^(PORTIO_API|static[[:space:]]+inline)[[:space:]][^;(]*[^a-z0-9_](portio_[a-z0-9_]+)[[:space:]]*\(.*/\2/p' \
    "$header" | sort -u >"$scratch/declared_all.txt"
grep -v '_$' "$scratch/declared_all.txt" >"$scratch/declared.txt" || true
not_api=$(grep -c '_$' "$scratch/declared_all.txt" || true)
functions=$(wc -l <"$scratch/declared.txt")
if [ "$functions" -lt 30 ]; then
    fail "only $functions functions found in $header: has its style of declaring changed?"
fi
documented=0
while read -r name; do
    ok=true
    if ! in_section SYNOPSIS "^\.F[no] $name( |$)"; then
        fail "portio.3: $name has no prototype in the SYNOPSIS (.Fn $name or .Fo $name)"
        ok=false
    fi
    if ! outside_sections "(^\.| )Fn $name( |$)"; then
        fail "portio.3: $name is not described (no .Fn $name after the SYNOPSIS)"
        ok=false
    fi
    if $ok; then documented=$((documented + 1)); fi
done <"$scratch/declared.txt"
# Nothing invented: every function the page names is declared.
grep -Eo '(^\.| )F[no] portio_[a-z0-9_]+' "$library_page" | sed 's/.* //' | sort -u |
    while read -r name; do
        grep -qx "$name" "$scratch/declared_all.txt" ||
            echo "FAIL: portio.3 shows $name, which portio.h does not declare"
    done >"$scratch/invented.txt"
if [ -s "$scratch/invented.txt" ]; then
    cat "$scratch/invented.txt"
    failures=$((failures + $(wc -l <"$scratch/invented.txt")))
fi

# The SYNOPSIS's prototypes as C, after portio.h: a type or a parameter
# that differs from the header's is a compile error ("conflicting types").
# The names are parenthesised so that the inline forms' macros stay out.
grep '^SYNOPSIS	' "$scratch/library_page.txt" | cut -f2- | awk '
    function args(line,    n, parts, i, out) { # the quoted arguments of a macro line
        n = split(line, parts, "\"")
        out = ""
        for (i = 2; i <= n; i += 2)
            out = out (out == "" ? "" : ", ") parts[i]
        return out
    }
    /^\.Ft / { type = substr($0, 5) }
    /^\.Fn / {
        list = args($0)
        if (list == "" && $3 == "void") list = "void"
        print type " (" $2 ")(" list ");"
    }
    /^\.Fo / { name = $2; list = "" }
    /^\.Fa / { list = list (list == "" ? "" : ", ") args($0) }
    /^\.Fc/ { print type " (" name ")(" list ");" }
' >"$scratch/prototypes.body"
prototypes=$(wc -l <"$scratch/prototypes.body")
{
    echo '#include <portio.h>'
    cat "$scratch/prototypes.body"
} >"$scratch/prototypes.c"
if ! "$cc" -std=c11 -fsyntax-only -I"$root/include" "$scratch/prototypes.c" >"$scratch/cc.txt" 2>&1; then
    cat "$scratch/cc.txt"
    fail "portio.3: the SYNOPSIS's prototypes do not agree with portio.h (see $scratch/prototypes.c)"
fi
if [ "$prototypes" -ne "$functions" ]; then
    fail "portio.3: $prototypes prototypes in the SYNOPSIS for $functions functions"
fi

# Status codes: the enumerators of enum portio_status, each an entry in ERRORS.
awk '/^enum portio_status/ { inside = 1 } inside { print } inside && /};/ { inside = 0 }' "$header" |
    grep -Eo 'PORTIO_(OK|E_[A-Z_]+)' | sort -u >"$scratch/codes.txt"
codes=$(wc -l <"$scratch/codes.txt")
codes_documented=0
while read -r code; do
    if in_section ERRORS "^\.It Dv $code$"; then
        codes_documented=$((codes_documented + 1))
    else
        fail "portio.3: the status code $code has no entry (.It Dv $code) in ERRORS"
    fi
done <"$scratch/codes.txt"
if [ "$codes" -lt 9 ]; then
    fail "only $codes status codes found in $header"
fi

# Other constants (#define'd values and the other enumerators) by .Dv, and
# the types by name anywhere; the include guard and "Not API" names ending
# in "_" left out.
{
    sed -n -E 's/^#define (PORTIO_[A-Z0-9_]*[A-Z0-9])([[:space:]].*)?$/\1/p' "$header" | grep -vx PORTIO_H
    awk '/^enum portio_/ && !/^enum portio_status/ { inside = 1 } inside { print } inside && /}/ { inside = 0 }' \
        "$header" | grep -Eo 'PORTIO_[A-Z0-9_]*[A-Z0-9]\b'
} | sort -u >"$scratch/constants.txt"
{
    grep -Eo '^\} portio_[a-z0-9_]+;|^typedef struct portio_[a-z0-9_]+ portio_[a-z0-9_]+;|\(\*portio_[a-z0-9_]+\)|^enum portio_[a-z0-9_]+' \
        "$header" | grep -Eo 'portio_[a-z0-9_]+;?\)?$|^enum portio_[a-z0-9_]+' | tr -d ';)' | sed 's/^enum //'
} | sort -u >"$scratch/types.txt"
names=$(($(wc -l <"$scratch/constants.txt") + $(wc -l <"$scratch/types.txt")))
names_documented=0
while read -r constant; do
    if grep -Eq "(^\.| )Dv $constant( |$)" "$library_page"; then
        names_documented=$((names_documented + 1))
    else
        fail "portio.3: the constant $constant is not named (Dv $constant)"
    fi
done <"$scratch/constants.txt"
while read -r type; do
    if grep -Eq "(^|[^a-z0-9_])$type([^a-z0-9_]|$)" "$library_page"; then
        names_documented=$((names_documented + 1))
    else
        fail "portio.3: the type $type does not appear"
    fi
done <"$scratch/types.txt"

# ---- (c) the commands' pages against their --help --------------------------
# Options: every -x and --word of a usage text.
options_of() {
    grep -Eo '(^|[ [,])--?[a-z][a-z-]*' | sed 's/^[ [,]*//' | sort -u
}
# check_options PROGRAM PAGE: each option of PROGRAM --help in an item of
# PAGE's DESCRIPTION (.It ... Fl OPTION ...), not only in its SYNOPSIS;
# sets options_total and options_found.
check_options() {
    "$1" --help >"$scratch/help.txt"
    options_of <"$scratch/help.txt" >"$scratch/options.txt"
    by_section "$root/docs/man/$2" | grep '^DESCRIPTION	' | cut -f2- | grep '^\.It ' \
        >"$scratch/items.txt" || true
    options_total=$(wc -l <"$scratch/options.txt")
    options_found=0
    while read -r option; do
        flag=${option#-} # Fl adds one dash
        if grep -Eq -- " Fl $flag( |$)" "$scratch/items.txt"; then
            options_found=$((options_found + 1))
        else
            fail "$2: the option $option of $(basename "$1") --help has no item in DESCRIPTION (.It ... Fl $flag)"
        fi
    done <"$scratch/options.txt"
}
check_options "$portio" portio.1
portio_options_found=$options_found portio_options=$options_total
# "lpt_probe.1 has 3 of 3 options, cmos_clock.1 ..." for the summary.
example_options=""
for example in "$@"; do
    page=$(basename "$example").1
    if [ ! -f "$root/docs/man/$page" ]; then
        fail "docs/man/$page is missing, the page of the example $(basename "$example")"
        continue
    fi
    check_options "$example" "$page"
    example_options="$example_options, $page has $options_found of $options_total options"
done
[ $# -gt 0 ] || example_options=", no examples built"

# Commands: the lines of the "commands:" block that start with two spaces
# and a word; the command is the leading lowercase words of the synopsis
# column ("driver install").
"$portio" --help | awk '
    /^commands:/ { inside = 1; next }
    inside && /^$/ { inside = 0 }
    inside && /^  [a-z]/ {
        synopsis = substr($0, 3)
        sub(/  .*/, "", synopsis) # the description column
        n = split(synopsis, words, " ")
        command = ""
        for (i = 1; i <= n && words[i] ~ /^[a-z]+$/; i++)
            command = command (command == "" ? "" : " ") words[i]
        print command
    }' >"$scratch/commands.txt"
commands=$(wc -l <"$scratch/commands.txt")
commands_found=0
while read -r command; do
    if grep -Eq "^\.It Cm $command( |$)" "$root/docs/man/portio.1"; then
        commands_found=$((commands_found + 1))
    else
        fail "portio.1: the command \"$command\" of portio --help has no entry (.It Cm $command)"
    fi
done <"$scratch/commands.txt"
if [ "$commands" -lt 5 ]; then
    fail "only $commands commands found in portio --help"
fi

# ---- (d) cmake --install ---------------------------------------------------
installed=0
for component in tools development; do
    prefix=$scratch/install-$component
    if ! cmake --install "$build" ${config:+--config "$config"} --component "$component" \
        --prefix "$prefix" >"$scratch/install-$component.txt" 2>&1; then
        cat "$scratch/install-$component.txt"
        fail "cmake --install --component $component failed"
    fi
done
expected="tools:man1/portio.1 development:man3/portio.3"
for example in "$@"; do
    expected="$expected tools:man1/$(basename "$example").1"
done
expected_count=$(echo $expected | wc -w)
for entry in $expected; do
    component=${entry%%:*} page=${entry#*:}
    file=$scratch/install-$component/$mandir/$page$suffix
    if [ ! -f "$file" ]; then
        fail "cmake --install --component $component did not install $mandir/$page$suffix"
        continue
    fi
    if [ -n "$suffix" ]; then
        gzip -dc "$file" >"$scratch/unpacked" || fail "$file is not a valid gzip file"
    else
        cp "$file" "$scratch/unpacked"
    fi
    if cmp -s "$scratch/unpacked" "$root/docs/man/${page#man?/}"; then
        installed=$((installed + 1))
    else
        fail "$file is not docs/man/${page#man?/}"
    fi
done
# No page beyond those checked: one installed without its program, or
# without this test knowing of it, would go unchecked.
for component in tools development; do
    for file in "$scratch/install-$component/$mandir"/man?/*; do
        [ -e "$file" ] || continue
        page=${file#"$scratch/install-$component/$mandir/"}
        page=${page%"$suffix"}
        case " $expected " in
        *" $component:$page "*) ;;
        *) fail "cmake --install --component $component installs $mandir/$page, which this test does not check" ;;
        esac
    done
done
# Each page in its component only: a page in the other package would clash.
for stray in "$scratch/install-tools/$mandir/man3" "$scratch/install-development/$mandir/man1"; do
    if [ -e "$stray" ]; then
        fail "$stray should not be installed by that component"
    fi
done

echo "man pages: $page_count pages, $warnings warnings ($renderers); portio.3 documents $documented of" \
    "$functions functions (\"Not API\" helpers left out: $not_api), $prototypes prototypes compiled" \
    "against portio.h, $codes_documented of $codes status codes, $names_documented of $names other" \
    "constants and types; portio.1 has $commands_found of $commands commands and" \
    "$portio_options_found of $portio_options options$example_options; installed:" \
    "$installed of $expected_count in $mandir/man1 and man3 (${suffix:-uncompressed})"
if [ "$failures" -ne 0 ]; then
    echo "man pages: $failures failures"
    exit 1
fi
