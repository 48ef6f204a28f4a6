#!/usr/bin/env bash
# The package on a clean Debian 12: a root made by `mmdebstrap --variant=apt bookworm` (cached as
# a tarball, so a second run makes none), where `apt-get install ./womens-home-kiosk_*.deb`
# brings the rest from the mirror; then the system user kiosk is there, the unit is enabled, the
# conffile and the udev rules are in place, `kiosk --help` runs, `kioskctl` verifies and (as
# kiosk) installs the demo pack, and the stick mounter asks systemd-mount for the right mount.
# Then `apt-get purge` leaves nothing of the package but the system user, as Debian keeps them.
# Prints the install's time ("clean-root install: N s").
# Runs as root (chroot); skipped (77), saying why, elsewhere or without mmdebstrap or the mirror.
# Usage: clean_root_test.sh DEB_DIR CACHE_DIR
set -uo pipefail
dir=$(realpath "$1")
cache=$(realpath -m "$2")
source "$(dirname "$0")/../support/skip_without.sh"
source "$(dirname "$0")/../support/cli_checks.sh"

if [ "$(id -u)" != 0 ]; then
  echo "skipped: a chroot needs root"
  exit 77
fi
skip_without mmdebstrap
debs=("$dir"/womens-home-kiosk_*.deb)
if [ ! -f "${debs[0]}" ]; then
  echo "FAIL: no womens-home-kiosk_*.deb in $dir (packaging/dev.sh package makes it)"
  exit 1
fi
deb=${debs[0]}

# The clean root, with bookworm's updates and security fixes, which the package was built
# against. Made once; a tarball that is there is whole (written under another name, then moved).
tarball=$cache/bookworm-apt.tar
mirror=http://deb.debian.org
if [ ! -f "$tarball" ]; then
  mkdir -p "$cache"
  start=$(date +%s)
  if ! mmdebstrap --variant=apt --mode=root bookworm "$cache/bookworm-apt.partial.tar" \
    "deb $mirror/debian bookworm main" "deb $mirror/debian bookworm-updates main" \
    "deb $mirror/debian-security bookworm-security main" >"$work/mmdebstrap.log" 2>&1; then
    tail -5 "$work/mmdebstrap.log"
    rm -f "$cache/bookworm-apt.partial.tar"
    echo "skipped: mmdebstrap could not make a bookworm root (no way to $mirror, or no mounts" \
      "allowed here): its log's end is above"
    exit 77
  fi
  mv "$cache/bookworm-apt.partial.tar" "$tarball"
  echo "clean root made in $(($(date +%s) - start)) s: $tarball"
fi

root=$work/root
mkdir "$root"
tar -xf "$tarball" -C "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
name=$(basename "$deb")

# in_root COMMAND...: runs COMMAND in the root, with /proc and /dev, in a mount namespace of its
# own, so that nothing stays mounted when the test ends, however it ends.
in_root() {
  unshare --mount --fork sh -c 'mount -t proc proc "$0/proc" && mount --rbind /dev "$0/dev" &&
    exec chroot "$0" "$@"' "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}

if ! in_root apt-get update >"$work/update.log" 2>&1; then
  tail -5 "$work/update.log"
  echo "skipped: apt-get update failed in the clean root (no way to $mirror, or no mounts" \
    "allowed here): its log's end is above"
  exit 77
fi
start=$(date +%s.%N)
in_root apt-get install -y --no-install-recommends "/tmp/$name" >"$work/install.log" 2>&1
status=$?
seconds=$(awk -v from="$start" -v to="$(date +%s.%N)" 'BEGIN { print to - from }')
check "apt-get install ./$name succeeds in a clean root (exit $status): $(tail -5 "$work/install.log")" \
  test "$status" = 0
printf 'clean-root install: %.0f s (apt-get install of %s: %s packages set up, %s)\n' \
  "$seconds" "$name" "$(grep -c '^Setting up' "$work/install.log")" \
  "$(grep -o 'Need to get [^ ]* [a-zA-Z]*' "$work/install.log")"
# What the package's own scripts said, and any warning.
sed -n '/^Setting up womens-home-kiosk/,/^\(Setting up\|Processing\)/p' "$work/install.log" |
  sed '$d; s/^/    apt: /'
grep -iE "^(W|E):|warning" "$work/install.log" | sed 's/^/    apt: /'

in_root getent passwd kiosk >"$work/passwd"
check "the system user kiosk exists" grep -q '^kiosk:' "$work/passwd"
groups=$(in_root id -nG kiosk)
for group in kiosk video render input audio; do
  check "kiosk is in the group $group (has: $groups)" grep -qw "$group" <<<"$groups"
done
enabled=$(in_root systemctl is-enabled kiosk.service 2>&1)
check "kiosk.service is enabled (systemctl says: $enabled)" test "$enabled" = enabled
check "/etc/kiosk/kiosk.conf is a conffile" \
  grep -q '/etc/kiosk/kiosk.conf' <<<"$(in_root dpkg-query -W -f='${Conffiles}' womens-home-kiosk)"
check "the udev rules are in place" test -f "$root/lib/udev/rules.d/90-kiosk.rules"
check "/etc/kiosk/trusted is there" test -d "$root/etc/kiosk/trusted"
owner=$(in_root stat -c %U:%G /var/lib/kiosk/content /var/lib/kiosk/state | sort -u)
check "the store and the state belong to kiosk (they are $owner)" test "$owner" = kiosk:kiosk

in_root kiosk --help >"$work/help" 2>&1
status=$?
check "kiosk --help runs in the root (exit $status): $(head -3 "$work/help")" test "$status" = 0
check "...and its defaults are the FHS paths" grep -q /var/lib/kiosk/content "$work/help"
demo=/usr/share/kiosk/demo
in_root kioskctl pack verify $demo/demo.kpack --trust $demo >"$work/verify" 2>&1
status=$?
check "kioskctl pack verify of the demo pack succeeds (exit $status): $(cat "$work/verify")" \
  test "$status" = 0
in_root runuser -u kiosk -- kioskctl pack install $demo/demo.kpack --content /var/lib/kiosk/content \
  --trust $demo >"$work/install-pack" 2>&1
status=$?
check "kiosk installs the demo pack into its store (exit $status): $(cat "$work/install-pack")" \
  test "$status" = 0

# The installed kiosk as the service runs it (user kiosk, no flags: the FHS paths and the
# all-comments kiosk.conf), headless: the Chinese catalog from /usr/share/kiosk/locales, the demo
# pack from the store.
cat >"$root/tmp/installed.kscript" <<'SCRIPT'
lang zh_CN
expect-text "视频"
tap "视频"
expect-text "你的工资，你的权利"
SCRIPT
in_root runuser -u kiosk -- env SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy \
  XDG_CACHE_HOME=/tmp/cache kiosk --headless --size 1280x720 --script /tmp/installed.kscript \
  --screenshots /tmp >"$work/kiosk.log" 2>&1
status=$?
check "the installed kiosk shows its Chinese catalog and the demo pack (exit $status): $(tail -5 "$work/kiosk.log")" \
  test "$status" = 0

# The stick mounter, with a systemd-mount that only writes down what it was asked: a FAT stick
# whose label has a space, a slash and Chinese gets the kiosk's ids, UTF-8 names and a safe name.
mkdir "$root/tmp/fake"
printf '#!/bin/sh\necho "$@" >/tmp/fake/asked\n' >"$root/tmp/fake/systemd-mount"
chmod +x "$root/tmp/fake/systemd-mount"
in_root env PATH=/tmp/fake:/usr/bin:/bin ID_FS_TYPE=vfat "ID_FS_LABEL=中文 stick/1" ID_FS_UUID=AB12-CD34 \
  /usr/libexec/kiosk/mount-stick /dev/sdz1
uid=$(cut -d: -f3 "$work/passwd")
gid=$(cut -d: -f4 "$work/passwd")
asked=$(cat "$root/tmp/fake/asked" 2>/dev/null)
check "a FAT stick is mounted without automount, for the kiosk, in UTF-8: $asked" grep -qE -- \
  "--no-block --collect --automount=no --type=vfat --options=nosuid,nodev,noexec,noatime,uid=$uid,gid=$gid,umask=0077,utf8,flush" \
  <<<"$asked"
check "...under /media/usb-中文_stick_1: $asked" grep -qF "/dev/sdz1 /media/usb-中文_stick_1" <<<"$asked"
# An ext4 stick without a label keeps its own owners, under its uuid; NTFS takes Linux's ntfs3.
in_root env PATH=/tmp/fake:/usr/bin:/bin ID_FS_TYPE=ext4 ID_FS_UUID=0f1e2d3c \
  /usr/libexec/kiosk/mount-stick /dev/sdz2
asked=$(cat "$root/tmp/fake/asked" 2>/dev/null)
check "an ext4 stick gets no uid= and its uuid for a name: $asked" grep -qE -- \
  "--type=ext4 --options=nosuid,nodev,noexec,noatime /dev/sdz2 /media/usb-0f1e2d3c$" <<<"$asked"
in_root env PATH=/tmp/fake:/usr/bin:/bin ID_FS_TYPE=ntfs ID_FS_LABEL=DATA \
  /usr/libexec/kiosk/mount-stick /dev/sdz3
asked=$(cat "$root/tmp/fake/asked" 2>/dev/null)
check "an NTFS stick is mounted with ntfs3, for the kiosk: $asked" grep -qE -- \
  "--type=ntfs3 --options=nosuid,nodev,noexec,noatime,uid=$uid,gid=$gid,umask=0077,iocharset=utf8 /dev/sdz3 /media/usb-DATA$" \
  <<<"$asked"

in_root apt-get purge -y womens-home-kiosk >"$work/purge.log" 2>&1
status=$?
check "apt-get purge womens-home-kiosk succeeds (exit $status): $(tail -3 "$work/purge.log")" \
  test "$status" = 0
left=$(cd "$root" && find . -xdev \( -path ./proc -o -path ./tmp \) -prune -o -path '*kiosk*' -print)
check "nothing with 'kiosk' in its path is left after the purge: $left" test -z "$left"
check "the system user kiosk stays, as Debian keeps system users" \
  grep -q '^kiosk:' "$root/etc/passwd"

finish packaging_clean_root
