// The text engine: fonts, itemization by script and coverage, ICU line breaking, HarfBuzz shaping
// and the layout cache. The glyph cache is in glyph_cache.cpp. Main thread only.
//
// Index:
// [SECTION] Fonts
// [SECTION] Itemization
// [SECTION] Shaping, bidi, line breaking and cutting
// [SECTION] Engine
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cmath>

#include "base/base.h"
#include "text/text_internal.h"

namespace kiosk::text {
namespace {

// Layouts kept between frames; past this the cache starts afresh (a new screen will fill it).
constexpr std::size_t kMaxLayouts = 1024;

}  // namespace

// [SECTION] Fonts

Font::~Font() {
  if (hb) hb_font_destroy(hb);
  if (ft) FT_Done_Face(ft);
}

Engine::Impl::Impl() {
  if (FT_Init_FreeType(&library) != 0) library = nullptr;
  hbBuffer = hb_buffer_create();
}

Engine::Impl::~Impl() {
  fonts.clear();  // faces before the library
  hb_buffer_destroy(hbBuffer);
  if (library) FT_Done_FreeType(library);
}

bool Engine::Impl::Open(Font* font) {
  if (FT_New_Face(library, font->face.path.c_str(), font->face.index, &font->ft) != 0) {
    font->ft = nullptr;
    font->broken = true;
    return false;
  }
  // HarfBuzz reads the same file through a memory map of its own, with its own OpenType font
  // functions: the same glyphs and advances as the `hb-shape` tool gives.
  hb_blob_t* blob = hb_blob_create_from_file(font->face.path.c_str());
  hb_face_t* hbFace = hb_face_create(blob, static_cast<unsigned>(font->face.index));
  font->hb = hb_font_create(hbFace);
  hb_face_destroy(hbFace);
  hb_blob_destroy(blob);
  font->upem = static_cast<float>(font->ft->units_per_EM);
  font->ascender = static_cast<float>(font->ft->ascender) / font->upem;
  font->descender = static_cast<float>(-font->ft->descender) / font->upem;
  return true;
}

std::vector<std::string> Engine::LoadFonts() {
  std::vector<std::string> problems;
  Impl& s = *m_impl;
  if (!s.library) return {"FreeType could not start"};
  s.fonts.clear();
  for (i18n::Script script : i18n::kAllScripts) {
    auto font = std::make_unique<Font>();
    font->face = i18n::FontFor(script);
    font->script = script;
    if (!s.Open(font.get())) {
      const bool cjk = font->face.path.find("CJK") != std::string::npos;
      problems.push_back("font " + font->face.path + ": missing or unreadable (install " +
                         (cjk ? "fonts-noto-cjk" : "fonts-noto-core") + ")");
      continue;
    }
    s.fonts.push_back(std::move(font));
  }
  // The fallback fonts are many (one per script of fonts-noto-core): each is opened the first
  // time a text needs it, so that starting costs one fontconfig query.
  s.installed = i18n::InstalledFonts::Find();
  for (std::size_t i = 0; i < s.installed.Fallback().size(); ++i) {
    auto font = std::make_unique<Font>();
    font->face = s.installed.Fallback()[i];
    font->fallback = static_cast<int>(i);
    s.fonts.push_back(std::move(font));
  }
  s.layouts.clear();
  s.StartAtlas();
  return problems;
}

// [SECTION] Itemization

namespace {

// The kiosk's script for a Unicode script code; nullopt for scripts shared by all (digits, spaces,
// punctuation) and those the kiosk has no font for.
std::optional<i18n::Script> ScriptOf(UScriptCode code) {
  switch (code) {
    case USCRIPT_LATIN:
      return i18n::Script::kLatin;
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_BOPOMOFO:
      return i18n::Script::kHan;
    case USCRIPT_THAI:
      return i18n::Script::kThai;
    case USCRIPT_LAO:
      return i18n::Script::kLao;
    case USCRIPT_KHMER:
      return i18n::Script::kKhmer;
    case USCRIPT_MYANMAR:
      return i18n::Script::kMyanmar;
    case USCRIPT_YI:
      return i18n::Script::kYi;
    case USCRIPT_TAI_LE:
      return i18n::Script::kTaiLe;
    case USCRIPT_NEW_TAI_LUE:
      return i18n::Script::kNewTaiLue;
    case USCRIPT_LANNA:
      return i18n::Script::kTaiTham;
    default:
      return std::nullopt;
  }
}

// Decodes one UTF-8 codepoint at text[*i] and advances *i; U+FFFD for a malformed sequence.
char32_t NextCodepoint(std::string_view text, std::size_t* i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(*i);
  int length = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 0;
  if (length == 0 || *i + static_cast<std::size_t>(length) > text.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t cp = length == 1 ? lead : lead & (0xFF >> (length + 1));
  for (int k = 1; k < length; ++k) {
    if ((byte(*i + static_cast<std::size_t>(k)) & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(*i + static_cast<std::size_t>(k)) & 0x3F);
  }
  *i += static_cast<std::size_t>(length);
  return cp;
}

}  // namespace

bool Engine::Impl::Covers(int font, char32_t cp) {
  Font& f = *fonts[static_cast<std::size_t>(font)];
  if (f.broken) return false;
  if (!f.hb) {
    // A fallback font: fontconfig's character set answers until the font is needed.
    if (!installed.FallbackHas(static_cast<std::size_t>(f.fallback), cp) || !Open(&f)) {
      return false;
    }
  }
  hb_codepoint_t glyph = 0;
  return hb_font_get_nominal_glyph(f.hb, cp, &glyph) != 0;
}

int Engine::Impl::FontForScript(i18n::Script script) const {
  for (std::size_t i = 0; i < fonts.size(); ++i) {
    if (fonts[i]->script == script) return static_cast<int>(i);
  }
  return -1;
}

std::vector<Run> Engine::Impl::Itemize(std::string_view text) {
  std::vector<Run> runs;
  hidden.clear();
  if (fonts.empty()) return runs;
  int current = -1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t cp = NextCodepoint(text, &i);
    UErrorCode error = U_ZERO_ERROR;
    const std::optional<i18n::Script> script =
        ScriptOf(uscript_getScript(static_cast<UChar32>(cp), &error));
    int font = -1;
    if (i18n::IsIgnorable(cp)) {
      // Never drawn, whatever font has it (a byte order mark opening a spreadsheet's cell
      // too); it steers the shaping of its run.
      font = current >= 0 ? current : 0;
    } else if (!script && current >= 0 && Covers(current, cp)) {
      font = current;  // spaces, digits and marks stay with their neighbours
    } else if (int preferred = script ? FontForScript(*script) : -1;
               preferred >= 0 && Covers(preferred, cp)) {
      font = preferred;
    } else {
      for (std::size_t f = 0; f < fonts.size() && font < 0; ++f) {
        if (Covers(static_cast<int>(f), cp)) font = static_cast<int>(f);
      }
    }
    if (font < 0) {
      // No installed font has it: the current font's placeholder box shows where it is; an
      // emoji is left out instead (Shape() skips its glyph), since a box in a title is worse
      // than a missing picture.
      const bool emoji = u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_EMOJI_PRESENTATION);
      if (missingLogged.insert(cp).second) {
        base::Log(base::LogLevel::kWarning, "text: no installed font has U+%04X; shown as %s",
                  static_cast<unsigned>(cp), emoji ? "nothing" : "a box");
      }
      font = current >= 0 ? current : 0;
      if (emoji) hidden.push_back(start);
    }
    if (runs.empty() || font != current) {
      runs.push_back({font, start, i});
      current = font;
    } else {
      runs.back().end = i;
    }
  }
  return runs;
}

// [SECTION] Shaping, bidi, line breaking and cutting

void Engine::Impl::FindLevels(const icu::UnicodeString& normal, std::string_view text) {
  levels.clear();
  rtl = false;
  UErrorCode error = U_ZERO_ERROR;
  UBiDi* bidi = ubidi_open();
  ubidi_setPara(bidi, normal.getBuffer(), normal.length(), UBIDI_DEFAULT_LTR, nullptr, &error);
  if (U_SUCCESS(error) && ubidi_getDirection(bidi) != UBIDI_LTR) {
    rtl = (ubidi_getParaLevel(bidi) & 1) != 0;
    levels.assign(text.size(), 0);
    for (std::size_t i = 0, u16 = 0; i < text.size();) {
      const std::size_t start = i;
      const char32_t cp = NextCodepoint(text, &i);
      std::fill(levels.begin() + static_cast<std::ptrdiff_t>(start),
                levels.begin() + static_cast<std::ptrdiff_t>(i),
                ubidi_getLevelAt(bidi, static_cast<int32_t>(u16)));
      u16 += cp > 0xFFFF ? 2 : 1;
    }
  }
  ubidi_close(bidi);
}

void Engine::Impl::Shape(std::string_view text, const std::vector<Run>& runs, std::size_t begin,
                         std::size_t end, float px, std::string_view lang, Line* line,
                         std::vector<std::size_t>* safeBreaks) {
  line->glyphs.clear();
  line->rtl = rtl;
  float pen = 0;
  std::string hbLang(lang);
  std::replace(hbLang.begin(), hbLang.end(), '_', '-');
  const int scale = static_cast<int>(std::lround(px * 64));

  // The font runs, cut where the bidi level changes, in logical order; then in visual order by
  // UAX #9 rule L2: from the highest level down to the lowest odd one, every stretch at that
  // level or above is reversed.
  struct Piece {
    int font;
    std::size_t begin, end;
    std::uint8_t level;
  };
  std::vector<Piece> pieces;
  for (const Run& run : runs) {
    std::size_t a = std::max(run.begin, begin);
    const std::size_t b = std::min(run.end, end);
    while (a < b) {
      const std::uint8_t level = levels.empty() ? 0 : levels[a];
      std::size_t c = levels.empty() ? b : a + 1;
      while (c < b && levels[c] == level) ++c;
      pieces.push_back({run.font, a, c, level});
      a = c;
    }
  }
  int highest = 0, lowestOdd = 256;
  for (const Piece& piece : pieces) {
    highest = std::max<int>(highest, piece.level);
    if (piece.level & 1) lowestOdd = std::min<int>(lowestOdd, piece.level);
  }
  for (int level = highest; level >= lowestOdd; --level) {
    for (std::size_t i = 0; i < pieces.size();) {
      std::size_t j = i;
      while (j < pieces.size() && pieces[j].level >= level) ++j;
      std::reverse(pieces.begin() + static_cast<std::ptrdiff_t>(i),
                   pieces.begin() + static_cast<std::ptrdiff_t>(j));
      i = j == i ? i + 1 : j;
    }
  }

  for (const Piece& piece : pieces) {
    const bool backwards = (piece.level & 1) != 0;
    hb_buffer_clear_contents(hbBuffer);
    // Default-ignorable characters (U+FE0F, U+200D) shape their neighbours and leave no glyph.
    hb_buffer_set_flags(hbBuffer, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);
    // The whole text is context, so that shaping at a run's edge sees its neighbours.
    hb_buffer_add_utf8(hbBuffer, text.data(), static_cast<int>(text.size()),
                       static_cast<unsigned>(piece.begin),
                       static_cast<int>(piece.end - piece.begin));
    hb_buffer_set_direction(hbBuffer, backwards ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_language(hbBuffer, hb_language_from_string(hbLang.c_str(), -1));
    hb_buffer_guess_segment_properties(hbBuffer);
    Font& font = *fonts[static_cast<std::size_t>(piece.font)];
    hb_font_set_scale(font.hb, scale, scale);
    hb_shape(font.hb, hbBuffer, nullptr, 0);
    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(hbBuffer, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(hbBuffer, &count);
    for (unsigned g = 0; g < count; ++g) {
      // Where a cluster starts and HarfBuzz says a break would not change the shaping: the
      // Khmer and Myanmar shapers keep a whole syllable, subscripts and all, in one cluster.
      // Right to left, the glyph before in the text is the next one on the line.
      const unsigned before = backwards ? g + 1 : g - 1;
      if (safeBreaks && (backwards ? g + 1 < count : g > 0) &&
          info[g].cluster != info[before].cluster &&
          !(hb_glyph_info_get_glyph_flags(&info[g]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK)) {
        safeBreaks->push_back(info[g].cluster);
      }
      if (std::binary_search(hidden.begin(), hidden.end(), std::size_t{info[g].cluster})) continue;
      line->glyphs.push_back({static_cast<std::uint16_t>(piece.font), info[g].codepoint,
                              pen + static_cast<float>(pos[g].x_offset) / 64.0f,
                              -static_cast<float>(pos[g].y_offset) / 64.0f});
      pen += static_cast<float>(pos[g].x_advance) / 64.0f;
    }
  }
  line->width = pen;
  line->text.assign(text.substr(begin, end - begin));
}

void Engine::Impl::Append(std::string_view suffix, float px, Line* line) {
  // In the font of the line's end where it has the suffix (Thai and Burmese fonts have no "…"),
  // else in the first font that has it.
  auto hasAll = [&](int font) {
    for (std::size_t i = 0; i < suffix.size();) {
      if (!Covers(font, NextCodepoint(suffix, &i))) return false;
    }
    return true;
  };
  int font = -1;
  if (!line->glyphs.empty()) {
    const int end = line->rtl ? line->glyphs.front().font : line->glyphs.back().font;
    if (hasAll(end)) font = end;
  }
  for (std::size_t f = 0; font < 0 && f < fonts.size(); ++f) {
    if (hasAll(static_cast<int>(f))) font = static_cast<int>(f);
  }
  if (font < 0) return;
  hb_buffer_clear_contents(hbBuffer);
  hb_buffer_add_utf8(hbBuffer, suffix.data(), static_cast<int>(suffix.size()), 0, -1);
  hb_buffer_guess_segment_properties(hbBuffer);
  const int scale = static_cast<int>(std::lround(px * 64));
  hb_font_set_scale(fonts[static_cast<std::size_t>(font)]->hb, scale, scale);
  hb_shape(fonts[static_cast<std::size_t>(font)]->hb, hbBuffer, nullptr, 0);
  unsigned count = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(hbBuffer, &count);
  const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(hbBuffer, &count);
  std::vector<text::Glyph> added;
  float pen = 0;
  for (unsigned g = 0; g < count; ++g) {
    added.push_back({static_cast<std::uint16_t>(font), info[g].codepoint,
                     pen + static_cast<float>(pos[g].x_offset) / 64.0f,
                     -static_cast<float>(pos[g].y_offset) / 64.0f});
    pen += static_cast<float>(pos[g].x_advance) / 64.0f;
  }
  if (line->rtl) {
    for (text::Glyph& glyph : line->glyphs) glyph.x += pen;
    line->glyphs.insert(line->glyphs.begin(), added.begin(), added.end());
  } else {
    for (text::Glyph& glyph : added) glyph.x += line->width;
    line->glyphs.insert(line->glyphs.end(), added.begin(), added.end());
  }
  line->width += pen;
  line->text.append(suffix);
}

icu::BreakIterator* Engine::Impl::LineBreaker(std::string_view lang) {
  auto it = breakers.find(lang);
  if (it != breakers.end()) return it->second.get();
  UErrorCode error = U_ZERO_ERROR;
  std::string locale(lang);
  std::unique_ptr<icu::BreakIterator> breaker(
      icu::BreakIterator::createLineInstance(icu::Locale(locale.c_str()), error));
  if (U_FAILURE(error)) breaker.reset();
  return breakers.emplace(std::string(lang), std::move(breaker)).first->second.get();
}

icu::BreakIterator* Engine::Impl::GraphemeBreaker() {
  if (!graphemes) {
    UErrorCode error = U_ZERO_ERROR;
    graphemes.reset(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), error));
    if (U_FAILURE(error)) graphemes.reset();
  }
  return graphemes.get();
}

void Engine::Impl::LayOut(std::string_view utf8, float px, float maxWidth, std::string_view lang,
                          int maxLines, Layout* layout) {
  // NFC: Vietnamese typed with combining marks (NFD) must draw as the precomposed letters.
  UErrorCode error = U_ZERO_ERROR;
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  icu::UnicodeString normal = U_SUCCESS(error) ? nfc->normalize(source, error) : source;
  if (U_FAILURE(error)) normal = source;
  std::string text;
  normal.toUTF8String(text);

  layout->px = px;
  layout->lines.clear();
  const std::vector<Run> runs = Itemize(text);
  FindLevels(normal, text);
  float ascent = px * 0.9f, descent = px * 0.3f;
  for (const Run& run : runs) {
    ascent = std::max(ascent, fonts[static_cast<std::size_t>(run.font)]->ascender * px);
    descent = std::max(descent, fonts[static_cast<std::size_t>(run.font)]->descender * px);
  }
  layout->ascent = std::ceil(ascent);
  layout->lineHeight = std::ceil(ascent) + std::ceil(descent);

  // Break opportunities (UTF-8 offsets) from ICU's line breaker for the language: dictionaries
  // find the words of Thai, Lao, Khmer and Burmese; no opportunity falls inside a cluster.
  struct Break {
    std::size_t at;
    bool hard;  // a newline: the line must end here
  };
  std::vector<Break> breaks;
  std::vector<std::size_t> utf8At(static_cast<std::size_t>(normal.length()) + 1, text.size());
  for (std::size_t i = 0, u16 = 0; i < text.size();) {
    utf8At[u16] = i;
    const char32_t cp = NextCodepoint(text, &i);
    u16 += cp > 0xFFFF ? 2 : 1;
  }
  if (icu::BreakIterator* breaker =
          maxWidth > 0 || text.find('\n') != std::string::npos ? LineBreaker(lang) : nullptr) {
    breaker->setText(normal);
    for (int32_t b = breaker->next(); b != icu::BreakIterator::DONE; b = breaker->next()) {
      breaks.push_back({utf8At[static_cast<std::size_t>(b)],
                        breaker->getRuleStatus() >= UBRK_LINE_HARD &&
                            breaker->getRuleStatus() < UBRK_LINE_HARD_LIMIT});
    }
  }
  if (breaks.empty() || breaks.back().at != text.size()) breaks.push_back({text.size(), false});

  auto trimmedEnd = [&](std::size_t begin, std::size_t end) {
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r'))
      --end;
    return end;
  };
  Line probe;
  // A word wider than the whole line may break between two of its clusters (CSS's
  // overflow-wrap: anywhere) rather than run out of its box; never inside a syllable.
  if (maxWidth > 0) {
    std::vector<Break> finer;
    std::vector<std::size_t> safe;
    std::size_t previous = 0;
    for (const Break& b : breaks) {
      safe.clear();
      Shape(text, runs, previous, trimmedEnd(previous, b.at), px, lang, &probe, &safe);
      if (probe.width > maxWidth) {
        std::sort(safe.begin(), safe.end());
        safe.erase(std::unique(safe.begin(), safe.end()), safe.end());
        for (std::size_t at : safe) {
          if (at > previous && at < b.at) finer.push_back({at, false});
        }
      }
      finer.push_back(b);
      previous = b.at;
    }
    breaks.swap(finer);
  }

  // Greedy: as many segments on a line as fit; trailing spaces do not count.
  std::vector<std::size_t> starts;  // where each line begins
  std::size_t lineBegin = 0, lastFit = 0;
  auto addLine = [&](std::size_t end) {
    starts.push_back(lineBegin);
    layout->lines.emplace_back();
    Shape(text, runs, lineBegin, trimmedEnd(lineBegin, end), px, lang, &layout->lines.back());
  };
  for (std::size_t k = 0; k < breaks.size(); ++k) {
    const std::size_t end = breaks[k].at;
    bool fits = true;
    if (maxWidth > 0 && lastFit > lineBegin) {
      Shape(text, runs, lineBegin, trimmedEnd(lineBegin, end), px, lang, &probe);
      fits = probe.width <= maxWidth;
    }
    if (!fits) {
      addLine(lastFit);
      lineBegin = lastFit;
    }
    lastFit = end;
    if (breaks[k].hard || k + 1 == breaks.size()) {
      addLine(end);
      lineBegin = lastFit = end;
    }
  }
  // A soft hyphen where a line broke is shown as a hyphen; anywhere else it is not drawn.
  for (std::size_t i = 0; i + 1 < layout->lines.size(); ++i) {
    if (layout->lines[i].text.ends_with("\u00AD")) Append("-", px, &layout->lines[i]);
  }

  // Too many lines: the last one kept ends in "…". Cut after the last word that leaves room for
  // it, unless that leaves the line less than half full (a long word, or Burmese whose
  // dictionary words are long): then after the last grapheme cluster that fits, at a cluster
  // boundary HarfBuzz can shape apart.
  const auto kept = static_cast<std::size_t>(std::max(maxLines, 0));
  if (kept > 0 && layout->lines.size() > kept) {
    const std::size_t begin = starts[kept - 1], end = starts[kept];
    layout->lines.resize(kept);
    // Whether the text up to `at` and the ellipsis fit on the line (its width is that of the
    // font at the line's end).
    auto fits = [&](std::size_t at, std::vector<std::size_t>* safe = nullptr) {
      Shape(text, runs, begin, trimmedEnd(begin, at), px, lang, &probe, safe);
      Append("\u2026", px, &probe);
      return maxWidth <= 0 || probe.width <= maxWidth;
    };
    std::size_t cut = begin;
    float cutWidth = 0;
    for (auto b = breaks.rbegin(); b != breaks.rend() && cut == begin; ++b) {
      if (b->at > begin && b->at <= end && fits(b->at)) {
        cut = b->at;
        cutWidth = probe.width;
      }
    }
    icu::BreakIterator* clusters = GraphemeBreaker();
    if (clusters && (cut == begin || cutWidth < maxWidth / 2)) {
      std::vector<std::size_t> safe;
      fits(end, &safe);
      std::sort(safe.begin(), safe.end(), std::greater<>());
      UText* utext =
          utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &error);
      clusters->setText(utext, error);
      for (std::size_t at : safe) {
        if (at <= cut || U_FAILURE(error)) break;
        if (clusters->isBoundary(static_cast<int32_t>(at)) && fits(at)) {
          cut = at;
          break;
        }
      }
      utext_close(utext);
    }
    Line& last = layout->lines.back();
    Shape(text, runs, begin, trimmedEnd(begin, cut), px, lang, &last);
    Append("\u2026", px, &last);
  }
  layout->width = 0;
  for (const Line& line : layout->lines) layout->width = std::max(layout->width, line.width);
}

// [SECTION] Engine

Engine::Engine(int atlasWidth, int atlasHeight) : m_impl(std::make_unique<Impl>()) {
  m_impl->startWidth = atlasWidth;
  m_impl->startHeight = atlasHeight;
}
Engine::~Engine() = default;

const Layout& Engine::Lay(std::string_view utf8, float px, float maxWidth, std::string_view lang,
                          int maxLines) {
  std::string key;
  key.reserve(utf8.size() + lang.size() + 24);
  key.append(lang).push_back('\0');
  key.append(std::to_string(std::lround(px * 64))).push_back('\0');
  key.append(std::to_string(std::lround(maxWidth))).push_back('\0');
  key.append(std::to_string(maxLines)).push_back('\0');
  key.append(utf8);
  IM_ASSERT(px == std::round(px) && "glyphs are rasterized at whole pixel sizes");
  auto [it, added] = m_impl->layouts.try_emplace(std::move(key));
  if (added) m_impl->LayOut(utf8, px, maxWidth, lang, maxLines, &it->second);
  return it->second;
}

void Engine::EndFrame() {
  if (m_impl->layouts.size() > kMaxLayouts) m_impl->layouts.clear();
}

int Engine::FontCount() const {
  return static_cast<int>(m_impl->fonts.size());
}

i18n::FontFace Engine::Face(int font) const {
  return m_impl->fonts[static_cast<std::size_t>(font)]->face;
}

}  // namespace kiosk::text
