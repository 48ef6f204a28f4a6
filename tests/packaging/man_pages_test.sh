#!/usr/bin/env bash
# The man pages say what the programs do: every flag that `kiosk --help`, `kioskctl --help` and
# each kioskctl command's --help print is in the page, every command is named there, and the
# pages render without a warning (groff -ww; lexgrog finds their NAME line; mandoc's lint where
# it is installed).
# Usage: man_pages_test.sh KIOSK KIOSKCTL MAN_DIR
set -uo pipefail
kiosk=$(realpath "$1")
kioskctl=$(realpath "$2")
man=$(realpath "$3")
source "$(dirname "$0")/../support/cli_checks.sh"

# has_flags PAGE HELP_TEXT WHERE: each --flag (and -h) of the help text is in the page's source,
# where roff writes a hyphen as \-.
has_flags() {
  local page=$1 help=$2 where=$3 flag
  for flag in $(grep -oE -- '(^|[ ,])--?[a-z][a-z-]*' <<<"$help" | tr -d ' ,' | sort -u); do
    check "$page has $flag of '$where --help'" grep -qF -- "${flag//-/\\-}" "$man/$page"
  done
}

help=$("$kiosk" --help)
check "kiosk --help prints the options" grep -q -- --content <<<"$help"
has_flags kiosk.1 "$help" kiosk

commands=("" key "key generate" pack "pack build" "pack verify" "pack install" "pack list"
  "pack rollback" stats "stats export" "stats merge" "stats report")
for command in "${commands[@]}"; do
  # shellcheck disable=SC2086  # the command's words are separate arguments
  help=$("$kioskctl" $command --help)
  check "kioskctl $command --help prints a usage" grep -q "Usage" <<<"$help"
  has_flags kioskctl.1 "$help" "kioskctl $command"
  [ -n "$command" ] && check "kioskctl.1 names 'kioskctl $command'" \
    grep -qF "$command" "$man/kioskctl.1"
done

for page in kiosk.1 kioskctl.1; do
  LC_ALL=C.UTF-8 groff -man -ww -z "$man/$page" 2>"$work/groff.err"
  check "groff renders $page without a warning: $(cat "$work/groff.err")" test ! -s "$work/groff.err"
  check "lexgrog finds the NAME line of $page" lexgrog "$man/$page" >/dev/null
  if command -v mandoc >/dev/null; then
    mandoc -Tlint -Wwarning "$man/$page" >"$work/mandoc.out" 2>&1
    check "mandoc -Tlint finds nothing in $page: $(cat "$work/mandoc.out")" \
      test ! -s "$work/mandoc.out"
  fi
done
command -v mandoc >/dev/null || echo "note: mandoc is not installed, its lint was left out"

finish man_pages
