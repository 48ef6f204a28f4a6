#!/usr/bin/env bash
# Pack install throughput against a plain copy of the same bytes, in the same run. Both write to
# the same filesystem and end with the data on disk (install fsyncs; the copy is followed by
# sync), so the comparison is fair. Prints figures; asserts nothing.
# Usage: install_bench.sh KIOSKCTL [MEGABYTES]
set -euo pipefail
ctl=$(realpath "$1")  # absolute: the script works in a folder of its own
megabytes=${2:-200}
work=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-install-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

mkdir -p src/videos trust
printf '{"id": "bench", "version": 1, "expires": "2099-12-31", "publisher": "Bench"}' >src/pack.json
files=20
for i in $(seq "$files"); do
  head -c $((megabytes * 1024 * 1024 / files)) /dev/urandom >"src/videos/clip-$i.mp4"
done
"$ctl" key generate --out bench >/dev/null
cp bench.pub trust/
"$ctl" pack build src --key bench.key --out bench-1.kpack >/dev/null
bytes=$(stat -c %s bench-1.kpack)

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
install_ms=() copy_ms=()
for run in 1 2 3 4 5; do
  rm -rf store copy && mkdir copy && sync
  start=$(date +%s%N)
  "$ctl" pack install bench-1.kpack --content store --trust trust >/dev/null
  install_ms+=("$(ms "$start")")
  start=$(date +%s%N)
  cp bench-1.kpack copy/ && sync
  copy_ms+=("$(ms "$start")")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
i=$(median "${install_ms[@]}") c=$(median "${copy_ms[@]}")
awk -v b="$bytes" -v i="$i" -v c="$c" 'BEGIN {
  printf "pack install: %d MB in %d ms = %.0f MB/s (verify signature, hash, extract, fsync, swap)\n", b / 1e6, i, b / 1e6 / (i / 1000)
  printf "cp + sync:    %d MB in %d ms = %.0f MB/s\n", b / 1e6, c, b / 1e6 / (c / 1000)
  printf "install / copy throughput: %.2fx\n", c / i
}'
