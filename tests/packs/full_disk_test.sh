#!/usr/bin/env bash
# A store on a full disk (issue 13, item 19), on a real small tmpfs:
#   1. a 16 MiB disk filled to the edge: the install is refused saying what it needs in all (the
#      files, the file system's share and the reserve kept for the kiosk) and what is free;
#   2. a disk that fills during an install, at every step: each time the inodes left run out one
#      step later (tmpfs's nr_inodes, which the free-space check does not look at). Every install
#      is either refused with the old version intact, or done; never a store whose version record
#      is behind its content, never a leftover record file.
# Needs root (mount); skips with exit 77 and says why where it may not mount.
# Usage: full_disk_test.sh KIOSKCTL
set -uo pipefail
ctl=$(realpath "$1")
source "$(dirname "$0")/../support/cli_checks.sh"

disk=$work/disk
mkdir "$disk"
if ! mount -t tmpfs -o size=16m tmpfs "$disk" 2>mount-error; then
  echo "SKIP: cannot mount a tmpfs here ($(cat mount-error)); the full-disk test needs root"
  exit 77
fi
trap 'umount "$disk" 2>/dev/null; rm -rf "$work"' EXIT

"$ctl" key generate --out bureau >/dev/null
mkdir trust && cp bureau.pub trust/
# A pack of VERSION with FILES media files of 1 MiB each.
make_pack() {
  local version=$1 files=$2
  rm -rf src && mkdir -p src/media
  printf '{"id": "hotline", "version": %d, "expires": "2099-12-31", "publisher": "Bureau"}' \
    "$version" >src/pack.json
  for i in $(seq "$files"); do head -c $((1 << 20)) /dev/urandom >"src/media/part-$i.bin"; done
  "$ctl" pack build src --key bureau.key --out "hotline-$version.kpack" >/dev/null
  rm -rf "src-$version" && cp -r src "src-$version"
}
make_pack 1 2
make_pack 2 4

# 1. Filled to the edge: 8 MiB left, the pack is 2 MiB.
head -c $((8 << 20)) /dev/zero >"$disk/fill"
free_mib=$(($(stat -f -c '%a * %S' "$disk") >> 20))
run 3 "$ctl" pack install hotline-1.kpack --content "$disk/store" --trust trust
check "the refusal says all it needs: files, file system, reserve" \
  grep -q "it needs 19 MiB free (2 MiB of files, 1 MiB for the file system, and 16 MiB kept free for the kiosk's counts and logs); $free_mib MiB are free" err
check "and how much to free" grep -q "Free $((19 - free_mib)) MiB or more" err
check "nothing installed" test ! -e "$disk/store/hotline"
check "nothing staged" test -z "$(ls -A "$disk/store/.staging")"

# 2. Room for the bytes, inodes running out one step later each time.
umount "$disk"
mount -t tmpfs -o size=64m tmpfs "$disk"
run 0 "$ctl" pack install hotline-1.kpack --content "$disk/store" --trust trust
version_of() { sed -n 's/^ *"version": \([0-9]*\).*/\1/p' "$disk/store/hotline/manifest.json"; }
refused=0
for extra in $(seq 0 30); do
  used=$(($(stat -f -c '%c - %d' "$disk")))
  mount -o remount,nr_inodes=$((used + extra)) "$disk"
  "$ctl" pack install hotline-2.kpack --content "$disk/store" --trust trust >out 2>err
  status=$?
  leftovers=$(find "$disk/store" -name '*.new' -o -name '*.version' | tr '\n' ' ')
  check "no record file left ($extra inodes free): $leftovers" test -z "$leftovers"
  check "nothing staged left ($extra inodes free)" test -z "$(ls -A "$disk/store/.staging")"
  if [ "$status" = 0 ]; then
    check "installed: the content is version 2" test "$(version_of)" = 2
    check "installed: the record says 2" test "$(cat "$disk/store/.versions/hotline")" = 2
    check "installed: the new files" cmp -s src-2/media/part-4.bin "$disk/store/hotline/files/media/part-4.bin"
    break
  fi
  refused=$((refused + 1))
  check "refused with $extra inodes free: exit 3 (got $status)" test "$status" = 3
  check "refused: it says the disk is full" grep -q "No space left on device" err
  check "refused: the content is still version 1" test "$(version_of)" = 1
  check "refused: the record still says 1" test "$(cat "$disk/store/.versions/hotline")" = 1
  check "refused: the old files intact" cmp -s src-1/media/part-1.bin "$disk/store/hotline/files/media/part-1.bin"
done
check "the disk filled at some step before the install fit ($refused refusals)" test "$refused" -gt 3
check "and then it fit" test "$(version_of)" = 2

finish full_disk
