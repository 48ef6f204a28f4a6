// Catalogs: the translators' .po files load, a broken one is reported by file and line, and a
// missing translation falls back to English.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "i18n/i18n.h"

namespace kiosk::i18n {
namespace {

const std::string kLocales = KIOSK_SOURCE_DIR "/locales";

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "kiosk-catalog-test";
  std::filesystem::create_directories(dir);
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
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "kiosk-fallback-test";
  std::filesystem::create_directories(dir);
  const std::string header =
      "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n";
  std::ofstream(dir / "my.po") << header << "msgid \"Videos\"\nmsgstr \"ဗီဒီယို\"\n";
  std::ofstream(dir / "th.po") << header << "msgid \"Videos\"\nmsgstr \"วิดีโอ\"\n\n"
                               << "msgid \"Help\"\nmsgstr \"ความช่วยเหลือ\"\n";
  std::vector<std::string> problems;
  Translator translator = Translator::Load(dir.string(), &problems);
  ASSERT_TRUE(problems.empty());
  ASSERT_TRUE(translator.SetLanguage("my"));
  EXPECT_STREQ(translator.Tr("Help"), "Help") << "default: straight to English";
  translator.SetFallbacks("my", {"th"});
  EXPECT_STREQ(translator.Tr("Videos"), "ဗီဒီယို") << "the language's own first";
  EXPECT_STREQ(translator.Tr("Help"), "ความช่วยเหลือ") << "then its fallback";
  EXPECT_STREQ(translator.Tr("Back"), "Back") << "then English";
  std::filesystem::remove_all(dir);
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
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "kiosk-locales-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "zh_CN.po") << "msgid \"Videos\"\nmsgstr \n";
  std::vector<std::string> problems;
  Translator translator = Translator::Load(dir.string(), &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("zh_CN.po:"), std::string::npos) << problems[0];
  EXPECT_EQ(translator.Available().size(), 1u) << "only English is offered";
}

}  // namespace
}  // namespace kiosk::i18n
