#!/usr/bin/env bash
# The kiosk under cage, the compositor of the installed kiosk session (packaging/kiosk.service),
# for real: wlroots' headless backend and pixman renderer stand in for the PC's screen and GPU.
# - fullscreen, the kiosk chooses SDL's wayland driver (cage sets DISPLAY too) and its window is
#   the output's size (grim's picture of the output gives the size; under cage 0.1.4's direct
#   scanout it is black, so the kiosk's log of its window size tells what it fills);
# - in a window smaller than the output, grim (wlroots screencopy) shows the home screen;
# - a folder bind-mounted under /media, as the udev rule mounts a stick, holding a pack with a
#   Chinese file name, makes the kiosk ask for the staff PIN (its log says so: the window, now
#   the output's size, is scanned out directly and grim sees only its first frames).
# cage refuses to run as root: as root, cage and the kiosk run as nobody, in a mount namespace of
# the test's own with an empty /media. Skipped (77) without cage or grim; the stick part is
# skipped, saying why, where the test may not mount.
# Usage: cage_test.sh KIOSK STORE DEMO_PACK SCREENSHOTS
set -uo pipefail
kiosk=$1
store=$2
pack=$3
shots=$4
source "$(dirname "$0")/../support/skip_without.sh"
skip_without cage grim Xwayland
# As root, the test goes on in a mount namespace of its own, where /media is its own.
if [ "$(id -u)" = 0 ] && [ -z "${KIOSK_CAGE_TEST_NS:-}" ]; then
  if KIOSK_CAGE_TEST_NS=1 unshare --mount --propagation private true 2>/dev/null; then
    KIOSK_CAGE_TEST_NS=1 exec unshare --mount --propagation private "$BASH" "$0" "$@"
  fi
  echo "note: no mount namespace here (unshare refused): the stick part is skipped"
fi
# A work folder, check and the tally (tests/support/cli_checks.sh); cage ends with it.
source "$(dirname "$0")/../support/cli_checks.sh"
cage_pid=""
cleanup() {
  [ -n "$cage_pid" ] && kill "$cage_pid" 2>/dev/null
  wait 2>/dev/null
  cd / && [ -z "${KEEP_WORK:-}" ] && rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$shots" "$work/run" "$work/state"
chmod 755 "$work"
chmod 700 "$work/run"
printf 'dpi = 96\nidle = 600\n' >"$work/kiosk.conf"

# as_user COMMAND...: as the kiosk's own user would, not as root (nobody here).
as_user=()
if [ "$(id -u)" = 0 ]; then
  chown -R nobody:nogroup "$work/run" "$work/state"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
session_env=(env -i "PATH=$PATH" "HOME=$work" "XDG_RUNTIME_DIR=$work/run"
  WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 SDL_AUDIODRIVER=dummy)

# start_cage LOG KIOSK_ARGS...: cage and the kiosk, as the unit starts them; returns when the
# kiosk has drawn its first frame (or ended).
start_cage() {
  local log=$1
  shift
  "${as_user[@]}" "${session_env[@]}" cage -d -- "$kiosk" --content "$store" \
    --state "$work/state" --config "$work/kiosk.conf" "$@" >"$work/$log" 2>&1 &
  cage_pid=$!
  for _ in $(seq 600); do
    grep -q "first frame" "$work/$log" && return
    kill -0 "$cage_pid" 2>/dev/null || return
    sleep 0.1
  done
}
stop_cage() {
  kill "$cage_pid" 2>/dev/null
  wait "$cage_pid" 2>/dev/null
  cage_pid=""
}
# grim_shot FILE [ARGS]: a picture of the output through wlroots' screencopy (written here:
# grim runs as the session's user).
grim_shot() {
  local file=$1 socket
  shift
  socket=$(basename "$(ls "$work"/run/wayland-[0-9] 2>/dev/null | head -n1)")
  "${as_user[@]}" env -i "XDG_RUNTIME_DIR=$work/run" "WAYLAND_DISPLAY=$socket" grim "$@" - >"$file"
}

# no_errors LOG: the kiosk logged no error (those it did are shown).
no_errors() {
  ! grep "kiosk: error" "$work/$1"
}

# Fullscreen, as the unit runs it.
start_cage full.log
check "fullscreen: a first frame under cage" grep -q "first frame" "$work/full.log"
check "fullscreen: SDL's wayland driver, not Xwayland" grep -q "video wayland" "$work/full.log"
grim_shot "$work/output.ppm" -t ppm
output=$(head -c 20 "$work/output.ppm" | sed -n 2p)  # "WIDTH HEIGHT"
check "grim gives the output's size ($output)" test -n "$output"
window=$(grep -o "window [0-9]*x[0-9]*" "$work/full.log" | tail -n1)
check "fullscreen: the window fills the output ${output/ /x} ($window)" \
  test "$window" = "window ${output/ /x}"
stop_cage
check "no kiosk errors under cage" no_errors full.log

# A window smaller than the output: grim sees what the kiosk draws.
start_cage window.log --windowed --size 800x480
sleep 1  # its first frames are on the output
grim_shot "$shots/home.png" -g "0,0 800x480"
grim_shot "$work/home.ppm" -t ppm -g "0,0 800x480"
lit=$(tail -c +16 "$work/home.ppm" | tr -d '\0' | wc -c)
check "grim shows the home screen, not a black output ($lit bytes lit)" test "$lit" -gt 500000
check "the home screen's content, not an empty store" no_errors window.log

# A stick, mounted under /media as the udev rule mounts one, with a pack of a Chinese name.
if [ -n "${KIOSK_CAGE_TEST_NS:-}" ] && mount -t tmpfs -o mode=755 media /media 2>/dev/null; then
  stick="$work/stick"
  mkdir -p "$stick" "/media/usb-妇女之家"
  cp "$pack" "$stick/妇女之家 内容包.kpack"
  mount --bind -o ro "$stick" "/media/usb-妇女之家"
  for _ in $(seq 100); do
    grep -q "USB stick with content packs" "$work/window.log" && break
    sleep 0.1
  done
  check "a stick with a pack under /media makes the kiosk ask for the staff PIN" \
    grep -qF "USB stick with content packs: /media/usb-妇女之家; the staff PIN is asked for" \
    "$work/window.log"
  umount "/media/usb-妇女之家"
else
  echo "note: the stick part is skipped: /media cannot be mounted here (not root, or no namespace)"
fi
stop_cage
finish cage_test
