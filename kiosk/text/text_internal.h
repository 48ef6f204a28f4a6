// The text engine's insides, shared by engine.cpp and glyph_cache.cpp. Not for use outside
// kiosk/text.
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <unicode/brkiter.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "i18n/i18n.h"
#include "text/text.h"

namespace kiosk::text {

struct Font {
  ~Font();
  i18n::FontFace face;
  std::optional<i18n::Script> script;  // nullopt: a fallback font (InstalledFonts)
  int fallback = -1;                   // its index in InstalledFonts::Fallback()
  bool broken = false;                 // a fallback font that would not open
  FT_Face ft = nullptr;                // rasterizes; nullptr until a fallback font is first needed
  hb_font_t* hb = nullptr;             // shapes
  float upem = 1000;
  float ascender = 0;   // in em, from the font's hhea table
  float descender = 0;  // in em, positive
};

// A stretch of text drawn with one font: bytes [begin, end) of the NFC text.
struct Run {
  int font;
  std::size_t begin;
  std::size_t end;
};

// Where a glyph sits in the atlas, and how its bitmap sits on the pen position.
struct CachedGlyph {
  ImVec2 uv0, uv1;
  int width = 0, height = 0;  // 0: nothing to draw (a space)
  int left = 0, top = 0;      // bitmap offset from the pen: right, and up from the baseline
};

// A row of the atlas that glyphs of about one height are packed into, left to right.
struct Shelf {
  int y, height, x;
};

struct Engine::Impl {
  Impl();
  ~Impl();

  // Opens a font's file for FreeType and HarfBuzz; false when it cannot be read.
  bool Open(Font* font);
  bool Covers(int font, char32_t cp);
  int FontForScript(i18n::Script script) const;
  std::vector<Run> Itemize(std::string_view text);
  // The bidi embedding level of every byte of the NFC text (UAX #9); empty when all is
  // left-to-right, the usual case.
  void FindLevels(const icu::UnicodeString& normal, std::string_view text);
  void Shape(std::string_view text, const std::vector<Run>& runs, std::size_t begin,
             std::size_t end, float px, std::string_view lang, Line* line,
             std::vector<std::size_t>* safeBreaks = nullptr);
  // Shapes `suffix` (an ellipsis, a hyphen) on its own and puts it at the end of `line`: the
  // right end, or the left one in a right-to-left line.
  void Append(std::string_view suffix, float px, Line* line);
  icu::BreakIterator* LineBreaker(std::string_view lang);
  icu::BreakIterator* GraphemeBreaker();
  void LayOut(std::string_view utf8, float px, float maxWidth, std::string_view lang, int maxLines,
              Layout* layout);

  // Glyph cache (glyph_cache.cpp). nullptr when the atlas is full this frame.
  const CachedGlyph* Glyph(int font, int px, std::uint32_t id);
  void StartAtlas();  // empty, at the starting size
  void ResetAtlas(int width, int height);

  FT_Library library = nullptr;
  hb_buffer_t* hbBuffer = nullptr;
  std::vector<std::unique_ptr<Font>> fonts;  // also the fallback order
  i18n::InstalledFonts installed;
  std::vector<std::size_t> hidden;   // Itemize(): where an emoji no font has is left out
  std::vector<std::uint8_t> levels;  // FindLevels(), for the text LayOut() is laying out
  bool rtl = false;                  // that text's paragraph runs right to left
  std::unique_ptr<icu::BreakIterator> graphemes;
  std::map<std::string, std::unique_ptr<icu::BreakIterator>, std::less<>> breakers;
  std::unordered_map<std::string, Layout> layouts;
  std::set<char32_t> missingLogged;  // codepoints no font has, logged once each

  std::unordered_map<std::uint64_t, CachedGlyph> glyphs;
  std::vector<std::uint32_t> atlas;
  int atlasWidth = 0, atlasHeight = 0;
  int startWidth = 0, startHeight = 0;
  int maxSide = 4096;  // the renderer's largest texture
  std::vector<Shelf> shelves;
  int dirtyX0 = 0, dirtyY0 = 0, dirtyX1 = 0, dirtyY1 = 0;  // empty when x0 >= x1
  bool resized = false;
  bool overflowed = false;  // a glyph found no room this frame
};

}  // namespace kiosk::text
