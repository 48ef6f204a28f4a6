// The text engine against the reference tools: the glyphs and advances it lays out are HarfBuzz's
// own (hb-shape, from libharfbuzz-bin), lines break only between words in the scripts that write
// no spaces, NFD input draws as NFC, Arabic is shaped right to left in an installed Noto font,
// default-ignorable characters leave nothing, text cut for lack of room ends in "…" between
// whole graphemes, and a character no font has is a visible box, not a crash.
#include <gtest/gtest.h>
#include <hb.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <cstdio>
#include <regex>
#include <set>

#include "text/text.h"

namespace kiosk::text {
namespace {

constexpr float kPx = 40;

struct Sample {
  const char* lang;
  const char* text;
};

struct ScriptSample {
  const char* lang;
  const char* text;
  i18n::Script script;  // whose font must draw it
};

// The kiosk's name and a phrase in each language's own script, and words in the minority
// scripts local translators will bring.
const ScriptSample kSamples[] = {
    {"en", "Women's Home", i18n::Script::kLatin},
    {"zh_CN", "妇女之家，免费、匿名。", i18n::Script::kHan},
    {"th", "บ้านสตรี ข้อมูลและความช่วยเหลือ", i18n::Script::kThai},
    {"vi", "Nhà Phụ nữ, miễn phí và ẩn danh.", i18n::Script::kLatin},
    {"km", "ផ្ទះស្ត្រី ព័ត៌មាន និងជំនួយ", i18n::Script::kKhmer},
    {"lo", "ເຮືອນແມ່ຍິງ ຂໍ້ມູນ ແລະ ການຊ່ວຍເຫຼືອ", i18n::Script::kLao},
    {"my", "အမျိုးသမီးအိမ် ရွှေ့ပြောင်း", i18n::Script::kMyanmar},
    {"en", "ꆈꌠꁱꂷ", i18n::Script::kYi},
    {"en", "ᥖᥭᥰ ᥘᥫᥴ", i18n::Script::kTaiLe},
    {"en", "ᦟᦲᧅᦷᦎᦺᦑᦟᦹᧉ", i18n::Script::kNewTaiLue},
    {"en", "ᨲᩫ᩠ᩅᨾᩮᩬᩥᨦ", i18n::Script::kTaiTham},
};

class EngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    engine = new Engine();
    ASSERT_TRUE(engine->LoadFonts().empty());
  }
  static void TearDownTestSuite() { delete engine; }
  static Engine* engine;
};
Engine* EngineTest::engine = nullptr;

struct HbGlyph {
  unsigned id;
  double x;        // pen position plus x offset, in font units
  double advance;  // font units
};

unsigned Upem(const i18n::FontFace& face) {
  hb_blob_t* blob = hb_blob_create_from_file(face.path.c_str());
  hb_face_t* hbFace = hb_face_create(blob, static_cast<unsigned>(face.index));
  const unsigned upem = hb_face_get_upem(hbFace);
  hb_face_destroy(hbFace);
  hb_blob_destroy(blob);
  return upem;
}

// Runs hb-shape on the same font file and face, in font units (its default --font-size=upem).
std::vector<HbGlyph> HbShape(const i18n::FontFace& face, const char* text, const char* lang) {
  std::string hbLang = lang;
  std::replace(hbLang.begin(), hbLang.end(), '_', '-');
  auto quote = [](std::string word) {
    for (size_t at = 0; (at = word.find('\'', at)) != std::string::npos; at += 4) {
      word.replace(at, 1, "'\\''");
    }
    return "'" + word + "'";
  };
  const std::string command =
      "hb-shape --no-glyph-names --face-index=" + std::to_string(face.index) +
      " --language=" + hbLang + " " + quote(face.path) + " " + quote(text);
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  while (pipe && fgets(buffer, sizeof buffer, pipe)) out += buffer;
  if (pipe) pclose(pipe);
  // [gid=cluster@dx,dy+advance|...]
  std::vector<HbGlyph> glyphs;
  const std::regex item(R"((\d+)=\d+(?:@(-?\d+),(-?\d+))?\+(-?\d+))");
  double pen = 0;
  for (auto it = std::sregex_iterator(out.begin(), out.end(), item); it != std::sregex_iterator();
       ++it) {
    const std::smatch& m = *it;
    const double dx = m[2].matched ? std::stod(m[2]) : 0;
    glyphs.push_back({static_cast<unsigned>(std::stoul(m[1])), pen + dx, std::stod(m[4])});
    pen += std::stod(m[4]);
  }
  return glyphs;
}

TEST_F(EngineTest, GlyphsAndAdvancesAreHarfBuzzsInEveryScript) {
  for (const ScriptSample& sample : kSamples) {
    const Layout& layout = engine->Lay(sample.text, kPx, 0, sample.lang);
    ASSERT_EQ(layout.lines.size(), 1u) << sample.lang;
    const std::vector<Glyph>& glyphs = layout.lines[0].glyphs;
    ASSERT_FALSE(glyphs.empty()) << sample.lang;
    // The sample's own script decides the font; spaces and punctuation go with it.
    const int font = glyphs.back().font;
    const i18n::FontFace face = engine->Face(font);
    ASSERT_EQ(face.path, i18n::FontFor(sample.script).path) << sample.text;
    const std::vector<HbGlyph> expected = HbShape(face, sample.text, sample.lang);
    ASSERT_EQ(glyphs.size(), expected.size()) << sample.lang << ": hb-shape found another count";
    const double pxPerUnit = kPx / static_cast<double>(Upem(face));
    double width = 0;
    for (size_t i = 0; i < glyphs.size(); ++i) {
      EXPECT_EQ(glyphs[i].font, font) << sample.lang << " glyph " << i << " in another font";
      EXPECT_EQ(glyphs[i].id, expected[i].id) << sample.lang << " glyph " << i;
      // Positions agree to rounding: HarfBuzz works in 1/64 px at the kiosk's size.
      EXPECT_NEAR(glyphs[i].x, expected[i].x * pxPerUnit, 0.02 * static_cast<double>(i + 1))
          << sample.lang << " glyph " << i;
      width += expected[i].advance * pxPerUnit;
    }
    EXPECT_NEAR(layout.lines[0].width, width, 0.02 * static_cast<double>(glyphs.size()))
        << sample.lang;
  }
}

// Offsets (UTF-8 bytes) where ICU's word or character iterator for `lang` puts a boundary.
std::set<size_t> Boundaries(const std::string& text, const char* lang, bool words) {
  UErrorCode error = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      words ? icu::BreakIterator::createWordInstance(icu::Locale(lang), error)
            : icu::BreakIterator::createCharacterInstance(icu::Locale(lang), error));
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  it->setText(u);
  std::set<size_t> offsets;
  for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) {
    std::string prefix;
    u.tempSubString(0, b).toUTF8String(prefix);
    offsets.insert(prefix.size());
  }
  return offsets;
}

TEST_F(EngineTest, EachScriptInAMixedLineGetsItsOwnFont) {
  const Layout& layout = engine->Lay("Tiếng Việt 简体中文 ไทย ខ្មែរ", kPx, 0, "en");
  ASSERT_EQ(layout.lines.size(), 1u);
  std::vector<std::string> order;  // the font files used, in order, each run once
  for (const Glyph& g : layout.lines[0].glyphs) {
    const std::string path = engine->Face(g.font).path;
    if (order.empty() || order.back() != path) order.push_back(path);
  }
  const std::vector<std::string> expected = {
      i18n::FontFor(i18n::Script::kLatin).path, i18n::FontFor(i18n::Script::kHan).path,
      i18n::FontFor(i18n::Script::kThai).path, i18n::FontFor(i18n::Script::kKhmer).path};
  EXPECT_EQ(order, expected);
}

TEST_F(EngineTest, LinesBreakBetweenWordsInScriptsWithoutSpaces) {
  // Sentences with no spaces, or few: the line breaker must find the words itself.
  const Sample kSentences[] = {
      {"th", "ข้อมูลและความช่วยเหลือสำหรับผู้หญิงที่ย้ายถิ่นไปทำงานฟรีและไม่ต้องระบุตัวตน"},
      {"km", "ព័ត៌មាននិងជំនួយសម្រាប់ស្ត្រីចំណាកស្រុកឥតគិតថ្លៃនិងមិនបញ្ចេញឈ្មោះ"},
      {"lo", "ຂໍ້ມູນແລະການຊ່ວຍເຫຼືອສຳລັບແມ່ຍິງທີ່ຍ້າຍຖິ່ນໄປເຮັດວຽກບໍ່ເສຍຄ່າ"},
      {"my", "ရွှေ့ပြောင်းအလုပ်လုပ်သောအမျိုးသမီးများအတွက်သတင်းအချက်အလက်နှင့်အကူအညီ"},
  };
  for (const Sample& sample : kSentences) {
    const float maxWidth = 7 * kPx;  // wider than the longest word of each sentence
    const Layout& layout = engine->Lay(sample.text, kPx, maxWidth, sample.lang);
    ASSERT_GE(layout.lines.size(), 3u) << sample.lang << ": the sentence did not wrap";
    const std::set<size_t> words = Boundaries(sample.text, sample.lang, true);
    const std::set<size_t> clusters = Boundaries(sample.text, sample.lang, false);
    size_t offset = 0;
    std::string joined;
    for (size_t i = 0; i < layout.lines.size(); ++i) {
      const Line& line = layout.lines[i];
      offset += line.text.size();
      joined += line.text;
      EXPECT_TRUE(clusters.count(offset)) << sample.lang << ": line " << i << " splits a cluster";
      EXPECT_TRUE(words.count(offset))
          << sample.lang << ": line " << i << " ends inside a word: " << line.text;
      if (i + 1 < layout.lines.size()) {
        EXPECT_LE(line.width, maxWidth)
            << sample.lang << ": line " << i << " is too wide: " << line.text;
      }
    }
    EXPECT_EQ(joined, sample.text) << sample.lang << ": text was lost or repeated";
  }
}

// The first codepoint of a UTF-8 string.
UChar32 First(const std::string& text) {
  return icu::UnicodeString::fromUTF8(text).char32At(0);
}

TEST_F(EngineTest, AWordWiderThanTheLineBreaksBetweenSyllablesNeverInsideOne) {
  // Words with stacked consonants: Khmer coeng (U+17D2) and Myanmar virama (U+1039) join the
  // next consonant below; a break between them would leave both halves misdrawn.
  const Sample kWords[] = {
      {"km", "ស្ត្រីស្ត្រីស្ត្រីស្ត្រី"},
      {"my", "မန္တလေးမန္တလေးမန္တလေး"},
  };
  for (const Sample& sample : kWords) {
    const Layout& layout = engine->Lay(sample.text, kPx, 2 * kPx, sample.lang);
    ASSERT_GE(layout.lines.size(), 3u) << sample.lang << ": the long word was not split";
    std::string joined;
    for (const Line& line : layout.lines) {
      joined += line.text;
      ASSERT_FALSE(line.text.empty());
      const UChar32 first = First(line.text);
      EXPECT_NE(u_charType(first), U_NON_SPACING_MARK) << sample.lang << ": " << line.text;
      EXPECT_NE(u_charType(first), U_COMBINING_SPACING_MARK) << sample.lang << ": " << line.text;
      const bool endsStacking = line.text.ends_with("\u17D2") || line.text.ends_with("\u1039");
      EXPECT_FALSE(endsStacking) << sample.lang << ": a line ends in a stacking sign";
    }
    EXPECT_EQ(joined, sample.text);
  }
}

TEST_F(EngineTest, VietnameseTypedInNfdDrawsAsNfc) {
  const std::string nfc = "Tiếng Việt: Nhà Phụ nữ";
  UErrorCode error = U_ZERO_ERROR;
  icu::UnicodeString decomposed =
      icu::Normalizer2::getNFDInstance(error)->normalize(icu::UnicodeString::fromUTF8(nfc), error);
  std::string nfd;
  decomposed.toUTF8String(nfd);
  ASSERT_NE(nfd, nfc) << "the sample must have letters that decompose";
  const Layout& composed = engine->Lay(nfc, kPx, 0, "vi");
  const Layout& typed = engine->Lay(nfd, kPx, 0, "vi");
  ASSERT_EQ(typed.lines.size(), 1u);
  EXPECT_EQ(typed.lines[0].text, nfc);
  ASSERT_EQ(typed.lines[0].glyphs.size(), composed.lines[0].glyphs.size());
  for (size_t i = 0; i < typed.lines[0].glyphs.size(); ++i) {
    EXPECT_EQ(typed.lines[0].glyphs[i].id, composed.lines[0].glyphs[i].id) << "glyph " << i;
  }
}

TEST_F(EngineTest, ACharacterNoFontHasIsAVisibleBoxLoggedOnce) {
  // U+F0000 and U+F0001 are private use (plane 15): no font has them. (U+E001 is in
  // LibreOffice's OpenSymbol, which the fallback may find.)
  ::testing::internal::CaptureStderr();
  const Layout& layout = engine->Lay("PUA: \U000F0000\U000F0001", kPx, 0, "en");
  engine->Lay("again \U000F0000", kPx, 0, "en");
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(layout.lines.size(), 1u);
  int boxes = 0;
  for (const Glyph& g : layout.lines[0].glyphs) boxes += g.id == 0;
  EXPECT_EQ(boxes, 2) << "each missing character shows as the font's placeholder box";
  EXPECT_GT(layout.lines[0].width, 4 * kPx * 0.3f) << "the boxes take room on the line";
  size_t mentions = 0;
  for (size_t at = log.find("U+F0000"); at != std::string::npos; at = log.find("U+F0000", at + 1)) {
    ++mentions;
  }
  EXPECT_EQ(mentions, 1u) << log;
}

// The glyph ids of `text` laid out on one line, in the order they are drawn (left to right).
std::vector<unsigned> Ids(Engine& engine, const std::string& text, const char* lang) {
  const Layout& layout = engine.Lay(text, kPx, 0, lang);
  std::vector<unsigned> ids;
  for (const Line& line : layout.lines) {
    for (const Glyph& g : line.glyphs) ids.push_back(g.id);
  }
  return ids;
}

TEST_F(EngineTest, ArabicIsShapedRightToLeftInAnInstalledNotoFont) {
  // "Workers' rights": letters that join, so each takes its initial, medial or final form.
  const char* arabic = "حقوق العمال";
  const Layout& layout = engine->Lay(arabic, kPx, 0, "ar");
  ASSERT_EQ(layout.lines.size(), 1u);
  const Line& line = layout.lines[0];
  EXPECT_TRUE(line.rtl) << "an Arabic paragraph runs right to left";
  ASSERT_FALSE(line.glyphs.empty());
  const i18n::FontFace face = engine->Face(line.glyphs[0].font);
  EXPECT_NE(face.path.find("Arabic"), std::string::npos) << face.path;
  for (const Glyph& g : line.glyphs) {
    EXPECT_NE(g.id, 0u) << "a box where a letter should be";
    EXPECT_EQ(g.font, line.glyphs[0].font);
  }
  // hb-shape guesses right to left from the script, and lists the glyphs left to right as drawn:
  // the same glyphs, in the same order, at the same places.
  const std::vector<HbGlyph> expected = HbShape(face, arabic, "ar");
  ASSERT_EQ(line.glyphs.size(), expected.size());
  const double pxPerUnit = kPx / static_cast<double>(Upem(face));
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(line.glyphs[i].id, expected[i].id) << "glyph " << i;
    EXPECT_NEAR(line.glyphs[i].x, expected[i].x * pxPerUnit, 0.02 * static_cast<double>(i + 1));
  }
  // Joined forms, not the isolated letters one by one: the word shaped whole differs from its
  // letters shaped apart.
  std::vector<unsigned> apart;
  for (const char* letter : {"ل", "م", "ا", "ع", "ل", "ا"}) {
    apart.push_back(Ids(*engine, letter, "ar").at(0));
  }
  std::vector<unsigned> word = Ids(*engine, "العمال", "ar");
  ASSERT_EQ(word.size(), apart.size());
  EXPECT_NE(word, apart) << "the letters were not joined";

  // In an English line the Arabic words keep their own order, right to left, after the Latin.
  const Layout& mixed = engine->Lay(std::string("Rights: ") + arabic, kPx, 0, "en");
  ASSERT_EQ(mixed.lines.size(), 1u);
  EXPECT_FALSE(mixed.lines[0].rtl);
  const unsigned space = HbShape(face, " ", "ar").at(0).id;
  std::vector<unsigned> tail;
  for (const Glyph& g : mixed.lines[0].glyphs) {
    if (engine->Face(g.font).path == face.path && g.id != space) tail.push_back(g.id);
  }
  std::vector<unsigned> alone;
  for (const HbGlyph& g : expected) {
    if (g.id != space) alone.push_back(g.id);
  }
  EXPECT_EQ(tail, alone) << "the Arabic words must read right to left inside the English line";
}

TEST_F(EngineTest, DefaultIgnorableCharactersAreNeverDrawn) {
  // U+FE0F after a heart, a zero-width space, a zero-width joiner, a soft hyphen mid-line, a
  // word joiner: none of them may leave a glyph (a box) or take room.
  struct Case {
    std::string with, without;
  };
  const Case cases[] = {
      {"Love \u2764\uFE0F you", "Love \u2764 you"},
      {"A\u200BB", "AB"},
      {"A\u200DB", "AB"},
      {"co\u00ADoperate", "cooperate"},
      {"x\u2060y", "xy"},
      {"ไทย\uFE0F", "ไทย"},
      {"\uFEFFTitle", "Title"},
  };
  ::testing::internal::CaptureStderr();
  for (const Case& c : cases) {
    const Layout& with = engine->Lay(c.with, kPx, 0, "en");
    const Layout& without = engine->Lay(c.without, kPx, 0, "en");
    ASSERT_EQ(with.lines.size(), 1u);
    EXPECT_EQ(Ids(*engine, c.with, "en"), Ids(*engine, c.without, "en")) << c.with;
    EXPECT_FLOAT_EQ(with.lines[0].width, without.lines[0].width) << c.with;
    for (const Glyph& g : with.lines[0].glyphs) EXPECT_NE(g.id, 0u) << c.with << ": a box";
  }
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(log.find("U+FE0F"), std::string::npos) << log;
}

TEST_F(EngineTest, ASoftHyphenWhereTheLineBreaksShowsAHyphen) {
  const Layout& layout = engine->Lay("Arbeits\u00ADvermittlung", kPx, 7 * kPx, "en");
  ASSERT_EQ(layout.lines.size(), 2u);
  EXPECT_EQ(layout.lines[0].text, "Arbeits\u00AD-");
  EXPECT_EQ(layout.lines[0].glyphs.back().id, Ids(*engine, "-", "en").at(0));
  EXPECT_EQ(layout.lines[1].text, "vermittlung");
}

TEST_F(EngineTest, AnEmojiNoFontHasIsDrawnAsNothingNotABox) {
  // U+1F9D5 (person with headscarf, Unicode 10). Debian 12's only colour emoji font is left out
  // (see i18n::InstalledFonts); fc-list says whether an outline font has it here.
  FILE* pipe = popen("fc-list ':charset=1f9d5' file", "r");
  char buffer[256];
  const bool installed = pipe && fgets(buffer, sizeof buffer, pipe);
  if (pipe) pclose(pipe);
  if (installed) GTEST_SKIP() << "an installed font has U+1F9D5: " << buffer;
  const Layout& with = engine->Lay("Help \U0001F9D5 here", kPx, 0, "en");
  const Layout& without = engine->Lay("Help  here", kPx, 0, "en");
  EXPECT_EQ(Ids(*engine, "Help \U0001F9D5 here", "en"), Ids(*engine, "Help  here", "en"));
  EXPECT_FLOAT_EQ(with.lines[0].width, without.lines[0].width);
}

// The text before the "…" of a cut line.
std::string BeforeEllipsis(const Line& line) {
  const std::string ellipsis = "\u2026";
  EXPECT_TRUE(line.text.ends_with(ellipsis)) << line.text;
  return line.text.substr(0, line.text.size() - ellipsis.size());
}

TEST_F(EngineTest, TextCutForLackOfRoomEndsInAnEllipsisBetweenWholeGraphemes) {
  const Sample kLong[] = {
      {"en",
       "How to check a job offer abroad before you travel, and what your contract must say "
       "about wages, hours, days off and your passport"},
      {"th",
       "วิธีตรวจสอบข้อเสนองานในต่างประเทศก่อนเดินทางและสิ่งที่สัญญาจ้างต้องระบุเกี่ยวกับค่าจ้าง"
       "ชั่วโมงทำงานวันหยุดและหนังสือเดินทางของคุณ"},
      {"my",
       "နိုင်ငံခြားတွင်အလုပ်ကမ်းလှမ်းချက်ကိုခရီးမထွက်မီစစ်ဆေးနည်းနှင့်လုပ်ခလစာအလုပ်ချိန်"
       "နားရက်နှင့်နိုင်ငံကူးလက်မှတ်အကြောင်းစာချုပ်တွင်ပါရမည့်အချက်များ"},
      {"km", "របៀបពិនិត្យការផ្តល់ការងារនៅបរទេសមុនពេលធ្វើដំណើរនិងអ្វីដែលកិច្ចសន្យាត្រូវនិយាយអំពីប្រាក់ឈ្នួល"},
  };
  for (const Sample& sample : kLong) {
    const float maxWidth = 8 * kPx;
    const Layout& whole = engine->Lay(sample.text, kPx, maxWidth, sample.lang);
    ASSERT_GT(whole.lines.size(), 2u) << sample.lang;
    const Layout& cut = engine->Lay(sample.text, kPx, maxWidth, sample.lang, 2);
    ASSERT_EQ(cut.lines.size(), 2u) << sample.lang;
    EXPECT_EQ(cut.lines[0].text, whole.lines[0].text) << "the lines before the last are whole";
    const Line& last = cut.lines[1];
    EXPECT_LE(last.width, maxWidth) << sample.lang << ": " << last.text;
    ASSERT_FALSE(last.glyphs.empty());
    // The last glyph is the font's own ellipsis, not a box (Thai and Burmese fonts lack it).
    const i18n::FontFace face = engine->Face(last.glyphs.back().font);
    const std::vector<HbGlyph> ellipsis = HbShape(face, "\u2026", "en");
    ASSERT_EQ(ellipsis.size(), 1u);
    EXPECT_NE(ellipsis[0].id, 0u) << face.path;
    EXPECT_EQ(last.glyphs.back().id, ellipsis[0].id) << sample.lang << ": no ellipsis at the end";
    // What stands before the ellipsis is the start of the text, ending between two graphemes,
    // and with room taken: not cut back to a stub.
    const std::string kept = cut.lines[0].text + BeforeEllipsis(last);
    const std::string text = sample.text;
    size_t start = text.find(cut.lines[0].text) + cut.lines[0].text.size();
    while (text[start] == ' ') ++start;
    const std::string original = text.substr(0, start) + BeforeEllipsis(last);
    ASSERT_TRUE(text.starts_with(original)) << sample.lang << ": " << last.text;
    const std::set<size_t> graphemes = Boundaries(text, sample.lang, false);
    EXPECT_TRUE(graphemes.count(original.size())) << sample.lang << ": half a grapheme: " << kept;
    const UChar32 next = First(text.substr(original.size()));
    EXPECT_NE(u_charType(next), U_NON_SPACING_MARK) << sample.lang << ": " << last.text;
    EXPECT_NE(u_charType(next), U_COMBINING_SPACING_MARK) << sample.lang << ": " << last.text;
    EXPECT_FALSE(original.ends_with("\u17D2") || original.ends_with("\u1039"))
        << sample.lang << ": a stacking sign left without its consonant";
    EXPECT_GT(last.width, maxWidth / 2) << sample.lang << ": " << last.text;
  }
  // English is cut between words.
  const Layout& english = engine->Lay(kLong[0].text, kPx, 8 * kPx, "en", 2);
  const std::string kept = BeforeEllipsis(english.lines[1]);
  EXPECT_EQ(std::string(kLong[0].text).find(kept + " "), std::string(kLong[0].text).find(kept))
      << "the English line must end with a whole word: " << kept;
  EXPECT_FALSE(kept.ends_with(" ")) << "no space before the ellipsis";
}

TEST_F(EngineTest, TheGlyphCacheHoldsOnlyWhatWasDrawn) {
  Engine fresh;
  ASSERT_TRUE(fresh.LoadFonts().empty());
  EXPECT_EQ(fresh.CachedGlyphs(), 0u);
  ImGui::CreateContext();
  ImGui::GetIO().Fonts->AddFontDefault();
  ImGui::GetIO().Fonts->Build();
  ImGui::GetIO().DisplaySize = ImVec2(800, 600);
  ImGui::NewFrame();
  fresh.SetTexture(reinterpret_cast<ImTextureID>(1));  // stands for the platform's texture
  const Layout& layout = fresh.Lay("妇女之家 妇女", kPx, 0, "zh_CN");
  fresh.Draw(ImGui::GetBackgroundDrawList(), layout, ImVec2(0, 0), 800, Align::kLeft,
             IM_COL32_WHITE);
  ImGui::Render();
  ImGui::DestroyContext();
  EXPECT_EQ(fresh.CachedGlyphs(), 5u) << "four different characters and a space, each once";
  AtlasUpdate update;
  ASSERT_TRUE(fresh.TakeAtlasUpdate(&update));
  EXPECT_TRUE(update.resized);
  EXPECT_FALSE(fresh.TakeAtlasUpdate(&update)) << "nothing new drawn, nothing to upload";
}

// Draws `text` once into a fresh ImGui frame; true when every glyph found room.
bool DrawOnce(Engine& engine, const char* text) {
  ImGui::NewFrame();
  engine.Draw(ImGui::GetBackgroundDrawList(), engine.Lay(text, kPx, 0, "zh_CN"), ImVec2(0, 0), 800,
              Align::kLeft, IM_COL32_WHITE);
  ImGui::Render();
  return !engine.NeedsRedraw();
}

TEST_F(EngineTest, AFullAtlasGrowsAndAtItsLargestStartsAfresh) {
  Engine small(64, 64);  // room for a few glyphs at 40 px
  ASSERT_TRUE(small.LoadFonts().empty());
  small.SetTexture(reinterpret_cast<ImTextureID>(1));
  ImGui::CreateContext();
  ImGui::GetIO().Fonts->AddFontDefault();
  ImGui::GetIO().Fonts->Build();
  ImGui::GetIO().DisplaySize = ImVec2(800, 600);
  const char* text = "为外出务工的女性提供信息和帮助";
  EXPECT_FALSE(DrawOnce(small, text)) << "15 glyphs at 40 px cannot fit in 64x64";
  const size_t before = small.AtlasBytes();
  int grows = 0;
  while (!DrawOnce(small, text) || grows == 0) {
    small.GrowAtlas();
    ++grows;
    ASSERT_LT(grows, 8);
  }
  EXPECT_GT(small.AtlasBytes(), before);
  EXPECT_EQ(small.CachedGlyphs(), 15u) << "all drawn, once each";
  AtlasUpdate update;
  ASSERT_TRUE(small.TakeAtlasUpdate(&update));
  EXPECT_TRUE(update.resized) << "a grown atlas needs a new texture";

  small.SetMaxAtlasSide(update.width);  // the renderer takes nothing bigger
  const size_t largest = small.AtlasBytes();
  small.GrowAtlas();
  EXPECT_EQ(small.AtlasBytes(), largest) << "no bigger than the renderer allows";
  EXPECT_EQ(small.CachedGlyphs(), 0u) << "it starts afresh; the next frame draws into it";
  ImGui::DestroyContext();
}

}  // namespace
}  // namespace kiosk::text
