#!/usr/bin/env bash
# Video playback CPU, in the same run: the same 60 s 720p H.264 file played by the kiosk (headless,
# and in a window under Xvfb), by VLC's own player with its X11 window output, and by VLC decoding
# alone; then a paused kiosk player for 60 s. CPU is user + system seconds of the whole process
# (VLC's threads included), plus the X server's for window output. Prints figures; asserts nothing.
# VLC refuses to run as root: as root, VLC runs as the user nobody.
# Usage: play_bench.sh KIOSKCTL PLAY_BENCH
set -euo pipefail
# Absolute: the script works in a folder of its own.
ctl=$(realpath "$1") bench=$(realpath "$2")
source "$(dirname "$0")/quiet.sh"
seconds=${KIOSK_BENCH_SECONDS:-60}
tick=$(getconf CLK_TCK)
work=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-play-bench-XXXXXX")
chmod 755 "$work"
display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"

# The files, with motion in every frame, and sound: 720p and 1080p at 30 frames a second in
# H.264, and a DVD's 4:3 PAL picture (720x576 MPEG-2 at 25, in an MPEG program stream).
mkdir -p src/videos trust
ffmpeg -v error -f lavfi -i "testsrc2=s=1280x720:r=30:d=$seconds" \
  -f lavfi -i "sine=f=440:d=$seconds" -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p \
  -c:a aac -b:a 64k -shortest src/videos/bench.mp4
ffmpeg -v error -f lavfi -i "testsrc2=s=1920x1080:r=30:d=$seconds" \
  -f lavfi -i "sine=f=440:d=$seconds" -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p \
  -c:a aac -b:a 64k -shortest src/videos/bench-1080.mp4
ffmpeg -v error -f lavfi -i "testsrc2=s=720x576:r=25:d=$seconds" \
  -f lavfi -i "sine=f=440:d=$seconds" -c:v mpeg2video -aspect 4:3 -b:v 5M -c:a mp2 -b:a 192k \
  -shortest -f dvd src/videos/bench-sd.mpg
chmod 644 src/videos/*
printf '{"id": "bench", "version": 1, "expires": "2099-12-31", "publisher": "Bench"}' >src/pack.json
printf '[{"id": "bench", "title": {"en": "Bench"}}]' >src/topics.json
video() { printf '{"id": "%s", "topic": "bench", "title": {"en": "%s"}, "files": {"en": "videos/%s"}}' "$@"; }
printf '[%s, %s, %s]' "$(video bench "Sixty seconds" bench.mp4)" \
  "$(video hd "Sixty seconds 1080p" bench-1080.mp4)" \
  "$(video sd "Sixty seconds DVD" bench-sd.mpg)" >src/videos.json
"$ctl" key generate --out bench >/dev/null
cp bench.pub trust/
"$ctl" pack build src --key bench.key --out bench.kpack >/dev/null
"$ctl" pack install bench.kpack --content store --trust trust >/dev/null

cpu_of() { awk -v tick="$tick" '{ printf "%.2f", ($14 + $15) / tick }' "/proc/$1/stat"; }
# CPU seconds of a command and its children: bash's `times`, children's user and system.
children_cpu() {
  ("$@" >/dev/null 2>&1; times) | tail -1 | awk '{
    split($1, u, "m"); split($2, s, "m"); sub("s", "", u[2]); sub("s", "", s[2])
    printf "%.2f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }'
}
as_user() {
  if [ "$(id -u)" = 0 ]; then
    mkdir -p vlc-home && chown nobody vlc-home
    runuser -u nobody -- env HOME="$work/vlc-home" "$@"
  else
    env HOME="$work/vlc-home" "$@"
  fi
}
vlc_args=(--intf dummy --aout adummy --no-video-title-show --play-and-exit -q)

x_delta() { awk -v a="$(cpu_of $xvfb)" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }
echo "== video playback: ${seconds} s of 720p30 H.264 (+AAC), sound decoded and dropped everywhere"
decode=$(children_cpu as_user cvlc "${vlc_args[@]}" --vout dummy "$work/src/videos/bench.mp4")
echo "   VLC, decoding alone (vout dummy): cpu_seconds=$decode"
x=$(cpu_of $xvfb)
vlc_cpu=$(children_cpu as_user env DISPLAY=$display vlc "${vlc_args[@]}" --vout xcb_x11 "$work/src/videos/bench.mp4")
x_cpu=$(x_delta "$x")
echo "   VLC, X11 window output (xcb_x11): vlc_cpu_seconds=$vlc_cpu x_server_cpu_seconds=$x_cpu total=$(awk -v a="$vlc_cpu" -v b="$x_cpu" 'BEGIN { printf "%.2f", a + b }')"
# The kiosk in a 1280x816 window (the video at its own size above the controls): with the
# renderer a user gets (auto: the software renderer here, as Xvfb's OpenGL is Mesa's llvmpipe),
# then with an accelerated one forced (OpenGL on llvmpipe), and headless.
for args in "" "--rv32" "--accelerated"; do
  x=$(cpu_of $xvfb)
  line=$(quiet "the kiosk's player in a window${args:+ ($args)}" env DISPLAY=$display \
    "$bench" play store "Sixty seconds" "$seconds" --window $args)
  echo "   $line x_server_cpu_seconds=$(x_delta "$x")"
done
line=$(quiet "the kiosk's player, headless" "$bench" play store "Sixty seconds" "$seconds")
echo "   $line (SDL's offscreen driver polls for events every millisecond)"
for file in "1080p:bench-1080.mp4" "DVD:bench-sd.mpg"; do
  echo "== the same in ${file%%:*}: ${file#*:} (VLC and the kiosk each fit it to the window)"
  x=$(cpu_of $xvfb)
  vlc_cpu=$(children_cpu as_user env DISPLAY=$display vlc "${vlc_args[@]}" --vout xcb_x11 \
    --width 1280 --height 720 \
    "$work/src/videos/${file#*:}")
  x_cpu=$(x_delta "$x")
  echo "   VLC, X11 window output (xcb_x11): vlc_cpu_seconds=$vlc_cpu x_server_cpu_seconds=$x_cpu total=$(awk -v a="$vlc_cpu" -v b="$x_cpu" 'BEGIN { printf "%.2f", a + b }')"
  x=$(cpu_of $xvfb)
  line=$(quiet "the kiosk's player in a window (${file%%:*})" env DISPLAY=$display \
    "$bench" play store "Sixty seconds ${file%%:*}" "$seconds" --window)
  echo "   $line x_server_cpu_seconds=$(x_delta "$x")"
done
echo "== a paused video, in the window"
x=$(cpu_of $xvfb)
line=$(quiet "the kiosk's paused player" env DISPLAY=$display \
  "$bench" paused store "Sixty seconds" "$seconds" --window)
echo "   $line x_server_cpu_seconds=$(x_delta "$x")"
