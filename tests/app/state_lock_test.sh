#!/usr/bin/env bash
# Two kiosks on one state folder: the second refuses to start (status 3, a message naming the
# folder), while kioskctl still exports the running kiosk's counts; a kiosk killed outright
# leaves no lock behind that would keep the next one from starting.
# Usage: state_lock_test.sh KIOSK KIOSKCTL
set -uo pipefail
kiosk=$1
kioskctl=$2
# A work folder, check and the tally (tests/support/cli_checks.sh); the kiosks end with it.
source "$(dirname "$0")/../support/cli_checks.sh"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
state="$work/state of the kiosk"

# start LOG: a headless kiosk on $state, running like the real one; returns once it drew its
# first frame (or ended).
start() {
  "$kiosk" --headless --content "$work/store" --state "$state" >"$work/$1" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 300); do
    grep -q "first frame" "$work/$1" && return
    kill -0 "$pid" 2>/dev/null || return
    sleep 0.1
  done
}

start first.log
first=$pid
check "the first kiosk runs" kill -0 "$first"

"$kiosk" --headless --content "$work/store" --state "$state" >"$work/second.log" 2>&1
status=$?
check "a second kiosk on the same state folder exits 3, got $status" test "$status" = 3
check "...with one line" test "$(wc -l <"$work/second.log")" = 1
check "...that names the folder" grep -qF "$state" "$work/second.log"
check "...and the process holding it" grep -qF "process $first" "$work/second.log"
check "...before it opens a window" test "$(grep -c 'first frame' "$work/second.log")" = 0
check "the first kiosk still runs" kill -0 "$first"

# The kiosk writes its counts when it has nothing else to do: soon after its first frame.
for _ in $(seq 50); do
  "$kioskctl" stats export --state "$state" --out "$work/counts.csv" >"$work/export.log" 2>&1
  status=$?
  [ "$status" = 0 ] && grep -q ",screen_shown,,home," "$work/counts.csv" && break
  sleep 0.1
done
check "kioskctl stats export reads the counts while the kiosk runs, got $status" test "$status" = 0
check "...and writes them" grep -q ",screen_shown,,home," "$work/counts.csv"

kill -KILL "$first"
wait "$first" 2>/dev/null
start third.log
check "a kiosk killed outright leaves no lock behind: the next one starts" kill -0 "$pid"
kill -TERM "$pid"
wait "$pid"
status=$?
check "...and stops cleanly on SIGTERM, got $status" test "$status" = 0

finish state_lock
