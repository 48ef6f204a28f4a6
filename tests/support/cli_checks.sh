# Shared by the command-line tests (source it): a work folder of the test's own, removed at the
# end, and two checks that count what passed and failed.
#   run STATUS COMMAND...   runs COMMAND, its output in ./out and ./err; fails unless it exits STATUS
#   check WHAT COMMAND...   fails, saying WHAT, unless COMMAND succeeds
#   finish NAME             prints the tally; the test's exit status
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failures=0
passed=0

run() {
  local want=$1
  shift
  "$@" >out 2>err
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: '$*' exited $got, want $want"
    sed 's/^/    /' err
    failures=$((failures + 1))
  else
    passed=$((passed + 1))
  fi
}

check() {
  local what=$1
  shift
  if "$@"; then passed=$((passed + 1)); else echo "FAIL: $what"; failures=$((failures + 1)); fi
}

finish() {
  echo "$1: $passed checks passed, $failures failed"
  [ "$failures" = 0 ]
}
