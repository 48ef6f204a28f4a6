#!/usr/bin/env bash
# The usage counts on a disk the kiosk cannot write, with the real kiosk and kioskctl: a state
# folder on a small tmpfs that is full when the kiosk starts (the sound usage.db stays as it is,
# staff see a red band, the export still shows the old counts), that fills and frees while it runs
# (the counts kept reach usage.db; SIGTERM with counts unsaved exits 3 and says how many), and a
# state folder the kiosk's user may not write (the band says so; the log names the folder).
# Mounting needs root: elsewhere the test is skipped, and says why.
# Usage: disk_test.sh KIOSKCTL KIOSK STORE SCREENSHOTS
set -uo pipefail
ctl=$1 kiosk=$2 store=$3 shots=$4
source "$(dirname "$0")/../support/cli_checks.sh"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy

mkdir state
if ! mount -t tmpfs -o size=512k,mode=0755 tmpfs state 2>mount.err; then
  echo "SKIP: a small tmpfs cannot be mounted here ($(head -n 1 mount.err)): the full disk needs root"
  exit 77
fi
trap 'umount -l "$work/state"; rm -rf "$work"' EXIT
rm -rf "$shots" && mkdir -p "$shots"
fill() { dd if=/dev/zero of=state/fill bs=4k 2>/dev/null; sync; }
# The count of a row of the export (event, item), 0 when it has none.
count_of() { awk -F, -v e="$2" -v i="$3" '$4 == e && $6 == i { n += $9 } END { print n + 0 }' "$1"; }

# [1] Counts made while there is room, and the staff PIN chosen.
cat >first.kscript <<'EOF'
tap "Help"
key Escape
hold 1275 5 5.5
tap "2"
tap "4"
tap "6"
tap "8"
tap "OK"
tap "2"
tap "4"
tap "6"
tap "8"
tap "OK"
expect-text "Leave staff mode"
expect-count help_shown "" 1
EOF
run 0 "$kiosk" --headless --content "$store" --state state --script first.kscript --screenshots .
run 0 "$ctl" stats export --state state --out before.csv --centre Mengla
check "the first run counted its help page" test "$(count_of before.csv help_shown '')" = 1
cp state/usage.db usage.db.before

# [2] Started on a full disk: the sound file is kept, staff see why counts are not saved.
fill
check "the disk is full" bash -c "! dd if=/dev/zero of=state/more bs=4k count=1 2>/dev/null"
rm -f state/more
cat >full.kscript <<'EOF'
expect-text "the disk is full: usage counts are not being saved"
screenshot home-full.png
tap "Help"
key Escape
hold 1275 5 5.5
tap "2"
tap "4"
tap "6"
tap "8"
tap "OK"
tap "About"
expect-text "the disk is full: usage counts are not being saved"
expect-text "Uses counted and not yet saved: "
screenshot about-full.png
tap "Back"
tap "Leave staff mode"
lang my
expect-text "ဒစ်ခ် ပြည့်နေသည်"
screenshot home-full-my.png
EOF
run 0 "$kiosk" --headless --content "$store" --state state --script full.kscript --screenshots "$shots"
cp err full.log
check "a sound usage.db on a full disk is not set aside" bash -c "! ls state | grep -q damaged"
check "nor changed" cmp -s state/usage.db usage.db.before
check "the log says the disk is full, naming the file and the system's reason" \
  grep -q "usage counts are not being saved: .*state/usage.db: the disk is full (No space left on device)" full.log
check "once, not at every attempt" test "$(grep -c 'are not being saved' full.log)" = 1
check "the counts not saved at the end are said to be lost" \
  grep -Eq "usage counts: [0-9]+ counts not written to .*usage.db are lost" full.log
run 0 "$ctl" stats export --state state --out during.csv --centre Mengla
check "kioskctl still exports the old counts from the full disk" \
  test "$(count_of during.csv help_shown '')" = 1
check "all of them" cmp -s before.csv during.csv

# [3] The real loop: counts kept while the disk is full reach usage.db once space is freed.
"$kiosk" --headless --content "$store" --state state 2>running.log &
pid=$!
sleep 2
rm -f state/fill
saved=no
for _ in $(seq 1 30); do
  "$ctl" stats export --state state --out now.csv --centre Mengla 2>/dev/null
  if [ "$(count_of now.csv screen_shown home)" -gt "$(count_of before.csv screen_shown home)" ]; then
    saved=yes
    break
  fi
  sleep 1
done
check "the home screen's count, kept while the disk was full, reached usage.db when space came" \
  test "$saved" = yes
check "the kiosk says so" grep -q "usage counts are saved again in" running.log
kill -TERM "$pid"
wait "$pid"
check "SIGTERM with every count saved exits 0" test $? = 0

# [4] SIGTERM while counts cannot be saved: exit 3, and how many were lost.
fill
"$kiosk" --headless --content "$store" --state state 2>stopped.log &
pid=$!
sleep 2
kill -TERM "$pid"
wait "$pid"
check "SIGTERM with counts unsaved exits 3 (environment failure)" test $? = 3
check "and the log says how many counts were lost" \
  grep -Eq "usage counts: 1 counts not written to .*usage.db are lost" stopped.log
rm -f state/fill

# [5] A state folder the kiosk's user may not write (root's, as after a wrong install).
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
  chmod 755 "$work"
  mkdir -p locked nobody-shots && chmod 755 locked && chmod 777 nobody-shots
  cat >locked.kscript <<'EOF'
expect-text "cannot be written (no permission)"
screenshot home-locked.png
EOF
  chmod 644 locked.kscript
  run 0 setpriv --reuid nobody --regid nogroup --clear-groups env HOME=/nonexistent \
    "$kiosk" --headless --content "$store" --state "$work/locked" --script locked.kscript \
    --screenshots nobody-shots
  check "the log names the folder and the system's reason" \
    grep -q "usage counts are not being saved: $work/locked: no permission to write (Permission denied)" err
  check "the band names the folder" test -s nobody-shots/home-locked.png
  cp nobody-shots/home-locked.png "$shots/"
  check "nothing was written in it" test -z "$(ls -A locked)"
else
  echo "note: no user nobody or no setpriv: the folder without permission is not tried"
fi

finish disk
