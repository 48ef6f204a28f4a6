#!/usr/bin/env bash
# `kioskctl pack build` warns about characters no installed font has (they would show as boxes on
# the kiosk): it names the file, the field and each character, and still builds the pack (exit 0).
# The characters are Cypro-Minoan (U+12F90.., Unicode 14), which no Debian 12 font has; the test
# asks fontconfig's own fc-list first, and skips (exit 77) on a machine that has such a font.
# Usage: uncovered_text_test.sh KIOSKCTL
set -uo pipefail
ctl=$1
source "$(dirname "$0")/../support/cli_checks.sh"

if [ -n "$(fc-list ':charset=12f90' file)" ] || [ -n "$(fc-list ':charset=12f91' file)" ]; then
  echo "SKIP: an installed font has Cypro-Minoan; this test needs characters no font has"
  exit 77
fi

run 0 "$ctl" key generate --out bureau
mkdir -p src
printf '{"id": "scripts", "version": 1, "expires": "2099-12-31", "publisher": "Bureau"}' \
  >src/pack.json
# A topic titled in Cypro-Minoan (uncovered), Arabic (fonts-noto-core has it) and Thai with an
# emoji variation selector U+FE0F (never drawn, so never missing).
cat >src/topics.json <<'JSON'
[{"id": "old", "title": {"en": "Old signs 𒾐𒾑𒾐", "ar": "حقوق العمال", "th": "สิทธิ ❤️"}}]
JSON
printf 'number,language,kind,question\n1,en,single,Which sign is 𒾑?\n' >src/sheet.csv

run 0 "$ctl" pack build src --key bureau.key --out scripts-1.kpack
check "the pack is built all the same" test -s scripts-1.kpack
check "the warning names the file and field" grep -q "src/topics.json: \[0\].title.en:" err
check "the warning names each character once" grep -q "U+12F90 U+12F91 (shown as boxes)" err
check "a CSV sheet's line is named" grep -q "src/sheet.csv: line 2: .*U+12F91" err
check "Arabic is covered by an installed font: no warning" bash -c "! grep -q 'title.ar' err"
check "U+FE0F is never drawn: no warning" bash -c "! grep -q 'FE0F\|title.th' err"
check "it is a warning, not an error" grep -q "^kioskctl: warning: " err

run 0 "$ctl" pack verify scripts-1.kpack --trust .
finish uncovered_text
