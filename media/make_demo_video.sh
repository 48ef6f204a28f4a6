#!/usr/bin/env bash
# Makes a short demo video from a text recipe: a title card in the topic's colour, the recipe's
# lines spoken by espeak-ng, and an .srt subtitle file with one cue per line. Small H.264 files,
# made at build time so that no large media sits in git.
# Usage: make_demo_video.sh RECIPE.txt LANG OUT.mp4 OUT.srt TITLE COLOUR
set -euo pipefail
recipe=$1 lang=$2 out=$3 srt=$4 title=$5 colour=$6
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# espeak-ng 1.51's plain `cmn` reads most characters as pinyin with tone numbers (espeak-ng #1236).
case "$lang" in
  zh_CN) voice=cmn-latn-pinyin ;;
  *) voice=$lang ;;
esac
font=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

# srt_time SECONDS -> HH:MM:SS,mmm
srt_time() {
  awk -v t="$1" 'BEGIN { ms = int(t * 1000 + 0.5); printf "%02d:%02d:%02d,%03d", ms / 3600000, (ms / 60000) % 60, (ms / 1000) % 60, ms % 1000 }'
}

: >"$srt"
: >"$work/list.txt"
# 0.4 s of silence between spoken lines, as the subtitle times assume.
ffmpeg -v error -y -f lavfi -i anullsrc=r=22050:cl=mono -t 0.4 "$work/gap.wav"
start=0.5
n=0
while IFS= read -r line || [ -n "$line" ]; do
  [ -z "$line" ] && continue
  n=$((n + 1))
  espeak-ng -v "$voice" -s 140 -w "$work/$n.wav" "$line"
  length=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$work/$n.wav")
  end=$(awk -v s="$start" -v l="$length" 'BEGIN { printf "%.3f", s + l }')
  printf '%d\n%s --> %s\n%s\n\n' "$n" "$(srt_time "$start")" "$(srt_time "$end")" "$line" >>"$srt"
  [ "$n" -gt 1 ] && echo "file '$work/gap.wav'" >>"$work/list.txt"
  echo "file '$work/$n.wav'" >>"$work/list.txt"
  start=$(awk -v e="$end" 'BEGIN { printf "%.3f", e + 0.4 }')
done <"$recipe"

# The lines one after another, 0.4 s apart, after half a second of quiet.
ffmpeg -v error -y -f concat -safe 0 -i "$work/list.txt" -af "adelay=500|500,apad=pad_dur=1" \
  -ar 22050 -ac 1 "$work/narration.wav"
printf '%s' "$title" >"$work/title.txt"
duration=$(awk -v s="$start" 'BEGIN { printf "%.1f", s + 1 }')
ffmpeg -v error -y -f lavfi -i "color=c=$colour:s=640x360:d=$duration:r=15" -i "$work/narration.wav" \
  -vf "drawtext=fontfile=$font:textfile=$work/title.txt:fontcolor=white:fontsize=36:x=(w-text_w)/2:y=(h-text_h)/2,drawtext=fontfile=$font:text='DEMO':fontcolor=white@0.6:fontsize=18:x=12:y=12" \
  -c:v libx264 -preset veryfast -crf 30 -pix_fmt yuv420p -c:a aac -b:a 48k -shortest \
  -movflags +faststart "$out"
