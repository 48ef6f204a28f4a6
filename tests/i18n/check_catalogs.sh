#!/usr/bin/env bash
# Every UI string the code marks for translation (Tr("...") and N_("...")) has a translation in
# every catalog under locales/, every count the code shows (TrN("{} survey", "{} surveys", n))
# is a plural entry there (msgid_plural, msgstr[N]), and every catalog passes `msgfmt --check`.
# Entries that no code shows any more are listed, for translators.
# Usage: check_catalogs.sh SOURCE_DIR
set -euo pipefail
cd "$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t sources < <(find kiosk -name '*.cpp' -o -name '*.h' | sort)
xgettext --language=C++ --from-code=UTF-8 --keyword=Tr --keyword=TrIn:2 --keyword=TrN:1,2 \
  --keyword=N_ --add-comments \
  --output="$work/kiosk.pot" "${sources[@]}"
count=$(grep -c '^msgid ' "$work/kiosk.pot" || true)
if [ "$count" -lt 5 ]; then
  echo "FAIL: xgettext found only $count UI strings in kiosk/: is the keyword list right?"
  exit 1
fi

# The msgids of plural entries, one a line. msgcmp takes a plain entry for a count's msgid, but
# the kiosk looks a count up among plural entries only: such a language would show English.
plural_msgids() {
  msgcat --no-wrap "$1" | awk '/^msgid "/ { id = $0 } /^msgid_plural / { print id }' | sort -u
}
plural_msgids "$work/kiosk.pot" >"$work/counts"

status=0
for po in locales/*.po; do
  if ! msgfmt --check --output-file=/dev/null "$po"; then
    echo "FAIL: $po does not pass msgfmt --check"
    status=1
  fi
  # msgcmp fails for every msgid the code uses that the catalog lacks or leaves untranslated.
  if ! msgcmp "$po" "$work/kiosk.pot" 2>"$work/missing"; then
    echo "FAIL: $po lacks UI strings that the code shows:"
    cat "$work/missing"
    status=1
  fi
  plural_msgids "$po" >"$work/plurals"
  if comm -23 "$work/counts" "$work/plurals" | grep -q .; then
    echo "FAIL: $po translates counts as plain entries; each needs msgid_plural and msgstr[0]...:"
    comm -23 "$work/counts" "$work/plurals"
    status=1
  fi
  # The other way round: entries no code shows any more. Listed for translators, not a failure.
  if ! msgcmp --use-untranslated --use-fuzzy "$work/kiosk.pot" "$po" >/dev/null 2>"$work/unused"; then
    echo "note: $po has entries the code no longer shows:"
    sed -n 's/: this message is used but not defined.*/: unused entry/p' "$work/unused"
  fi
done
[ "$status" = 0 ] && echo "catalogs: $((count - 1)) UI strings, all translated in: $(ls locales/*.po | xargs)"
exit "$status"
