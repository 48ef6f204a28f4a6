#!/usr/bin/env bash
# Content size against speed: `pack build`, `pack install` (against `cp -r` + `sync` of the same
# files) and the kiosk's time to its first frame, with the demo pack, the demo plus one quiz of
# 10,000 questions, and a big catalog of 300 videos and 60 quizzes of 20 questions
# (make_big_pack.sh), then opening the big quiz. Prints figures (median of 3); asserts nothing.
# Usage: big_pack_bench.sh KIOSKCTL KIOSK DEMO_DIR [QUESTIONS]
set -euo pipefail
ctl=$(realpath "$1") kiosk=$(realpath "$2") demo=$(realpath "$3") questions=${4:-10000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-big-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

"$ctl" key generate --out bench >/dev/null
mkdir trust && cp bench.pub trust/
bash "$here/make_big_pack.sh" "$demo" big quiz "$questions"
bash "$here/make_big_pack.sh" "$demo" catalog catalog
cp -r "$demo" small

median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
# Runs a command; prints "WALL_MS CPU_MS" (CPU: user + system of the command, from GNU time).
timed() {
  /usr/bin/time -f '%e %U %S' -o times "$@" >/dev/null 2>&1
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' times
}
# The kiosk's own "first frame after N ms" (from main()), started on STORE, running SCRIPT.
first_frame() {
  "$kiosk" --headless --size 1280x720 --content "$1" --state "$work/state" --script "$2" 2>&1 |
    sed -n 's/.*first frame after \([0-9]*\) ms/\1/p'
}
printf '' >empty.kscript
# Opens the big quiz from the home screen, until its first question is drawn.
printf '%s\n' 'tap "Quizzes"' 'tap "The big labour rights quiz"' 'expect-text "Question 1 /"' \
  >open.kscript

echo "== content size: pack build, pack install, first frame (median of 3; wall ms, CPU ms)"
echo "   copy: cp -r of the pack's files + sync, on the same disk; ratio: copy / install"
for pack in small big catalog; do
  bw=() bc=() iw=() ic=() cw=() frame=()
  for run in 1 2 3; do
    read -r w c < <(timed "$ctl" pack build "$pack" --key bench.key --out "$pack.kpack")
    bw+=("$w") bc+=("$c")
    rm -rf "store-$pack" "copy-$pack" && sync
    read -r w c < <(timed "$ctl" pack install "$pack.kpack" --content "store-$pack" --trust trust)
    iw+=("$w") ic+=("$c")
    read -r w c < <(timed sh -c "cp -r $pack copy-$pack && sync")
    cw+=("$w")
    frame+=("$(first_frame "store-$pack" empty.kscript)")
  done
  case $pack in
    small) label=demo ;;
    big) label="demo + $questions questions" ;;
    catalog) label="300 videos, 60 quizzes" ;;
  esac
  i=$(median "${iw[@]}") copy=$(median "${cw[@]}")
  printf '%-26s build %5d ms (CPU %4d)  install %5d ms (CPU %4d)  copy %4d ms = %.2fx  first frame %4d ms  %d files, %d kB\n' \
    "$label" "$(median "${bw[@]}")" "$(median "${bc[@]}")" "$i" "$(median "${ic[@]}")" \
    "$copy" "$(awk -v c="$copy" -v i="$i" 'BEGIN { print c / i }')" "$(median "${frame[@]}")" \
    "$(find "$pack" -type f | wc -l)" "$(($(stat -c %s "$pack.kpack") / 1024))"
done
read -r w c < <(timed "$ctl" --help)
echo "of which kioskctl's own start (its libraries loaded: kioskctl --help): $w ms (CPU $c)"

ow=() oc=()
for run in 1 2 3; do
  read -r w c < <(timed "$kiosk" --headless --size 1280x720 --content store-big \
    --state "$work/state" --script open.kscript)
  ow+=("$w") oc+=("$c")
done
echo "start, open the $questions-question quiz, draw its first question, exit:" \
  "$(median "${ow[@]}") ms (CPU $(median "${oc[@]}") ms)"
