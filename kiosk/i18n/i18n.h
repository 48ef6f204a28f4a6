// Languages, their scripts and fonts, and the UI string catalogs (locales/<code>.po, msgid = the
// English source). A plain library: no UI, no SDL. Loaded at start on the main thread; read-only
// afterwards except for the active language, which the main thread switches.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/base.h"

namespace kiosk::i18n {

// The scripts of the national languages, and of minority languages whose catalogs local
// translators will bring (Yi, Tai Le for Dehong Dai, New Tai Lue for Xishuangbanna Dai, Tai Tham).
enum class Script {
  kLatin,
  kHan,
  kThai,
  kLao,
  kKhmer,
  kMyanmar,
  kYi,
  kTaiLe,
  kNewTaiLue,
  kTaiTham
};
// Every script, in font fallback order: a character no script font has is looked for in these.
constexpr Script kAllScripts[] = {
    Script::kLatin,   Script::kHan, Script::kThai,  Script::kLao,       Script::kKhmer,
    Script::kMyanmar, Script::kYi,  Script::kTaiLe, Script::kNewTaiLue, Script::kTaiTham};

struct FontFace {
  std::string path;  // a font file, e.g. from Debian's fonts-noto-* packages
  int index = 0;     // face index inside a .ttc collection
};

struct Language {
  const char* code;         // catalog name: locales/<code>.po
  const char* ownName;      // how speakers of the language write its name
  const char* englishName;  // for logs and staff
  Script script;
};

constexpr const char* kSourceLanguage = "en";

// Every language the kiosk knows how to show, source language first.
const std::vector<Language>& KnownLanguages();
// nullptr when the code is unknown.
const Language* FindLanguage(std::string_view code);
// The font for a script. The Latin face is always loaded too, for digits and punctuation.
FontFace FontFor(Script script);

// Default-ignorable code points (Unicode's property, from ICU): variation selectors such as
// U+FE0F, joiners (U+200D), U+200B, the soft hyphen. They steer shaping and line breaking but are
// never drawn themselves.
bool IsIgnorable(char32_t cp);

// Every installed font, found with fontconfig, that has characters the script fonts (FontFor)
// lack: Arabic, symbols, historic scripts. The text engine falls back on them in this order:
// regular before other styles, Noto before other families, sans before serif; a font joins only
// when it adds characters the ones before it lack. Colour bitmap fonts (Debian's Noto Color Emoji
// is one CBDT strike at 109 px) are left out: the glyph cache holds coverage, not colour, so an
// emoji no outline font has is drawn as nothing rather than as a box.
class InstalledFonts {
 public:
  // Asks fontconfig once. With no fontconfig configuration there are no fallback fonts, and
  // Shows() knows only the script fonts that are there.
  static InstalledFonts Find();

  const std::vector<FontFace>& Fallback() const { return m_fallback; }
  // Whether Fallback()[i] has cp, from fontconfig's cache: the font file is not opened.
  bool FallbackHas(std::size_t i, char32_t cp) const;
  // Whether the kiosk can show cp: a script font or a fallback font has it, or it is never drawn
  // (default-ignorable, a control character such as a newline).
  bool Shows(char32_t cp) const;

 private:
  struct Sets;  // fontconfig's character sets
  std::vector<FontFace> m_fallback;
  std::shared_ptr<const Sets> m_sets;
};

// Warnings for a pack source folder: every text in its JSON, CSV and subtitle files that has
// characters no installed font has (they would show as boxes), each "FILE: FIELD: U+XXXX ...",
// FIELD a JSON path ("questions[2].answers[0].text.th") or "line N". A file that is not UTF-8
// or not JSON is left to the pack's own checks.
std::vector<std::string> UncoveredText(const std::string& sourceDir);

// Marks a UI string for the catalogs (xgettext --keyword=N_) where it is not translated on the
// spot, e.g. in a table; Translator::Tr() translates it when it is drawn.
constexpr const char* N_(const char* msgid) {
  return msgid;
}

// A translated message with its first "{}" replaced by `arg` (a path, a number): translators
// move the "{}" where their grammar puts it.
std::string Fill(const char* text, const std::string& arg);

// A catalog's plural rule, from its header's "Plural-Forms: nplurals=N; plural=EXPR;": which of
// a count's N translations (msgstr[0..N-1]) a number n takes. EXPR is gettext's C expression over
// n (?:, ||, &&, comparisons, + - * / %, !, parentheses, unsigned numbers), evaluated here as
// GNU gettext evaluates it, so a rule a translator copies from the gettext manual for any
// language (Russian's three forms, Arabic's six) works unchanged.
class PluralRule {
 public:
  // English's rule and gettext's default for a catalog without the header: "n != 1".
  PluralRule();
  // Fails saying what is wrong with the header's value: no nplurals, a formula that does not
  // parse, or one that picks a form beyond nplurals or divides by zero for some n in 0..1000.
  static base::Result<PluralRule> Parse(std::string_view pluralForms);

  int Forms() const { return m_forms; }
  // The form for n, in [0, Forms()). A formula that divides by zero, or picks a form that
  // does not exist, for an n past those Parse tried gives form 0, as gettext's ngettext does.
  int FormFor(unsigned long n) const;

 private:
  struct Node {
    enum class Op { kNumber, kN, kNot, kBinary, kIf } op;
    char binary[3];       // kBinary: "||", "==", "<=", "+", ...
    unsigned long value;  // kNumber
    int a, b, c;          // operands: indexes into m_nodes; kIf: a ? b : c
  };
  struct Parser;
  // nullopt after a division by zero.
  std::optional<unsigned long> Evaluate(int node, unsigned long n) const;

  int m_forms = 2;
  std::vector<Node> m_nodes;  // m_nodes[m_root] is the formula
  int m_root = 0;
};

// One language's translations. Untranslated and fuzzy entries are left out, so they fall back.
class Catalog {
 public:
  // Fails with "FILE:LINE: reason" for every problem libgettextpo reports, names each
  // translation that lost a "{}" placeholder of its msgid, and says what is wrong with a
  // Plural-Forms header the kiosk cannot evaluate.
  static base::Result<Catalog> Load(const std::string& path);

  // nullptr when the catalog has no translation for msgid.
  const char* Find(std::string_view msgid) const;
  // The translation of a count's text (an entry with msgid_plural) for the number n: the
  // msgstr[i] that the catalog's plural rule picks for n; nullptr when it has none.
  const char* FindPlural(std::string_view msgid, unsigned long n) const;

 private:
  std::map<std::string, std::string, std::less<>> m_entries;
  std::map<std::string, std::vector<std::string>, std::less<>> m_plurals;
  PluralRule m_rule;
};

// The catalogs that loaded, and the language the kiosk speaks now.
class Translator {
 public:
  // Loads locales/<code>.po for every known language. A catalog that fails to load is left out
  // and its problems are appended to `problems`; the kiosk then offers the other languages.
  static Translator Load(const std::string& localesDir, std::vector<std::string>* problems);

  // The source language and every language whose catalog loaded, in KnownLanguages() order.
  std::vector<const Language*> Available() const;
  // False (and no change) when the language has no catalog.
  bool SetLanguage(std::string_view code);
  const Language& Current() const { return *m_current; }

  // The translation in the current language; else in its fallback languages, in order; else the
  // English source.
  const char* Tr(const char* msgid) const;
  // A text that shows a count n (gettext's ngettext; xgettext --keyword=TrN:1,2): its plural
  // form for n in the current language; else in its fallback languages; else English, where
  // 1 takes `singular` and every other number `plural`. The caller fills the "{}" with n.
  const char* TrN(const char* singular, const char* plural, unsigned long n) const;
  // The translation in a given loaded language (else the English source).
  const char* TrIn(std::string_view code, const char* msgid) const;
  // The best of a pack's texts for the current language: the language itself, its fallbacks,
  // English, else any; "" when there is none.
  const char* Pick(const std::map<std::string, std::string>& texts) const;
  // The same choice among any per-language items (a leaflet's pages); nullptr when there is none.
  template <class Item>
  const Item* Pick(const std::map<std::string, Item>& items) const {
    auto it = items.find(PickLanguage(
        [&](std::string_view code) { return items.find(std::string(code)) != items.end(); }));
    if (it != items.end()) return &it->second;
    return items.empty() ? nullptr : &items.begin()->second;
  }
  // The current language, else the first of its fallbacks, else English, for which `has` is
  // true; "" when it is true for none of them.
  std::string PickLanguage(const std::function<bool(std::string_view code)>& has) const;

  // Where a language's missing strings come from before English, e.g. a minority language
  // falling back to the national one ("my" -> "th" for a border centre). Default: none.
  void SetFallbacks(std::string_view code, std::vector<std::string> chain);

 private:
  // What `find(code)` gives for the current language, else for its fallbacks in order; nullptr
  // when none of them gives anything.
  template <typename Find>
  const char* InCurrentOrFallbacks(Find find) const;

  std::map<std::string, Catalog, std::less<>> m_catalogs;
  std::map<std::string, std::vector<std::string>, std::less<>> m_fallbacks;
  const Language* m_current = &KnownLanguages().front();
};

}  // namespace kiosk::i18n
