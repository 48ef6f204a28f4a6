#!/usr/bin/env bash
# The kiosk's command-line contract (ARCHITECTURE.md): exit statuses and the messages people see
# when something is wrong. Usage: cli_test.sh KIOSK_BINARY UI_SCRIPTS_DIR
set -uo pipefail
kiosk=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passed=0

# run WANT_STATUS COMMAND...: runs it with stdout and stderr in $work/out and $work/err.
run() {
  local want=$1
  shift
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: '$*' exited $got, want $want. stderr:"
    sed 's/^/    /' "$work/err"
    failures=$((failures + 1))
    return 1
  fi
  passed=$((passed + 1))
}

# check DESCRIPTION COMMAND...: a condition on the last run's output.
check() {
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAIL: $what"
    failures=$((failures + 1))
  fi
}

export SDL_VIDEODRIVER=offscreen

run 1 "$kiosk" --no-such-flag
check "an unknown flag names itself" grep -q -- "--no-such-flag" "$work/err"
check "an unknown flag prints usage on stderr" grep -q -- "--headless" "$work/err"
check "nothing on stdout for a usage error" test ! -s "$work/out"

run 0 "$kiosk" --help
check "--help prints usage on stdout" grep -q -- "--content" "$work/out"

run 1 "$kiosk" --headless --size 12by34
check "a bad --size says what it expects" grep -q "WIDTHxHEIGHT" "$work/err"

run 1 "$kiosk" --headless --lang klingon
check "an unknown language lists the known ones" grep -q "zh_CN" "$work/err"

env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$kiosk" >"$work/out" 2>"$work/err"
status=$?
check "no display: exits 3 (environment), got $status" test "$status" = 3
check "no display: one line" test "$(wc -l <"$work/err")" = 1
check "no display: says how to run headless" grep -q -- "kiosk --headless" "$work/err"

# DISPLAY naming an X server that is not there: SDL would fall back to its offscreen driver and
# run the kiosk invisibly.
for n in $(seq 900 999); do
  [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
done
env -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER DISPLAY=":$n" "$kiosk" >"$work/out" 2>"$work/err"
status=$?
check "DISPLAY=:$n, no server there: exits 3 (environment), got $status" test "$status" = 3
check "DISPLAY=:$n: one line, got $(wc -l <"$work/err")" test "$(wc -l <"$work/err")" = 1
check "DISPLAY=:$n: the kiosk's own, naming the display" grep -q "^kiosk: error: .*DISPLAY=:$n" \
  "$work/err"
check "DISPLAY=:$n: says how to run headless" grep -q -- "kiosk --headless" "$work/err"

# Nor may the environment choose a driver that shows nothing, but for --headless.
env SDL_VIDEODRIVER=offscreen "$kiosk" --content "$work" >"$work/out" 2>"$work/err"
status=$?
check "SDL_VIDEODRIVER=offscreen without --headless: exits 3, got $status" test "$status" = 3
check "SDL_VIDEODRIVER=offscreen: one line that names it" \
  test "$(grep -c "offscreen" "$work/err")" = 1 -a "$(wc -l <"$work/err")" = 1

printf 'lang = zh_CN\ncolour = pink\nsize = huge\nfallback.my = th klingon\n' >"$work/kiosk.conf"
run 2 "$kiosk" --headless --config "$work/kiosk.conf"
check "a bad setting names file and line" grep -q "kiosk.conf:2: unknown setting 'colour'" "$work/err"
check "every bad setting is reported" grep -q "kiosk.conf:3: size" "$work/err"
check "a bad fallback chain is reported" grep -q "kiosk.conf:4: fallback.my" "$work/err"

printf 'tap "Videos"\nfly-to "Moon"\nwait soon\n' >"$work/bad.kscript"
run 2 "$kiosk" --headless --script "$work/bad.kscript"
check "a bad script names file and line" grep -q "bad.kscript:2: unknown command 'fly-to'" "$work/err"
check "every bad line is reported" grep -q "bad.kscript:3: wait takes numbers" "$work/err"

printf 'expect-text "Videos"\nexpect-text "Lottery winnings"\n' >"$work/expect.kscript"
run 4 "$kiosk" --headless --content "$work" --script "$work/expect.kscript"
check "a failed expectation names the line" grep -q 'expect.kscript:2: expect-text "Lottery winnings"' "$work/err"
check "a failed expectation lists what is on screen" grep -q '"Quizzes" (tappable)' "$work/err"

printf 'expect-text "content folder"\nexpect-text "Videos"\n' >"$work/nocontent.kscript"
run 0 "$kiosk" --headless --content "$work/no-such-folder" --script "$work/nocontent.kscript"
check "a missing content folder is logged for staff" grep -q "no-such-folder" "$work/err"

# A headless kiosk without a script runs like the real one until SIGTERM, then exits 0.
"$kiosk" --headless --content "$work" >"$work/out" 2>"$work/err" &
pid=$!
# SIGTERM once it is up (its first frame logged), not at a guessed moment.
for _ in $(seq 100); do
  grep -q "first frame" "$work/err" && break
  sleep 0.1
done
kill -TERM "$pid"
wait "$pid"
status=$?
check "SIGTERM stops the kiosk cleanly (exit 0), got $status" test "$status" = 0

echo "$passed passed, $failures failed"
[ "$failures" = 0 ]
