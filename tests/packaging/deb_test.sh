#!/usr/bin/env bash
# The built package, as a centre would get it: lintian finds no error and no warning, every unit
# passes `systemd-analyze verify` without a word on stderr (it exits 0 on a misspelt value and
# only says so there), the kiosk's sandbox scores at most 2.5 in `systemd-analyze security`, the
# udev rules are well formed, and the conffile, man pages and system files are where they belong.
# Prints the package's size and the sandbox's score.
# Usage: deb_test.sh DEB_DIR   (where packaging/dev.sh package put it)
set -uo pipefail
dir=$(realpath "$1")
source "$(dirname "$0")/../support/cli_checks.sh"

debs=("$dir"/womens-home-kiosk_*.deb)
if [ ! -f "${debs[0]}" ]; then
  echo "FAIL: no womens-home-kiosk_*.deb in $dir (packaging/dev.sh package makes it)"
  exit 1
fi
deb=${debs[0]}
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes ($(du -h "$deb" | cut -f1))"

# lintian on the .changes checks the .deb and its .buildinfo. Its notes on running as root are
# not findings.
changes=("$dir"/womens-home-kiosk_*.changes)
lintian --fail-on error,warning --display-info "${changes[0]}" >"$work/lintian" 2>&1
status=$?
sed 's/^/    lintian: /' "$work/lintian"
check "lintian --fail-on error,warning passes (exit $status)" test "$status" = 0

root=$work/root
dpkg-deb -x "$deb" "$root"
dpkg-deb -e "$deb" "$work/control"

for unit in "$root"/lib/systemd/system/*.service; do
  name=$(basename "$unit")
  # Not --root: verify then wants the whole system (sysinit.target, /usr/bin/cage) inside it.
  # The unit's program is cage, looked for on this machine (packaging/debian-packages.txt).
  systemd-analyze verify --man=no "$unit" >"$work/verify.out" 2>"$work/verify.err"
  status=$?
  check "systemd-analyze verify $name exits 0 (exit $status)" test "$status" = 0
  check "systemd-analyze verify $name says nothing on stderr: $(cat "$work/verify.err")" \
    test ! -s "$work/verify.err"
  systemd-analyze security --offline=yes --root="$root" "$name" >"$work/security" 2>&1
  score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$work/security")
  echo "systemd-analyze security --offline=yes $name: ${score:-no score}"
  check "$name has a security score: $(tail -3 "$work/security")" test -n "$score"
  check "$name's exposure $score is at most 2.5" awk -v s="${score:-99}" 'BEGIN { exit !(s <= 2.5) }'
done
check "kiosk.service is in the package" test -f "$root/lib/systemd/system/kiosk.service"

# The udev rules: udevadm verify arrived in systemd 254 (Debian 12 has 252); without it, each
# rule (continued lines joined) must be a comma-separated list of KEY{attr}OP"value".
rules=("$root"/lib/udev/rules.d/*.rules)
check "the package has udev rules" test -f "${rules[0]}"
if udevadm verify --help >/dev/null 2>&1; then
  check "udevadm verify passes the rules" udevadm verify "${rules[@]}"
else
  echo "note: this udevadm has no verify (systemd 254); the rules get a syntax check only"
  for rules_file in "${rules[@]}"; do
    bad=$(sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*//; ta' "$rules_file" | grep -v '^[[:space:]]*\(#\|$\)' |
      grep -vE '^([A-Z_]+(\{[^}]+\})?(==|!=|=|\+=|-=|:=)"[^"]*"(,[[:space:]]*|[[:space:]]*$))+$')
    check "every rule of $(basename "$rules_file") is KEY{attr}OP\"value\", ...: $bad" test -z "$bad"
  done
fi
check "the stick mounter is an executable sh script without syntax errors" \
  sh -n "$root/usr/libexec/kiosk/mount-stick"

check "/etc/kiosk/kiosk.conf is a conffile" grep -qx /etc/kiosk/kiosk.conf "$work/control/conffiles"
check "every line of kiosk.conf is a comment or empty (all defaults)" \
  test -z "$(grep -v '^\(#.*\)\?$' "$root/etc/kiosk/kiosk.conf")"
check "/etc/kiosk/trusted is there" test -d "$root/etc/kiosk/trusted"
check "the postinst makes the user (sysusers)" grep -q systemd-sysusers "$work/control/postinst"
check "the postinst makes /var/lib/kiosk (tmpfiles)" grep -q systemd-tmpfiles "$work/control/postinst"
check "the postinst enables kiosk.service" grep -q "deb-systemd-helper.*enable.*kiosk.service" \
  "$work/control/postinst"
# The first install must not start the kiosk: it would hang up a shell on tty1, maybe apt's.
check "the postinst starts the kiosk only again after an upgrade (try-restart)" \
  test "$(grep -c 'deb-systemd-invoke' "$work/control/postinst")" = 1 -a \
  "$(grep -c "deb-systemd-invoke try-restart 'kiosk.service'" "$work/control/postinst")" = 1
check "the prerm stops the kiosk on removal" grep -q "deb-systemd-invoke stop kiosk.service" \
  "$work/control/prerm"
for file in usr/bin/kiosk usr/bin/kioskctl usr/share/man/man1/kiosk.1.gz \
  usr/share/man/man1/kioskctl.1.gz usr/share/kiosk/locales/zh_CN.po usr/share/kiosk/sounds/tick.ogg \
  usr/share/kiosk/demo/demo.kpack usr/share/kiosk/demo/demo.pub \
  usr/lib/systemd/journald.conf.d/kiosk.conf usr/lib/sysusers.d/womens-home-kiosk.conf \
  usr/lib/tmpfiles.d/womens-home-kiosk.conf; do
  check "the package has /$file" test -f "$root/$file"
done
check "nothing is installed into the store" test ! -e "$root/var/lib/kiosk"

finish packaging_deb
