#!/usr/bin/env bash
# Prints the kiosk's speed figures; asserts nothing.
#   1. CPU of 60 s idle home screen in a real window under Xvfb: the kiosk's event-driven loop
#      against Dear ImGui's usual always-redraw loop, each with the X server's CPU too; and the
#      same for one children's contest question (its countdown wakes the kiosk once a second), and
#      for the staff's usage charts over a year of counts (tapped every 20 s, as staff reading them).
#   2. CPU per frame of the home screen at 1920x1080, software renderer, against a blank frame.
#   3. Time from start to first frame.
#   4. An hour outside opening hours against an hour open with nobody there, on a clock 60
#      times faster than real time, each with the X server's CPU too.
#   5. CPU per frame while flinging a list at 1280x720, software renderer: 30 videos against
#      300, and 50 packs on a stick against 5,000.
# Usage: run_benchmarks.sh KIOSK IDLE_BENCH FRAME_BENCH SOURCE_DIR HOURS_BENCH LIST_BENCH
set -euo pipefail
kiosk=$1 idle_bench=$2 frame_bench=$3 source=$4 hours_bench=$5 list_bench=$6
source "$(dirname "$0")/quiet.sh"
seconds=${KIOSK_BENCH_SECONDS:-60}
tick=$(getconf CLK_TCK)

# CPU seconds (user + system) a process has used so far.
cpu_of() { awk -v tick="$tick" '{ printf "%.3f", ($14 + $15) / tick }' "/proc/$1/stat"; }

display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1

echo "== 1. idle home screen, ${seconds} s in a 1280x720 window under Xvfb"
for mode in event always; do
  x_before=$(cpu_of $xvfb)
  quiet "idle_bench $mode" env DISPLAY=$display "$idle_bench" "$mode" "$seconds"
  x_after=$(cpu_of $xvfb)
  echo "      X server cpu_seconds=$(awk -v a="$x_after" -v b="$x_before" 'BEGIN { printf "%.3f", a - b }')"
done

echo "== 1b. one contest question (5 s read out, 20 s countdown) in the same window"
for mode in event always; do
  x_before=$(cpu_of $xvfb)
  quiet "idle_bench $mode contest" env DISPLAY=$display "$idle_bench" "$mode" 25 contest
  x_after=$(cpu_of $xvfb)
  echo "      X server cpu_seconds=$(awk -v a="$x_after" -v b="$x_before" 'BEGIN { printf "%.3f", a - b }')"
done

echo "== 1c. the staff's usage charts, a year of counts, ${seconds} s in the same window"
for mode in event always; do
  x_before=$(cpu_of $xvfb)
  quiet "idle_bench $mode usage" env DISPLAY=$display "$idle_bench" "$mode" "$seconds" usage
  x_after=$(cpu_of $xvfb)
  echo "      X server cpu_seconds=$(awk -v a="$x_after" -v b="$x_before" 'BEGIN { printf "%.3f", a - b }')"
done

echo "== 2. one frame at 1920x1080, software renderer (CPU time per frame)"
quiet frame_bench env SDL_VIDEODRIVER=offscreen "$frame_bench" --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true | grep -E "^BM_|^Benchmark"

echo "== 3. start to first frame (median of 5)"
empty=$(mktemp)
first_frame() {
  for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    "$@" --script "$empty" 2>&1 | sed -n 's/.*first frame after \([0-9]*\) ms/\1/p' |
      tr '\n' ' '
    echo "$(( ($(date +%s%N) - start) / 1000000 ))"
  done | sort -n -k2 | sed -n 3p
}
read -r inside whole < <(first_frame "$kiosk" --headless --size 1920x1080)
echo "headless:     first frame ${inside} ms after main(); whole process (start, frame, exit) ${whole} ms"
read -r inside whole < <(DISPLAY=$display first_frame "$kiosk" --windowed --size 1920x1080)
echo "Xvfb window:  first frame ${inside} ms after main(); whole process (start, frame, exit) ${whole} ms"
rm -f "$empty"

echo "== 4. an hour outside opening hours, and an hour open with nobody there (60x clock)"
for mode in closed open; do
  x_before=$(cpu_of $xvfb)
  quiet "hours_bench $mode" env DISPLAY=$display "$hours_bench" "$mode"
  x_after=$(cpu_of $xvfb)
  echo "      X server cpu_seconds=$(awk -v a="$x_after" -v b="$x_before" 'BEGIN { printf "%.3f", a - b }')"
done

echo "== 5. flinging a list, 1280x720, software renderer (CPU time per frame)"
quiet list_bench env SDL_VIDEODRIVER=offscreen "$list_bench" | grep -E "^BM_|^Benchmark"
