#!/usr/bin/env bash
# The kiosk on a real X server with no window manager (xinit and the kiosk alone, as kiosk PCs
# often run), driven by a real pointer (xdotool, through the XTEST extension):
# - fullscreen fills the screen (xwininfo), at 1280x800 and at 800x480;
# - a click at a label's real position acts on that label;
# - a double click (90 ms and 200 ms apart) on the Videos tile opens the list, and its second
#   click opens nothing there;
# - a leaflet swiped with the pointer to its last page is counted as read; a video card plays;
# - another client killing the kiosk's window (xdotool windowkill) and the X server stopping
#   end the kiosk with status 3 and a message of its own, the counts made so far kept.
# What a click did is read as a person's use is counted: kioskctl stats export of the state
# folder, while the kiosk runs.
# Usage: x11_test.sh KIOSK KIOSKCTL STORE
set -uo pipefail
kiosk=$1
kioskctl=$2
store=$3
source "$(dirname "$0")/../support/skip_without.sh"
skip_without Xvfb xdotool xwininfo
# A work folder, check and the tally (tests/support/cli_checks.sh); the X server ends with it.
source "$(dirname "$0")/../support/cli_checks.sh"
xvfb_pid=""
kiosk_pid=""
cleanup() {
  [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Sizes in millimetres come from the display's DPI: the same on Xvfb and headless.
printf 'dpi = 96\nidle = 600\nusb = %s\n' "$work/no-sticks" >"$work/kiosk.conf"

# start_x WIDTHxHEIGHT: a bare X server on a display number it chooses itself (others may be
# running tests beside this one), and no window manager.
start_x() {
  rm -f "$work/displayfd"
  Xvfb -displayfd 3 -screen 0 "$1x24" -nolisten tcp 3>"$work/displayfd" >"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 100); do
    [ -s "$work/displayfd" ] && break
    sleep 0.1
  done
  export DISPLAY=":$(head -n1 "$work/displayfd")"
}

# start_kiosk STATE: fullscreen, as the service starts it; returns once its first frame is drawn.
start_kiosk() {
  : >"$work/kiosk.log"
  "$kiosk" --content "$store" --state "$1" --config "$work/kiosk.conf" >"$work/kiosk.log" 2>&1 &
  kiosk_pid=$!
  for _ in $(seq 600); do
    grep -q "first frame" "$work/kiosk.log" && break
    kill -0 "$kiosk_pid" 2>/dev/null || break
    sleep 0.1
  done
  window=$(xdotool search --name "Women's Home" | head -n1)
}

# geometry WINDOW: "WIDTHxHEIGHT+X+Y" of the window on the screen, as X has it.
geometry() {
  xwininfo -id "$1" | awk '/Absolute upper-left X/ {x=$4} /Absolute upper-left Y/ {y=$4}
    /^ *Width:/ {w=$2} /^ *Height:/ {h=$2} END {printf "%dx%d+%d+%d", w, h, x, y}'
}

# label_centre SIZE SCREEN_STEPS... TEXT: where the kiosk draws the label TEXT at SIZE, after the
# script lines SCREEN_STEPS, from a headless kiosk's list of what is on its screen.
label_centre() {
  local size=$1 text=${*: -1}
  local steps=("${@:2:$#-2}")
  local state
  state=$(mktemp -d -p "$work")
  {
    for step in "${steps[@]}"; do echo "$step"; done
    echo 'expect-text "(nothing is labelled this)"'
  } >"$work/where.kscript"
  SDL_VIDEODRIVER=offscreen "$kiosk" --headless --size "$size" --content "$store" --state "$state" \
    --config "$work/kiosk.conf" --script "$work/where.kscript" 2>&1 |
    grep -F "\"$text\" (tappable) at " | head -n1 |
    sed -E 's/.* at ([0-9]+),([0-9]+) ([0-9]+)x([0-9]+)$/\1 \2 \3 \4/' |
    awk '{printf "%d %d", $1 + $3 / 2, $2 + $4 / 2}'
}

# count STATE EVENT ITEM: today's count of EVENT for ITEM, every language, from the export.
count() {
  "$kioskctl" stats export --state "$1" --out "$work/counts.csv" >/dev/null 2>&1 || {
    echo "export failed"
    return
  }
  awk -F, -v event="$2" -v item="$3" '$4 == event && $6 == item {n += $9} END {print n + 0}' \
    "$work/counts.csv"
}

# until_count STATE EVENT ITEM N: waits up to 10 s for the count to reach N (the kiosk writes
# its counts when it has nothing else to do); true when it did.
until_count() {
  for _ in $(seq 100); do
    [ "$(count "$1" "$2" "$3")" = "$4" ] && return 0
    sleep 0.1
  done
  echo "    $2 $3: $(count "$1" "$2" "$3"), want $4"
  return 1
}

# click X Y: one click, as a person's next tap comes: well after the screen it is meant for has
# shown (the kiosk takes no tap in its first 300 ms, and a count is read as soon as it is saved).
click() {
  sleep 0.6
  xdotool mousemove "$1" "$2" click 1
}

# [1] 1280x800, the size of the screen the window stayed 1280x720 on.
start_x 1280x800
state=$work/state
start_kiosk "$state"
check "the kiosk opened a window on the bare X server ($(tail -n3 "$work/kiosk.log"))" \
  test -n "$window"
got=$(geometry "$window")
check "fullscreen fills a 1280x800 screen with no window manager: $got" \
  test "$got" = "1280x800+0+0"
# Xvfb has no GPU: its OpenGL is Mesa's llvmpipe (or none at all), and the kiosk draws with
# SDL's software renderer, which costs half the CPU.
check "no GPU: the software renderer draws ($(grep "renderer" "$work/kiosk.log" | head -n1))" \
  grep -qE "renderer software: (no GPU|the GPU is .*(llvmpipe|softpipe|swrast)|no accelerated)" \
  "$work/kiosk.log"

read -r vx vy < <(label_centre 1280x800 "Videos")
read -r bx by < <(label_centre 1280x800 'tap "Videos"' "Back")
check "the headless kiosk shows where Videos ($vx,$vy) and Back ($bx,$by) are" \
  test -n "$vx" -a -n "$bx"

click "$vx" "$vy"
check "a click on the Videos tile opens the list" until_count "$state" screen_shown videos 1
check "the first visitor after a start is counted" until_count "$state" session_started "" 1
click "$bx" "$by"
check "a click on Back goes home" until_count "$state" screen_shown home 2

for apart in 90 200; do
  sleep 0.6
  xdotool mousemove "$vx" "$vy" click --repeat 2 --delay "$apart" 1
  check "a double click ${apart} ms apart opens the list" until_count "$state" screen_shown videos \
    $((apart == 90 ? 2 : 3))
  sleep 1  # the second click, had it acted, would have opened a card by now
  check "a double click ${apart} ms apart opens nothing on the list" \
    test "$(count "$state" screen_shown leaflet)$(count "$state" screen_shown player)" = 00
  click "$bx" "$by"
  until_count "$state" screen_shown home $((apart == 90 ? 3 : 4)) >/dev/null
done

# The demo's leaflet, opened with a click on its card; read with the pointer, swiped page after
# page to its end, it is counted in the frame that shows the last page (nothing else draws one).
read -r lx ly < <(label_centre 1280x800 'tap "Videos"' "Before you leave for work: what to check")
click "$vx" "$vy"
until_count "$state" screen_shown videos 4 >/dev/null
click "$lx" "$ly"
check "a single click at that place on the list opens the leaflet" \
  until_count "$state" leaflet_opened before-you-leave 1
for _ in 1 2 3; do
  sleep 0.6
  xdotool mousemove 1000 400 mousedown 1
  for x in 900 800 700 600 500 400 300; do xdotool sleep 0.016 mousemove "$x" 410; done
  xdotool mouseup 1
done
check "three swipes to the left reach its last page" \
  until_count "$state" leaflet_completed before-you-leave 1
# And a video's card plays it.
xdotool key Escape
until_count "$state" screen_shown videos 5 >/dev/null
read -r px py < <(label_centre 1280x800 'tap "Videos"' "Five things to do before you leave for work")
click "$px" "$py"
check "a click on a video's card plays it" until_count "$state" screen_shown player 1

# [2] Another client kills the kiosk's window.
xdotool windowkill "$window"
wait "$kiosk_pid"
status=$?
kiosk_pid=""
check "a killed window ends the kiosk with status 3, got $status" test "$status" = 3
check "...saying so in its own words" grep -q "^kiosk: error: the X server .* went away" \
  "$work/kiosk.log"
check "...not in Xlib's" test "$(grep -c -E '^XIO:|^X Error of failed request' "$work/kiosk.log")" = 0
check "...the counts made before are kept" \
  test "$(count "$state" screen_shown player)$(count "$state" leaflet_completed before-you-leave)" = 11
kill "$xvfb_pid"
wait "$xvfb_pid" 2>/dev/null
xvfb_pid=""

# [3] 800x480, a small panel; then the X server stops under the kiosk.
start_x 800x480
start_kiosk "$state"
got=$(geometry "$window")
check "fullscreen fills an 800x480 screen with no window manager: $got" \
  test "$got" = "800x480+0+0"
read -r vx vy < <(label_centre 800x480 "Help")
click "$vx" "$vy"
check "a click on the Help tile at 800x480 opens Help" until_count "$state" help_shown "" 1
kill "$xvfb_pid"
wait "$xvfb_pid" 2>/dev/null
xvfb_pid=""
wait "$kiosk_pid"
status=$?
kiosk_pid=""
check "the X server stopping ends the kiosk with status 3, got $status" test "$status" = 3
check "...saying so in its own words" grep -q "^kiosk: error: the X server .* went away" \
  "$work/kiosk.log"
check "...the counts are kept" test "$(count "$state" help_shown "")" = 1

if [ "$failures" != 0 ]; then
  echo "the kiosk's last log:"
  sed 's/^/    /' "$work/kiosk.log"
fi
finish kiosk_x11
