// Catalogs: the translators' .po files load, a broken one is reported by file and line, a
// missing translation falls back to English, and a count takes the plural form its catalog's
// Plural-Forms formula picks.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "i18n/i18n.h"
#include "support/temp_dir.h"

namespace kiosk::i18n {
namespace {

const std::string kLocales = KIOSK_SOURCE_DIR "/locales";

std::string WriteTemp(const std::string& name, const std::string& text) {
  static testing::TempDir dir("kiosk-catalog-test");
  const std::string path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

TEST(CatalogTest, ChineseCatalogTranslatesTheHomeScreen) {
  base::Result<Catalog> catalog = Catalog::Load(kLocales + "/zh_CN.po");
  ASSERT_TRUE(catalog.ok()) << catalog.error();
  ASSERT_NE(catalog.value().Find("Videos"), nullptr);
  EXPECT_STREQ(catalog.value().Find("Videos"), "视频");
  EXPECT_EQ(catalog.value().Find("no such message"), nullptr);
}

TEST(CatalogTest, ASyntaxErrorNamesTheFileAndLine) {
  const std::string path = WriteTemp("broken.po",
                                     "msgid \"\"\nmsgstr \"Content-Type: text/plain; "
                                     "charset=UTF-8\\n\"\n\nmsgid \"Videos\"\nmsgstr \"视频\n");
  base::Result<Catalog> catalog = Catalog::Load(path);
  ASSERT_FALSE(catalog.ok());
  // gettext counts the line after an unterminated string; either way the reader is sent there.
  EXPECT_EQ(catalog.error().rfind(path + ":", 0), 0u) << catalog.error();
  EXPECT_NE(catalog.error().find("end-of-line within string"), std::string::npos);
}

TEST(CatalogTest, ATranslationThatDropsAPlaceholderIsRefused) {
  const std::string path = WriteTemp(
      "placeholder.po",
      "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
      "msgid \"For staff: no content is installed in {}.\"\nmsgstr \"尚未安装任何内容。\"\n");
  base::Result<Catalog> catalog = Catalog::Load(path);
  ASSERT_FALSE(catalog.ok()) << "staff would lose the folder the message is about";
  EXPECT_NE(catalog.error().find(path), std::string::npos) << catalog.error();
  EXPECT_NE(catalog.error().find("{}"), std::string::npos) << catalog.error();
}

TEST(CatalogTest, FuzzyAndEmptyTranslationsFallBackToEnglish) {
  const std::string path =
      WriteTemp("partial.po",
                "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                "#, fuzzy\nmsgid \"Videos\"\nmsgstr \"视频\"\n\nmsgid \"Help\"\nmsgstr \"\"\n\n"
                "msgid \"Back\"\nmsgstr \"返回\"\n");
  base::Result<Catalog> catalog = Catalog::Load(path);
  ASSERT_TRUE(catalog.ok()) << catalog.error();
  EXPECT_EQ(catalog.value().Find("Videos"), nullptr) << "a fuzzy entry is a translator's guess";
  EXPECT_EQ(catalog.value().Find("Help"), nullptr);
  EXPECT_STREQ(catalog.value().Find("Back"), "返回");
}

TEST(TranslatorTest, SwitchesLanguageAndFallsBackToEnglish) {
  std::vector<std::string> problems;
  Translator translator = Translator::Load(kLocales, &problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_STREQ(translator.Tr("Videos"), "Videos");
  ASSERT_TRUE(translator.SetLanguage("zh_CN"));
  EXPECT_STREQ(translator.Tr("Videos"), "视频");
  EXPECT_STREQ(translator.Tr("A string nobody translated"), "A string nobody translated");
  EXPECT_FALSE(translator.SetLanguage("xx"));
  EXPECT_STREQ(translator.Current().code, "zh_CN") << "a refused switch changes nothing";
}

TEST(TranslatorTest, AFallbackChainComesBeforeEnglish) {
  testing::TempDir dir("kiosk-fallback-test");
  const std::string header =
      "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n";
  std::ofstream(dir / "my.po") << header << "msgid \"Videos\"\nmsgstr \"ဗီဒီယို\"\n";
  std::ofstream(dir / "th.po") << header << "msgid \"Videos\"\nmsgstr \"วิดีโอ\"\n\n"
                               << "msgid \"Help\"\nmsgstr \"ความช่วยเหลือ\"\n";
  std::vector<std::string> problems;
  Translator translator = Translator::Load(dir.path().string(), &problems);
  ASSERT_TRUE(problems.empty());
  ASSERT_TRUE(translator.SetLanguage("my"));
  EXPECT_STREQ(translator.Tr("Help"), "Help") << "default: straight to English";
  translator.SetFallbacks("my", {"th"});
  EXPECT_STREQ(translator.Tr("Videos"), "ဗီဒီယို") << "the language's own first";
  EXPECT_STREQ(translator.Tr("Help"), "ความช่วยเหลือ") << "then its fallback";
  EXPECT_STREQ(translator.Tr("Back"), "Back") << "then English";
}

TEST(TranslatorTest, OffersEachLanguageByItsOwnName) {
  std::vector<std::string> problems;
  Translator translator = Translator::Load(kLocales, &problems);
  std::vector<std::string> names;
  for (const Language* language : translator.Available()) names.push_back(language->ownName);
  ASSERT_GE(names.size(), 2u);
  EXPECT_EQ(names[0], "English");
  EXPECT_EQ(names[1], "简体中文");
}

TEST(TranslatorTest, ABrokenCatalogIsLeftOutAndReported) {
  testing::TempDir dir("kiosk-locales-test");
  std::ofstream(dir / "zh_CN.po") << "msgid \"Videos\"\nmsgstr \n";
  std::vector<std::string> problems;
  Translator translator = Translator::Load(dir.path().string(), &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("zh_CN.po:"), std::string::npos) << problems[0];
  EXPECT_EQ(translator.Available().size(), 1u) << "only English is offered";
}

// [SECTION] Terms: the glossary and the catalogs agree

// Buttons and labels that share a screen somewhere (the staff tabs, the PIN pad, the USB
// screen, the player): one word for two of them leaves staff guessing which is which, as
// Vietnamese "Cài đặt" for both Settings and Install, or "Remove" written as "Delete", did.
TEST(TermsTest, NoTwoShortTermsShareATranslation) {
  const char* kTerms[] = {"Back", "Cancel", "OK",       "Delete",  "Remove",
                          "Play", "Pause",  "Stop",     "Error",   "Warning",
                          "Done", "Help",   "Settings", "Install", "About"};
  std::vector<std::string> problems;
  Translator translator = Translator::Load(kLocales, &problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  ASSERT_EQ(translator.Available().size(), KnownLanguages().size());
  for (const Language* language : translator.Available()) {
    std::map<std::string, std::string> seen;  // translation -> English term
    for (const char* term : kTerms) {
      const std::string word = translator.TrIn(language->code, term);
      auto [it, fresh] = seen.emplace(word, term);
      EXPECT_TRUE(fresh) << language->code << ": \"" << term << "\" and \"" << it->second
                         << "\" are both \"" << word << "\"";
    }
  }
}

// locales/GLOSSARY.md has a table per language ("## Chinese (zh_CN)"), one term a row:
// "| English | chosen | why |", several terms in a row separated by " / ". Every row whose
// English is a msgid must give that catalog's translation, so the glossary translators read
// is the one the kiosk shows.
TEST(TermsTest, TheGlossarySaysWhatEachCatalogShows) {
  std::ifstream in(kLocales + "/GLOSSARY.md");
  ASSERT_TRUE(in) << "locales/GLOSSARY.md";
  auto split = [](std::string text, const std::string& by) {
    std::vector<std::string> parts;
    for (std::size_t at; (at = text.find(by)) != std::string::npos; text.erase(0, at + by.size())) {
      parts.push_back(text.substr(0, at));
    }
    parts.push_back(text);
    for (std::string& part : parts) {
      part.erase(0, part.find_first_not_of(' '));
      part.erase(part.find_last_not_of(' ') + 1);
    }
    return parts;
  };
  std::map<std::string, int> checked;  // language code -> terms compared
  std::string code;
  std::optional<Catalog> catalog;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) {
      code = line.substr(line.find('(') + 1, line.find(')') - line.find('(') - 1);
      base::Result<Catalog> loaded = Catalog::Load(kLocales + "/" + code + ".po");
      ASSERT_TRUE(loaded.ok()) << line << ": " << loaded.error();
      catalog = std::move(loaded.value());
      continue;
    }
    if (!catalog || line.rfind("| ", 0) != 0) continue;
    const std::vector<std::string> cells = split(line.substr(2), " | ");
    if (cells.size() < 3 || cells[0] == "English" || cells[0] == "---") continue;
    std::vector<std::string> english = split(cells[0], " / ");
    const std::vector<std::string> chosen = split(cells[1], " / ");
    ASSERT_TRUE(chosen.size() == 1 || chosen.size() == english.size()) << code << ": " << line;
    for (std::size_t i = 0; i < english.size(); ++i) {
      // "Help (tile)": the msgid, then where it is shown.
      const std::string msgid = english[i].substr(0, english[i].find(" ("));
      const char* translated = catalog->Find(msgid);
      if (!translated) continue;  // a term the kiosk does not show on its own ("Yes")
      EXPECT_EQ(translated, chosen.size() == 1 ? chosen[0] : chosen[i])
          << code << ": \"" << msgid << "\" in locales/" << code << ".po";
      ++checked[code];
    }
  }
  ASSERT_EQ(checked.size(), KnownLanguages().size() - 1) << "a table for every catalog";
  for (const auto& [language, count] : checked) {
    EXPECT_GE(count, 12) << language << ": too few rows were compared to trust the table";
  }
}

// [SECTION] Plural forms

// The forms a rule picks for 0..n.
std::string FormsUpTo(const PluralRule& rule, unsigned long n) {
  std::string forms;
  for (unsigned long i = 0; i <= n; ++i) forms += static_cast<char>('0' + rule.FormFor(i));
  return forms;
}

TEST(PluralRuleTest, EvaluatesTheFormulasOfTheGettextManual) {
  // English, and every catalog the kiosk ships: one form for every number.
  base::Result<PluralRule> english = PluralRule::Parse("nplurals=2; plural=n != 1;");
  ASSERT_TRUE(english.ok()) << english.error();
  EXPECT_EQ(english.value().Forms(), 2);
  EXPECT_EQ(FormsUpTo(english.value(), 3), "1011");
  base::Result<PluralRule> one = PluralRule::Parse(" nplurals=1; plural=0;");
  ASSERT_TRUE(one.ok()) << one.error();
  EXPECT_EQ(FormsUpTo(one.value(), 3), "0000");

  // Russian: 1, 21, 101 take the first form; 2-4, 22-24 the second; 5-20, 111-114 the third.
  base::Result<PluralRule> russian = PluralRule::Parse(
      "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "
      "n%100>=20) ? 1 : 2;");
  ASSERT_TRUE(russian.ok()) << russian.error();
  EXPECT_EQ(FormsUpTo(russian.value(), 25), "20111222222222222222201112");
  EXPECT_EQ(russian.value().FormFor(101), 0);
  EXPECT_EQ(russian.value().FormFor(111), 2);
  EXPECT_EQ(russian.value().FormFor(1000001), 0) << "numbers past those Parse tried";

  // Arabic's six forms, nested conditions without parentheses.
  base::Result<PluralRule> arabic = PluralRule::Parse(
      "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
      "n%100>=11 ? 4 : 5;");
  ASSERT_TRUE(arabic.ok()) << arabic.error();
  EXPECT_EQ(FormsUpTo(arabic.value(), 11), "012333333334");
  EXPECT_EQ(arabic.value().FormFor(100), 5);
  EXPECT_EQ(arabic.value().FormFor(102), 5);

  // Precedence: * before +, + before <, and ! on its operand only.
  base::Result<PluralRule> precedence =
      PluralRule::Parse("nplurals=3; plural=1 + n * 2 < 4 ? !n : 2;");
  ASSERT_TRUE(precedence.ok()) << precedence.error();
  EXPECT_EQ(FormsUpTo(precedence.value(), 2), "102");
}

TEST(PluralRuleTest, AFormulaTheKioskCannotUseIsRefusedSayingWhy) {
  struct Case {
    const char* header;
    const char* why;
  };
  for (const Case& c : {Case{"nplurals=2;", "lacks"}, Case{"nplurals=x; plural=0;", "nplurals"},
                        Case{"nplurals=2; plural=n !=;", "the formula ends too soon"},
                        Case{"nplurals=2; plural=(n != 1;", "\")\" expected"},
                        Case{"nplurals=2; plural=n ? 1;", "\":\" expected"},
                        Case{"nplurals=2; plural=n # 1;", "unexpected"},
                        Case{"nplurals=2; plural=m != 1;", "unexpected \"m\""},
                        Case{"nplurals=1; plural=n != 1;", "gives form 1 for n = 0"},
                        Case{"nplurals=2; plural=n / (n - 1);", "divides by zero for n = 1"}}) {
    base::Result<PluralRule> rule = PluralRule::Parse(c.header);
    ASSERT_FALSE(rule.ok()) << c.header;
    EXPECT_NE(rule.error().find(c.why), std::string::npos) << c.header << ": " << rule.error();
  }
  std::string deep = "nplurals=1; plural=";
  for (int i = 0; i < 5000; ++i) deep += '(';
  EXPECT_FALSE(PluralRule::Parse(deep + "0").ok()) << "refused, not a stack overflow";
  std::string chain = "nplurals=1; plural=0";
  for (int i = 0; i < 100000; ++i) chain += "*n";
  EXPECT_FALSE(PluralRule::Parse(chain).ok()) << "refused, not evaluated 1001 times";
}

TEST(CatalogTest, ACountTakesThePluralFormOfItsCatalog) {
  // A Russian catalog as msginit starts one (its Plural-Forms from gettext's own table) and a
  // translator fills it; msgfmt --check accepts it.
  const std::string path = WriteTemp(
      "ru.po",
      "msgid \"\"\nmsgstr \"\"\n\"Language: ru\\n\"\n\"Content-Type: text/plain; "
      "charset=UTF-8\\n\"\n\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
      "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n\n"
      "msgid \"{} survey\"\nmsgid_plural \"{} surveys\"\n"
      "msgstr[0] \"{} опрос\"\nmsgstr[1] \"{} опроса\"\nmsgstr[2] \"{} опросов\"\n");
  const std::string check = "msgfmt --check --output-file=/dev/null " + path;
  ASSERT_EQ(std::system(check.c_str()), 0) << "the file is one translators' tools accept";
  base::Result<Catalog> catalog = Catalog::Load(path);
  ASSERT_TRUE(catalog.ok()) << catalog.error();
  EXPECT_STREQ(catalog.value().FindPlural("{} survey", 1), "{} опрос");
  EXPECT_STREQ(catalog.value().FindPlural("{} survey", 3), "{} опроса");
  EXPECT_STREQ(catalog.value().FindPlural("{} survey", 11), "{} опросов");
  EXPECT_STREQ(catalog.value().FindPlural("{} survey", 21), "{} опрос");
  EXPECT_EQ(catalog.value().FindPlural("{} video", 1), nullptr);
  EXPECT_EQ(catalog.value().Find("{} survey"), nullptr) << "a count is looked up with its number";
}

TEST(CatalogTest, APluralTranslationThatDropsItsNumberIsRefused) {
  const std::string path =
      WriteTemp("plural-placeholder.po",
                "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                "\"Plural-Forms: nplurals=2; plural=n != 1;\\n\"\n\n"
                "msgid \"{} survey\"\nmsgid_plural \"{} surveys\"\n"
                "msgstr[0] \"one survey\"\nmsgstr[1] \"{} surveys\"\n");
  base::Result<Catalog> catalog = Catalog::Load(path);
  ASSERT_FALSE(catalog.ok()) << "staff would not see how many";
  EXPECT_NE(catalog.error().find("{} survey"), std::string::npos) << catalog.error();
}

TEST(CatalogTest, AHeaderWhoseFormulaDoesNotFitItsFormsIsReportedByFile) {
  const std::string path =
      WriteTemp("bad-plural.po",
                "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                "\"Plural-Forms: nplurals=1; plural=n > 1 ? 2 : 0;\\n\"\n\n"
                "msgid \"Videos\"\nmsgstr \"视频\"\n");
  base::Result<Catalog> catalog = Catalog::Load(path);
  ASSERT_FALSE(catalog.ok());
  EXPECT_NE(catalog.error().find(path), std::string::npos) << catalog.error();
}

TEST(TranslatorTest, EnglishCountsSaySingularForOneAndTheShippedCatalogsHaveOneForm) {
  std::vector<std::string> problems;
  Translator translator = Translator::Load(kLocales, &problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  EXPECT_STREQ(translator.TrN("{} survey", "{} surveys", 0), "{} surveys");
  EXPECT_STREQ(translator.TrN("{} survey", "{} surveys", 1), "{} survey");
  EXPECT_STREQ(translator.TrN("{} survey", "{} surveys", 2), "{} surveys");
  ASSERT_TRUE(translator.SetLanguage("zh_CN"));
  EXPECT_STREQ(translator.TrN("{} survey", "{} surveys", 1), "{} 份问卷");
  EXPECT_STREQ(translator.TrN("{} survey", "{} surveys", 2), "{} 份问卷");
  EXPECT_STREQ(translator.TrN("{} nobody translated", "{} nobody translated", 2),
               "{} nobody translated");
  // Every shipped catalog translates every count, in the one form its language has.
  for (const Language* language : translator.Available()) {
    if (std::string_view(language->code) == kSourceLanguage) continue;
    ASSERT_TRUE(translator.SetLanguage(language->code));
    for (unsigned long n : {1ul, 2ul}) {
      EXPECT_STRNE(translator.TrN("{} contest set", "{} contest sets", n),
                   n == 1 ? "{} contest set" : "{} contest sets")
          << language->code << " " << n;
    }
  }
}

TEST(TranslatorTest, ACountFallsBackThroughTheChainWithEachCatalogsOwnRule) {
  testing::TempDir dir("kiosk-plural-fallback-test");
  std::ofstream(dir / "th.po")
      << "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
      << "\"Plural-Forms: nplurals=1; plural=0;\\n\"\n\n"
      << "msgid \"{} video\"\nmsgid_plural \"{} videos\"\nmsgstr[0] \"วิดีโอ {} เรื่อง\"\n";
  std::ofstream(dir / "my.po")
      << "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
      << "\"Plural-Forms: nplurals=1; plural=0;\\n\"\n";
  std::vector<std::string> problems;
  Translator translator = Translator::Load(dir.path().string(), &problems);
  ASSERT_TRUE(problems.empty()) << problems.front();
  ASSERT_TRUE(translator.SetLanguage("my"));
  EXPECT_STREQ(translator.TrN("{} video", "{} videos", 2), "{} videos");
  translator.SetFallbacks("my", {"th"});
  EXPECT_STREQ(translator.TrN("{} video", "{} videos", 1), "วิดีโอ {} เรื่อง");
  EXPECT_STREQ(translator.TrN("{} video", "{} videos", 7), "วิดีโอ {} เรื่อง");
}

}  // namespace
}  // namespace kiosk::i18n
