#!/usr/bin/env bash
# `kioskctl stats` as a federation officer and a centre's staff use it: the counts a real kiosk
# made (a headless run of the survey script) exported as CSV, merged with another centre's and
# with itself (counted once), and turned into one HTML report that is well-formed XML and fetches
# and runs nothing; bad input named, with the contract's exit status.
# Usage: stats_cli_test.sh KIOSKCTL KIOSK UI_SCRIPTS_DIR STORE
set -uo pipefail
ctl=$1 kiosk=$2 scripts=$3 store=$4
source "$(dirname "$0")/../support/cli_checks.sh"

# Two centres' kiosks, each used through the survey (answers in two languages).
for centre in a b; do
  check "the survey script runs for centre $centre" \
    env SDL_VIDEODRIVER=offscreen "$kiosk" --headless --content "$store" --state "state-$centre" \
    --script "$scripts/survey.kscript" --screenshots "shots-$centre"
done
month=$(date +%Y-%m)

run 0 "$ctl" stats export --state state-a --out a.csv --centre "Mengla Women's Home"
check "the export is UTF-8 for spreadsheets, with its header" \
  grep -q $'^\xEF\xBB\xBFcentre,kiosk,day,event,pack,item,lang,detail,count' a.csv
check "every row names the centre" \
  bash -c "tail -n +2 a.csv | grep -vq \"^Mengla Women's Home,\" && exit 1 || exit 0"
check "this month's survey answers wait until it is over" bash -c "! grep -q survey_answer a.csv"
check "and the export says so" grep -q "once the month is over (not $month yet)" out
check "the visits of the day are there" grep -q ",screen_shown,,survey,zh_CN,,1" a.csv
check "the kiosk made its id at its first start" test -s state-a/kiosk-id
check "the export carries it" grep -q ",$(cat state-a/kiosk-id)," a.csv
run 0 "$ctl" stats export --state state-b --out b.csv --centre "Jinghong, city drop-in"
check "a centre name with a comma is quoted" grep -q '^"Jinghong, city drop-in",' b.csv

run 0 "$ctl" stats merge a.csv b.csv --out ab.csv
run 0 "$ctl" stats merge a.csv b.csv a.csv ab.csv --out again.csv
check "the same file merged twice is not counted twice" cmp -s ab.csv again.csv
check "the merge keeps both centres" \
  bash -c "grep -q '^Mengla' ab.csv && grep -q '^\"Jinghong' ab.csv"
rows() { tail -n +2 "$1" | wc -l; }
check "the merge has every row of both" test "$(rows ab.csv)" -eq "$(($(rows a.csv) + $(rows b.csv)))"

run 0 "$ctl" stats report ab.csv --out report.html
check "the report is well-formed" xmllint --noout report.html
check "the report runs and fetches nothing" \
  bash -c "! grep -Eq '<script|src=|href=\"http|@import' report.html"
check "the report explains what is hidden" grep -q 'chosen 1 to 4 times in a month is not shown' report.html
check "the report names both centres" \
  bash -c "grep -q 'Mengla Women&apos;s Home\|Mengla Women.s Home' report.html && grep -q 'Jinghong, city drop-in' report.html"

# Bad input: named, exit 2; nothing written.
run 2 "$ctl" stats export --state nowhere --out x.csv --centre A
check "a missing state folder is named" grep -q 'nowhere/usage.db: no usage counts here' err
check "nothing was written" test ! -e x.csv
printf 'centre,kiosk,day,event,pack,item,lang,detail,count\nA,k,2026-06-01,session_started,,,en,,many\n' >bad.csv
run 2 "$ctl" stats merge a.csv bad.csv --out y.csv
check "a bad row is named by file, line and column" grep -q "bad.csv:2:9: count: 'many'" err
check "nothing was merged" test ! -e y.csv
run 2 "$ctl" stats report missing.csv --out z.html
check "a missing export is named" grep -q 'missing.csv: cannot be read' err
run 1 "$ctl" stats merge --out y.csv
run 0 "$ctl" stats export --state state-a --out unnamed.csv
check "an export without --centre says so" grep -q "no --centre given" out
run 2 "$ctl" stats merge a.csv unnamed.csv --out y.csv
check "one kiosk under two names is refused" grep -q "is called '', but 'Mengla Women's Home' in a.csv" err

# An export opened and saved again in a spreadsheet. An export as kioskctl wrote them before
# (survey answers "1/4", score bands "80-100"), written again by this one.
printf '%s\r\n' 'centre,kiosk,day,event,pack,item,lang,detail,count' \
  'Mengla,a1b2c3d4e5f6,2026-05,survey_answer,demo,needs,,1/4,6' \
  'Mengla,a1b2c3d4e5f6,2026-05,survey_answer,demo,needs,,3/1,9' \
  'Mengla,a1b2c3d4e5f6,2026-05-02,quiz_completed,demo,rights,en,80-100,2' >old.csv
run 0 "$ctl" stats merge old.csv --out new.csv
check "survey answers are written in words no spreadsheet reads as a date" grep -q ',Q1 A4,6' new.csv
check "and so are score bands" grep -q ',score 80-100,2' new.csv
# What Excel writes back after opening it: dates where the answers were.
sed -e 's|,1/4,|,4-Jan,|' -e 's|,3/1,|,1-Mar,|' old.csv >excel.csv
run 2 "$ctl" stats merge new.csv excel.csv --out twice.csv
check "an answer turned into a date is refused, naming file, line and column" \
  grep -q "excel.csv:2:8: detail: '4-Jan' is not a question and an answer" err
check "and nothing is written" test ! -e twice.csv
# LibreOffice, as a user who lets it detect dates and numbers opens and saves them.
if command -v soffice >/dev/null; then
  resave() {
    mkdir -p "lo-$1" && soffice -env:UserInstallation="file://$PWD/lo-profile" --headless \
      --infilter="CSV:44,34,76,1,,1033,false,true" --convert-to csv --outdir "lo-$1" "$1.csv" \
      >/dev/null 2>&1
  }
  resave new
  check "LibreOffice keeps the answers as text" grep -q ',Q1 A4,6' lo-new/new.csv
  run 0 "$ctl" stats merge new.csv lo-new/new.csv --out both.csv
  check "the file saved again by LibreOffice merges with the first, each answer counted once" \
    cmp -s new.csv both.csv
  resave old
  check "LibreOffice turns the old form into a date" grep -q ',01/04/26,' lo-old/old.csv
  run 2 "$ctl" stats merge new.csv lo-old/old.csv --out twice.csv
  check "which is refused" grep -q "old.csv:2:8: detail: '01/04/26' is not a question" err
else
  echo "note: no LibreOffice (soffice): the round trip through a real spreadsheet is not tried"
fi

finish kioskctl_stats
