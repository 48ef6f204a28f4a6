#!/usr/bin/env bash
# Prints the installed session's idle figures; asserts nothing.
#   1. CPU seconds of 60 s at the idle home screen, fullscreen 1280x720: the kiosk and its display
#      server, under cage (the installed session's compositor: wlroots' headless backend and
#      pixman renderer here) against under a bare Xvfb (SDL's x11 driver).
#   2. The kiosk's wake-ups a minute in the same 60 s (voluntary context switches of its main
#      thread), under cage without and with the service's watchdog (WatchdogSec=30, as the unit
#      sets: a ping every 15 s to a notify socket socat listens on).
# cage refuses root: as root, cage and the kiosk run as nobody.
# Usage: session_bench.sh KIOSK STORE
set -euo pipefail
kiosk=$1
store=$2
seconds=${KIOSK_BENCH_SECONDS:-60}
tick=$(getconf CLK_TCK)
for tool in cage Xvfb socat; do
  command -v "$tool" >/dev/null || { echo "session_bench: $tool is not installed" >&2; exit 1; }
done
work=$(mktemp -d)
pids=()
stop_all() {
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
  wait 2>/dev/null
  pids=()
}
trap 'stop_all; rm -rf "$work"' EXIT
mkdir -p "$work/run" "$work/state"
chmod 755 "$work"
chmod 700 "$work/run"
printf 'dpi = 96\nidle = 600\nusb = %s\n' "$work/no-sticks" >"$work/kiosk.conf"
as_user=()
if [ "$(id -u)" = 0 ]; then
  chown -R nobody:nogroup "$work/run" "$work/state"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
kiosk_args=(--content "$store" --state "$work/state" --config "$work/kiosk.conf")

# CPU seconds (user + system) a process has used so far.
cpu_of() { awk -v tick="$tick" '{ printf "%.3f", ($14 + $15) / tick }' "/proc/$1/stat"; }
# Voluntary context switches of a process's main thread so far: its wake-ups from sleep.
wakeups_of() { awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$1/task/$1/status"; }
# wait_first_frame LOG: until the kiosk has drawn its first frame.
wait_first_frame() {
  for _ in $(seq 600); do
    grep -qs "first frame" "$1" && return
    sleep 0.1
  done
  echo "session_bench: no first frame:" >&2
  cat "$1" >&2
  exit 1
}
# measure NAME SERVER_PID KIOSK_PID: the figures of `seconds` idle seconds.
measure() {
  local name=$1 server=$2 kiosk_pid=$3
  sleep 2  # the first frames and the window's size settled
  local s0 k0 w0
  s0=$(cpu_of "$server") k0=$(cpu_of "$kiosk_pid") w0=$(wakeups_of "$kiosk_pid")
  sleep "$seconds"
  local s1 k1 w1
  s1=$(cpu_of "$server") k1=$(cpu_of "$kiosk_pid") w1=$(wakeups_of "$kiosk_pid")
  awk -v n="$name" -v s0="$s0" -v s1="$s1" -v k0="$k0" -v k1="$k1" \
    -v w="$((w1 - w0))" -v t="$seconds" 'BEGIN {
      printf "  %-34s kiosk_cpu_s=%.3f server_cpu_s=%.3f total_cpu_s=%.3f wakeups_per_min=%.1f\n",
             n, k1 - k0, s1 - s0, k1 - k0 + s1 - s0, w * 60 / t }'
}
echo "== 1. ${seconds} s at the idle home screen, fullscreen 1280x720"
# Under a bare Xvfb, no window manager.
Xvfb -displayfd 3 -screen 0 1280x720x24 -nolisten tcp 3>"$work/displayfd" >/dev/null 2>&1 &
pids+=($!)
xvfb=$!
for _ in $(seq 100); do [ -s "$work/displayfd" ] && break; sleep 0.1; done
DISPLAY=":$(head -n1 "$work/displayfd")" SDL_AUDIODRIVER=dummy "$kiosk" "${kiosk_args[@]}" \
  >"$work/x11.log" 2>&1 &
pids+=($!)
wait_first_frame "$work/x11.log"
measure "Xvfb (x11 driver)" "$xvfb" "${pids[1]}"
stop_all

# session LOG [ENV...]: cage and the kiosk as the unit runs them; sets cage_pid and kiosk_pid.
session() {
  local log=$1
  shift
  "${as_user[@]}" env -i "PATH=$PATH" "HOME=$work" "XDG_RUNTIME_DIR=$work/run" \
    WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 SDL_AUDIODRIVER=dummy "$@" \
    cage -d -- "$kiosk" "${kiosk_args[@]}" >"$work/$log" 2>&1 &
  cage_pid=$!
  pids+=("$cage_pid")
  wait_first_frame "$work/$log"
  kiosk_pid=$(pgrep -P "$cage_pid" -x kiosk || pgrep -x -n kiosk)
}
session cage.log
measure "cage (wayland driver)" "$cage_pid" "$kiosk_pid"
stop_all

echo "== 2. the watchdog's wake-ups under cage (WatchdogSec=30: WATCHDOG_USEC=30000000)"
socat -u UNIX-RECVFROM:"$work/run/notify",fork - >"$work/notifications" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do [ -S "$work/run/notify" ] && break; sleep 0.1; done
[ "$(id -u)" = 0 ] && chown nobody:nogroup "$work/run/notify"
session cage-watchdog.log "NOTIFY_SOCKET=$work/run/notify" WATCHDOG_USEC=30000000
measure "cage, watchdog on" "$cage_pid" "$kiosk_pid"
stop_all
echo "  notifications: $(grep -o 'READY=1' "$work/notifications" | wc -l) READY," \
  "$(grep -o 'WATCHDOG=1' "$work/notifications" | wc -l) WATCHDOG"
