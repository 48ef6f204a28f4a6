#!/usr/bin/env bash
# USB sticks on the whole kiosk, headless: a stick with a tampered pack and a new version of the
# demo pack (built and signed here), the script tests/usb/usb.kscript, then what is on the stick
# read back: the counts' CSV with kioskctl, and the store with the new version installed.
#   usb_test.sh KIOSKCTL KIOSK BUILD_DIR SHOTS_DIR
kioskctl=$1 kiosk=$2 build=$3 shots=$4
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../support/cli_checks.sh"

mkdir store state stick
run 0 "$kioskctl" pack install "$build/demo.kpack" --content store --trust "$build/trust"

# Version 2: a help page added, a quiz changed, the survey gone.
cp -r "$build/content/demo" v2
sed -i 's/"version": 1/"version": 2/' v2/pack.json
cat >v2/help/county.json <<'JSON'
{"title": {"en": "County lines", "zh_CN": "县里的求助电话"},
 "body": {"en": "The county's own numbers."},
 "contacts": [{"name": {"en": "County women's federation"}, "number": "12338"}]}
JSON
printf '\n' >>v2/quizzes/safe-migration.json
rm v2/surveys/needs.json
run 0 "$kioskctl" pack build v2 --key "$build/keys/demo.key" --out stick/demo-2.kpack

# Tampered: version 3, with a help page changed after signing (same size, other bytes).
cp -r v2 v3
sed -i 's/"version": 2/"version": 3/' v3/pack.json
run 0 "$kioskctl" pack build v3 --key "$build/keys/demo.key" --out v3.kpack
mkdir unpacked
tar -xf v3.kpack -C unpacked
tar -tf v3.kpack >order
sed -i 's/12338/12339/' unpacked/files/help/county.json
tar -cf stick/a-tampered.kpack -C unpacked -T order
check "the tampered pack is refused by kioskctl too" \
  sh -c "! '$kioskctl' pack verify stick/a-tampered.kpack --trust '$build/trust' 2>/dev/null"

cp "$here/usb.kscript" .
printf 'centre = Test Centre\ntrust = %s\n' "$build/trust" >kiosk.conf
rm -rf "$shots"
run 0 "$kiosk" --headless --content store --state state --config kiosk.conf --script usb.kscript \
  --screenshots "$shots"
check "the store holds version 2" grep -q '"version": *2' store/demo/manifest.json
check "version 1 is kept for a roll back" grep -q '"version": *1' store/.previous/demo/manifest.json

# The counts on the stick: a CSV kioskctl reads back, and its report.
csv=$(ls stick/kiosk-counts-*.csv 2>/dev/null | head -n1)
check "a CSV of the counts is on the stick" test -n "$csv"
check "its HTML report is beside it" test -f "${csv%.csv}.html"
check "no temporary file is left on the stick" sh -c '! ls stick | grep -v "\.kpack$" | grep -qv "^kiosk-counts-.*\.\(csv\|html\)$"'
run 0 "$kioskctl" stats merge "$csv" --out merged.csv
tr -d '\r' <merged.csv >merged.txt
check "the CSV names the centre and the kiosk" \
  grep -q "^Test Centre,$(cat state/kiosk-id),$(date +%F),screen_shown,,videos,en,,1$" merged.txt
check "the staff's own screens are counted too" grep -q ",screen_shown,,staff_usb,en,," merged.txt
finish usb_test
