// The glyph cache: FreeType rasterizes a glyph the first time it is drawn, at the size it is drawn,
// into one atlas texture (white, coverage in alpha), packed in shelves. It starts small and grows
// only when the screens shown need more; at its largest it starts afresh. Main thread only.
#include <algorithm>
#include <cmath>

#include "text/text_internal.h"

namespace kiosk::text {
namespace {

constexpr int kPadding = 1;  // keeps neighbours out of a glyph's bilinear samples

}  // namespace

void Engine::Impl::StartAtlas() {
  ResetAtlas(startWidth, startHeight);
}

void Engine::Impl::ResetAtlas(int width, int height) {
  atlasWidth = width;
  atlasHeight = height;
  atlas.assign(static_cast<std::size_t>(width) * height, IM_COL32(255, 255, 255, 0));
  shelves.clear();
  glyphs.clear();
  dirtyX0 = dirtyY0 = 0;
  dirtyX1 = width;
  dirtyY1 = height;
  resized = true;
}

const CachedGlyph* Engine::Impl::Glyph(int font, int px, std::uint32_t id) {
  const std::uint64_t key =
      (static_cast<std::uint64_t>(font) << 48) | (static_cast<std::uint64_t>(px) << 32) | id;
  if (auto it = glyphs.find(key); it != glyphs.end()) return &it->second;

  CachedGlyph glyph;
  FT_Face face = fonts[static_cast<std::size_t>(font)]->ft;
  if (FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(px)) != 0 ||
      FT_Load_Glyph(face, id, FT_LOAD_TARGET_LIGHT) != 0 ||
      FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) != 0) {
    return &glyphs.emplace(key, glyph).first->second;  // drawn as nothing, never retried
  }
  const FT_Bitmap& bitmap = face->glyph->bitmap;
  glyph.width = static_cast<int>(bitmap.width);
  glyph.height = static_cast<int>(bitmap.rows);
  glyph.left = face->glyph->bitmap_left;
  glyph.top = face->glyph->bitmap_top;
  if (glyph.width == 0 || glyph.height == 0) return &glyphs.emplace(key, glyph).first->second;

  // A shelf as tall as the glyph (up to a third taller), with room left; else a new shelf.
  const int w = glyph.width + kPadding, h = glyph.height + kPadding;
  Shelf* shelf = nullptr;
  for (Shelf& s : shelves) {
    if (s.height >= h && s.height <= h + h / 3 + 2 && s.x + w <= atlasWidth) {
      shelf = &s;
      break;
    }
  }
  if (!shelf) {
    const int y = shelves.empty() ? 0 : shelves.back().y + shelves.back().height;
    if (y + h > atlasHeight || w > atlasWidth) {
      overflowed = true;
      return nullptr;
    }
    shelves.push_back({y, h, 0});
    shelf = &shelves.back();
  }
  const int x = shelf->x, y = shelf->y;
  shelf->x += w;
  for (int row = 0; row < glyph.height; ++row) {
    const unsigned char* src = bitmap.buffer + row * bitmap.pitch;
    std::uint32_t* dst = atlas.data() + static_cast<std::size_t>(y + row) * atlasWidth + x;
    for (int col = 0; col < glyph.width; ++col) dst[col] = IM_COL32(255, 255, 255, src[col]);
  }
  if (dirtyX0 >= dirtyX1) {
    dirtyX0 = x;
    dirtyY0 = y;
    dirtyX1 = x + glyph.width;
    dirtyY1 = y + glyph.height;
  } else {
    dirtyX0 = std::min(dirtyX0, x);
    dirtyY0 = std::min(dirtyY0, y);
    dirtyX1 = std::max(dirtyX1, x + glyph.width);
    dirtyY1 = std::max(dirtyY1, y + glyph.height);
  }
  const ImVec2 size(static_cast<float>(atlasWidth), static_cast<float>(atlasHeight));
  glyph.uv0 = ImVec2(static_cast<float>(x) / size.x, static_cast<float>(y) / size.y);
  glyph.uv1 = ImVec2(static_cast<float>(x + glyph.width) / size.x,
                     static_cast<float>(y + glyph.height) / size.y);
  return &glyphs.emplace(key, glyph).first->second;
}

void Engine::Draw(ImDrawList* drawList, const Layout& layout, ImVec2 at, float boxWidth,
                  Align align, ImU32 color) {
  Impl& s = *m_impl;
  if (s.fonts.empty() || !m_texture) return;
  const int px = static_cast<int>(std::lround(layout.px));
  const float clipTop = drawList->GetClipRectMin().y, clipBottom = drawList->GetClipRectMax().y;
  drawList->PushTextureID(m_texture);
  float top = at.y;
  for (const Line& line : layout.lines) {
    // A line scrolled out of sight costs no atlas space.
    if (top > clipBottom || top + layout.lineHeight < clipTop) {
      top += layout.lineHeight;
      continue;
    }
    // A right-to-left paragraph starts at the right of its box.
    const float left = align == Align::kCenter ? at.x + (boxWidth - line.width) * 0.5f
                       : line.rtl              ? at.x + boxWidth - line.width
                                               : at.x;
    const float baseline = std::round(top + layout.ascent);
    for (const text::Glyph& g : line.glyphs) {
      const CachedGlyph* cached = s.Glyph(g.font, px, g.id);
      if (!cached || cached->width == 0) continue;
      const ImVec2 p0(std::round(left + g.x) + static_cast<float>(cached->left),
                      std::round(baseline + g.y) - static_cast<float>(cached->top));
      const ImVec2 p1(p0.x + static_cast<float>(cached->width),
                      p0.y + static_cast<float>(cached->height));
      drawList->PrimReserve(6, 4);
      drawList->PrimRectUV(p0, p1, cached->uv0, cached->uv1, color);
    }
    top += layout.lineHeight;
  }
  drawList->PopTextureID();
}

void Engine::SetMaxAtlasSide(int side) {
  m_impl->maxSide = side;
}

void Engine::GrowAtlas() {
  Impl& s = *m_impl;
  s.overflowed = false;
  int width = s.atlasWidth, height = s.atlasHeight;
  int& shorter = width <= height ? width : height;
  if (shorter * 2 <= s.maxSide) shorter *= 2;
  s.ResetAtlas(width, height);
}

bool Engine::TakeAtlasUpdate(AtlasUpdate* update) {
  Impl& s = *m_impl;
  if (s.dirtyX0 >= s.dirtyX1) return false;
  *update = {s.atlas.data(), s.atlasWidth,          s.atlasHeight,         s.dirtyX0,
             s.dirtyY0,      s.dirtyX1 - s.dirtyX0, s.dirtyY1 - s.dirtyY0, s.resized};
  s.resized = false;
  s.dirtyX0 = s.dirtyX1 = 0;
  return true;
}

bool Engine::NeedsRedraw() const {
  return m_impl->overflowed;
}

std::size_t Engine::AtlasBytes() const {
  return m_impl->atlas.size() * sizeof(std::uint32_t);
}

std::size_t Engine::CachedGlyphs() const {
  return m_impl->glyphs.size();
}

}  // namespace kiosk::text
