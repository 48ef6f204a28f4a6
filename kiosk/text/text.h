// The kiosk's text engine: every UI string goes through it. ICU normalizes to NFC and finds line
// breaks (Thai, Khmer, Lao and Burmese have no spaces between words; no break ever falls inside a
// cluster), HarfBuzz shapes each run in the font of its script, and FreeType rasterizes each glyph
// the first time it is drawn into a glyph cache texture keyed by font, size and glyph id. Drawing
// goes through ImGui's draw lists.
//
// Dear ImGui 1.86 draws text codepoint by codepoint, which puts Khmer subscripts and Myanmar
// vowels in the wrong place, and a full Chinese ImGui atlas at touch sizes is over 100 MiB; here
// only the glyphs really shown are cached. Main thread only.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/i18n.h"

namespace kiosk::text {

struct Glyph {
  std::uint16_t font;  // index into the engine's fonts
  std::uint32_t id;    // glyph id in that font (0: the font's placeholder box)
  float x;             // origin on the baseline, px from the line's left
  float y;             // px below the baseline (HarfBuzz offsets, y down)
};

struct Line {
  std::vector<Glyph> glyphs;
  float width = 0;
  std::string text;  // the NFC text of the line, without the spaces it broke at; a line cut
                     // for lack of room ends in "…"
  bool rtl = false;  // its paragraph runs right to left (Arabic): it keeps to the right
};

struct Layout {
  std::vector<Line> lines;
  float px = 0;          // font size
  float ascent = 0;      // baseline below the top of a line
  float lineHeight = 0;  // one line's height, the tallest script's ascent plus descent
  float width = 0;       // the widest line
  float Height() const { return lineHeight * static_cast<float>(lines.size()); }
};

// What changed in the glyph atlas since the last call, for the platform to upload.
struct AtlasUpdate {
  const std::uint32_t* pixels;  // whole atlas, IM_COL32 white with coverage as alpha
  int width, height;            // whole atlas
  int x, y, w, h;               // changed part
  bool resized;                 // a new texture of width x height is needed
};

enum class Align { kLeft, kCenter };

class Engine {
 public:
  // The glyph atlas starts at atlasWidth x atlasHeight and doubles when a frame needs more.
  explicit Engine(int atlasWidth = 1024, int atlasHeight = 512);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Opens the Noto font of every script (i18n::FontFor), and finds the installed fonts to fall
  // back on for other characters (i18n::InstalledFonts; each opened when first needed). Returns
  // one message per script font file that is missing ("install fonts-noto-cjk"); text in that
  // script then shows placeholder boxes. Default-ignorable characters (U+FE0F, U+200D) are never
  // drawn; an emoji no outline font has is drawn as nothing; other characters no font has are
  // boxes, logged once.
  std::vector<std::string> LoadFonts();

  // The layout of utf8 at px, broken into lines no wider than maxWidth (<= 0: never), with the
  // line-breaking rules of `lang` (an i18n code); right-to-left scripts are ordered by the
  // Unicode bidi algorithm. With maxLines > 0 and more lines than that, the text is cut: the
  // last line kept ends in "…", cut between words where that leaves the line mostly full, else
  // between two grapheme clusters HarfBuzz can shape apart (never inside a syllable). Cached: a
  // frame that shows the same text again does not shape it again. The reference lives until the
  // next EndFrame().
  const Layout& Lay(std::string_view utf8, float px, float maxWidth, std::string_view lang,
                    int maxLines = 0);

  // Draws each line of `layout` from top-left `at`, left-aligned (right-aligned when it runs
  // right to left) or centred in boxWidth.
  // Rasterizes glyphs not yet cached.
  void Draw(ImDrawList* drawList, const Layout& layout, ImVec2 at, float boxWidth, Align align,
            ImU32 color);

  // The atlas texture the platform made from the last AtlasUpdate; nullptr: text is not drawn.
  void SetTexture(ImTextureID texture) { m_texture = texture; }
  // The renderer's largest texture side: the atlas never grows past it.
  void SetMaxAtlasSide(int side);
  // False when nothing changed since the last call.
  bool TakeAtlasUpdate(AtlasUpdate* update);
  // True when glyphs drawn since the last GrowAtlas() found no room: grow, then draw again.
  bool NeedsRedraw() const;
  // Doubles the atlas (or, at its largest, empties it); every glyph is rasterized again as it is
  // next drawn, and the next AtlasUpdate asks for a new texture.
  void GrowAtlas();
  // Forgets old layouts when there are many (a long day of different screens).
  void EndFrame();

  std::size_t AtlasBytes() const;
  std::size_t CachedGlyphs() const;
  int FontCount() const;
  // The file and face of a font index (Glyph::font).
  i18n::FontFace Face(int font) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  ImTextureID m_texture = nullptr;
};

}  // namespace kiosk::text
