#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The licence check (label licence):
#   check_licence.sh SOURCE_DIR
# Every file git tracks in SOURCE_DIR carries "SPDX-License-Identifier: MIT"
# in its first 5 lines, unless a pattern of tests/licence/exceptions.txt
# matches it; each pattern there gives its reason and matches some tracked
# file (a stale one fails). The MIT text in cmake/debian/copyright is
# LICENSE's, word for word.
# Only git knows which files belong to the project: outside a git checkout
# (a source archive) or without git it skips (exit 77), and fails when
# CI=true.
set -euo pipefail

source_dir=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exceptions_file=$here/exceptions.txt
spdx='SPDX-License-Identifier: MIT'
# The identifier ends there: "MIT-0" or "MITNFA" are other licences.
spdx_regex="$spdx([^-A-Za-z0-9.+]|\$)"
lines_searched=5

failures=0
fail() {
    echo "licence: FAILED: $*" >&2
    failures=$((failures + 1))
}
# cannot_run REASON: skip, or fail in CI.
cannot_run() {
    if [ "${CI:-}" = true ]; then
        echo "licence: FAILED: $1" >&2
        exit 1
    fi
    echo "licence: skipped: $1"
    exit 77
}

[ -e "$source_dir/.git" ] ||
    cannot_run "$source_dir is not a git checkout (a source archive?): which files are the project's comes from git ls-files"
command -v git >/dev/null || cannot_run "git is missing (apt-get install git)"
# git's own message (dubious ownership, a broken checkout) says what to do.
# -z: paths unquoted, whatever characters they hold.
tracked_list=$(git -C "$source_dir" ls-files -z | tr '\0' '\n') ||
    { echo "licence: FAILED: git ls-files failed in $source_dir" >&2; exit 1; }
[ -n "$tracked_list" ] || { echo "licence: FAILED: git tracks no file in $source_dir" >&2; exit 1; }
mapfile -t tracked <<<"$tracked_list"

# exceptions.txt: "PATTERN  # reason" per line; a pattern is a shell glob
# on the path from the top of the tree, where * also matches "/".
patterns=()
line_number=0
while IFS= read -r line || [ -n "$line" ]; do
    line_number=$((line_number + 1))
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    if [[ $line =~ ^([^[:space:]#]+)[[:space:]]+#[[:space:]]*([^[:space:]].*)$ ]]; then
        patterns+=("${BASH_REMATCH[1]}")
    else
        fail "exceptions.txt:$line_number: not \"PATTERN  # reason\": $line"
    fi
done <"$exceptions_file"

declare -A pattern_used=()
checked=0 excepted=0
for path in "${tracked[@]}"; do
    excepted_by=
    for pattern in "${patterns[@]}"; do
        # shellcheck disable=SC2053 # the pattern is a glob
        if [[ $path == $pattern ]]; then
            excepted_by=$pattern
            pattern_used[$pattern]=1
        fi
    done
    if [ -n "$excepted_by" ]; then
        excepted=$((excepted + 1))
        continue
    fi
    # A tracked file deleted in the work tree is on its way out.
    [ -e "$source_dir/$path" ] || continue
    checked=$((checked + 1))
    top=$(head -n "$lines_searched" -- "$source_dir/$path" | tr -d '\0')
    grep -Eq -- "$spdx_regex" <<<"$top" ||
        fail "$path has no \"$spdx\" line in its first $lines_searched lines (add one in its comment syntax, or an exception with the reason to tests/licence/exceptions.txt)"
done
for pattern in "${patterns[@]}"; do
    [ -n "${pattern_used[$pattern]:-}" ] ||
        fail "the exception \"$pattern\" matches no tracked file: remove it from tests/licence/exceptions.txt"
done

# cmake/debian/copyright is machine-readable (Debian's copyright format
# 1.0; lintian checks that format only in source packages, so it is checked
# here): a header paragraph, one "Files: *" paragraph naming MIT and no
# other licence, and a stand-alone License paragraph holding LICENSE's text
# from "Permission" on, each line indented by one space, an empty line
# written " .".
licence=$source_dir/LICENSE copyright=$source_dir/cmake/debian/copyright
if [ -f "$licence" ] && [ -f "$copyright" ]; then
    grep -qx 'Copyright (c) [0-9]\{4\}\(-[0-9]\{4\}\)\? the portio developers' "$licence" ||
        fail "LICENSE has no line \"Copyright (c) YEAR the portio developers\""
    expected_paragraph="License: MIT"$'\n'$(sed -n '/^Permission is hereby granted/,$p' "$licence" |
        sed 's/^$/./; s/^/ /')
    [ "$expected_paragraph" != "License: MIT"$'\n' ] || fail "LICENSE has no \"Permission is hereby granted\""
    header=$(awk 'BEGIN { RS = "" } NR == 1' "$copyright")
    for field in 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' \
            'Upstream-Name: portio'; do
        grep -qxF "$field" <<<"$header" || fail "cmake/debian/copyright's header paragraph has no line \"$field\""
    done
    grep -q '^Source: ' <<<"$header" || fail "cmake/debian/copyright's header paragraph has no Source field"
    files=$(awk 'BEGIN { RS = "" } /^Files:/' "$copyright")
    [ "$(grep -c '^Files:' <<<"$files")" = 1 ] && grep -qx 'Files: \*' <<<"$files" &&
        grep -q '^Copyright: [0-9-]* the portio developers$' <<<"$files" && grep -qx 'License: MIT' <<<"$files" ||
        fail "cmake/debian/copyright has no single \"Files: *\" paragraph with \"Copyright: YEAR the portio developers\" and \"License: MIT\""
    other_licences=$(grep '^License:' "$copyright" | grep -vx 'License: MIT' || true)
    [ -z "$other_licences" ] || fail "cmake/debian/copyright names another licence: $other_licences"
    [[ $(cat "$copyright") == *"$expected_paragraph"* ]] ||
        fail "cmake/debian/copyright's \"License: MIT\" paragraph is not LICENSE's text (from \"Permission\" on, indented one space, empty lines as \" .\")"
else
    fail "LICENSE or cmake/debian/copyright is missing"
fi

if [ "$failures" -ne 0 ]; then
    echo "licence: $failures failure(s)" >&2
    exit 1
fi
echo "licence: ${#tracked[@]} tracked files: $checked carry \"$spdx\", $excepted excepted by ${#patterns[@]} patterns; cmake/debian/copyright holds LICENSE's text"
