#!/usr/bin/env bash
# Makes the narration audio of a content file (a quiz, contest set or survey) for people who read
# little: every object in it that has both "narration" and "text" gets text[lang] spoken by
# espeak-ng and written to narration[lang] under OUT_DIR as small mono Ogg Opus, at build time, so
# that no audio sits in git. The same input gives the same bytes (bit-exact ffmpeg output).
# Usage: make_narration.sh JSON_FILE OUT_DIR   writes the files
#        make_narration.sh --list JSON_FILE    prints the files it would write, one a line (CMake
#                                              reads this at configure time)
# On a problem (no text in a narrated language, a path that leaves OUT_DIR) it names the file and
# the field, and exits 1 without writing anything.
set -euo pipefail

usage() {
  echo "usage: make_narration.sh JSON_FILE OUT_DIR | make_narration.sh --list JSON_FILE" >&2
  exit 2
}
list=false
if [ "${1:-}" = "--list" ]; then
  [ $# -eq 2 ] || usage
  list=true json=$2
else
  [ $# -eq 2 ] || usage
  json=$1 out=$2
fi

# One line per file: field, language, path, text in base64 (texts may hold tabs and newlines).
items=$(jq -r '
  paths(type == "object" and has("narration") and has("text")) as $p
  | getpath($p) as $o
  | ($p | map(if type == "number" then "[\(.)]" else ".\(.)" end) | join("") | ltrimstr(".")) as $f
  | $o.narration | to_entries[]
  | [$f, .key, (.value | tostring), (($o.text[.key] // "") | tostring | @base64)] | @tsv' "$json")

problems=0
while IFS=$'\t' read -r field lang path text; do
  [ -n "$field" ] || continue
  # kioskctl would refuse such a path too; refusing it here keeps the writes inside OUT_DIR.
  if ! [[ "$path" =~ ^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$ ]]; then
    echo "$json: $field.narration.$lang: '$path' must be a relative path of a-z, 0-9, '.', '_', '-'" >&2
    problems=$((problems + 1))
  elif [ -z "$text" ]; then
    echo "$json: $field.text.$lang: is missing, but narration.$lang asks for it to be spoken" >&2
    problems=$((problems + 1))
  fi
done <<<"$items"
[ "$problems" -eq 0 ] || exit 1

if $list; then
  [ -z "$items" ] || cut -f3 <<<"$items"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
while IFS=$'\t' read -r _ lang path text; do
  [ -n "$path" ] || continue
  # espeak-ng 1.51's `cmn` voice speaks the pinyin of most characters as English words with tone
  # numbers ("hao two"; espeak-ng issues #1236, #1370); `cmn-latn-pinyin` speaks Mandarin.
  case "$lang" in
    zh_CN) voice=cmn-latn-pinyin ;;
    *) voice=$lang ;;
  esac
  text=$(base64 -d <<<"$text")
  # A text that is only a number is a phone number here (110, 12348): read it digit by digit,
  # not as "one hundred and ten".
  if [[ "$text" =~ ^[0-9]+$ ]]; then
    text=$(grep -o . <<<"$text" | tr '\n' ' ')
  fi
  printf '%s' "$text" | espeak-ng -v "$voice" -s 140 -b 1 --stdin -w "$work/speech.wav"
  mkdir -p "$(dirname "$out/$path")"
  # Opus at 24 kbit/s is plenty for one synthetic voice; bitexact keeps version strings and random
  # Ogg serial numbers out, so a rebuild gives the same bytes. Written beside, then renamed, so an
  # interrupted build never leaves half a file that looks finished.
  ffmpeg -v error -y -nostdin -i "$work/speech.wav" -map_metadata -1 -ac 1 -ar 48000 \
    -c:a libopus -b:a 24k -application voip -fflags +bitexact -flags:a +bitexact \
    -f ogg "$out/$path.partial"
  mv -f "$out/$path.partial" "$out/$path"
done <<<"$items"
