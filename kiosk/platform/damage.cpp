#include "platform/damage.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace kiosk::platform {

namespace {

// A tile's side in pixels: small enough that the clock beside a video is a few tiles, large
// enough that hashing costs little (920 tiles at 1280x720).
constexpr int kTile = 32;
// More rectangles than this, or more of the screen than this share, and the whole screen is
// drawn: what is left out would save less than the rectangles cost.
constexpr std::size_t kMaxRects = 16;
constexpr long long kMostOfScreenPercent = 95;

std::uint64_t Mix(std::uint64_t hash, std::uint64_t value) {
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 31;
  hash = (hash ^ value) * 0x94d049bb133111ebULL;
  return hash ^ (hash >> 29);
}

std::uint64_t Bits(float a, float b) {
  std::uint32_t x = 0, y = 0;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  return (std::uint64_t{x} << 32) | y;
}

}  // namespace

std::vector<PixelRect> Damage::Update(const ImDrawData& drawData, int width, int height,
                                      const Generation& generation) {
  if (width <= 0 || height <= 0) return {};
  if (width != m_width || height != m_height) {
    m_width = width;
    m_height = height;
    m_columns = (width + kTile - 1) / kTile;
    m_hashes.clear();
  }
  const int rows = (height + kTile - 1) / kTile;
  m_next.assign(static_cast<std::size_t>(m_columns) * static_cast<std::size_t>(rows), 0);
  const ImVec2 offset = drawData.DisplayPos, scale = drawData.FramebufferScale;
  bool whole = m_hashes.size() != m_next.size();
  for (int n = 0; n < drawData.CmdListsCount; ++n) {
    const ImDrawList& list = *drawData.CmdLists[n];
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      // What a callback draws is not in the draw data: the whole screen, to be safe.
      if (cmd.UserCallback) {
        whole = true;
        continue;
      }
      const int clipX0 = std::max(0, static_cast<int>((cmd.ClipRect.x - offset.x) * scale.x));
      const int clipY0 = std::max(0, static_cast<int>((cmd.ClipRect.y - offset.y) * scale.y));
      const int clipX1 =
          std::min(width, static_cast<int>(std::ceil((cmd.ClipRect.z - offset.x) * scale.x)));
      const int clipY1 =
          std::min(height, static_cast<int>(std::ceil((cmd.ClipRect.w - offset.y) * scale.y)));
      if (clipX0 >= clipX1 || clipY0 >= clipY1) continue;  // not drawn at all
      void* texture = cmd.GetTexID();
      std::uint64_t seed =
          Mix(Bits(cmd.ClipRect.x, cmd.ClipRect.y), Bits(cmd.ClipRect.z, cmd.ClipRect.w));
      seed = Mix(Mix(seed, reinterpret_cast<std::uintptr_t>(texture)), generation(texture));
      const ImDrawIdx* indices = list.IdxBuffer.Data + cmd.IdxOffset;
      const ImDrawVert* vertices = list.VtxBuffer.Data + cmd.VtxOffset;
      for (unsigned int i = 0; i + 2 < cmd.ElemCount; i += 3) {
        std::uint64_t hash = seed;
        float minX = INFINITY, minY = INFINITY, maxX = -INFINITY, maxY = -INFINITY;
        for (unsigned int k = 0; k < 3; ++k) {
          const ImDrawVert& v = vertices[indices[i + k]];
          const float x = (v.pos.x - offset.x) * scale.x, y = (v.pos.y - offset.y) * scale.y;
          minX = std::min(minX, x);
          maxX = std::max(maxX, x);
          minY = std::min(minY, y);
          maxY = std::max(maxY, y);
          hash = Mix(Mix(Mix(hash, Bits(v.pos.x, v.pos.y)), Bits(v.uv.x, v.uv.y)), v.col);
        }
        // The pixels the triangle may touch, a pixel wider all round (rounding, smoothed edges).
        const int x0 = std::max(clipX0, static_cast<int>(std::floor(minX)) - 1);
        const int y0 = std::max(clipY0, static_cast<int>(std::floor(minY)) - 1);
        const int x1 = std::min(clipX1, static_cast<int>(std::ceil(maxX)) + 1);
        const int y1 = std::min(clipY1, static_cast<int>(std::ceil(maxY)) + 1);
        if (x0 >= x1 || y0 >= y1) continue;
        for (int ty = y0 / kTile; ty <= (y1 - 1) / kTile; ++ty) {
          std::uint64_t* row = m_next.data() + static_cast<std::ptrdiff_t>(ty) * m_columns;
          for (int tx = x0 / kTile; tx <= (x1 - 1) / kTile; ++tx) row[tx] = Mix(row[tx], hash);
        }
      }
    }
  }
  std::swap(m_hashes, m_next);
  const std::vector<PixelRect> all = {{0, 0, width, height}};
  if (whole) return all;

  // Runs of changed tiles along each row, joined with the run of the row above when they span
  // the same columns.
  std::vector<PixelRect> rects;
  long long area = 0;
  for (int ty = 0; ty < rows; ++ty) {
    const std::size_t row = static_cast<std::size_t>(ty) * static_cast<std::size_t>(m_columns);
    for (int tx = 0; tx < m_columns;) {
      if (m_hashes[row + tx] == m_next[row + tx]) {
        ++tx;
        continue;
      }
      const int start = tx;
      while (tx < m_columns && m_hashes[row + tx] != m_next[row + tx]) ++tx;
      const int x = start * kTile, y = ty * kTile;
      PixelRect run{x, y, std::min(width, tx * kTile) - x, std::min(height, y + kTile) - y};
      area += static_cast<long long>(run.w) * run.h;
      auto above = std::find_if(rects.begin(), rects.end(), [&](const PixelRect& r) {
        return r.x == run.x && r.w == run.w && r.y + r.h == run.y;
      });
      if (above != rects.end()) {
        above->h += run.h;
      } else {
        rects.push_back(run);
      }
      if (rects.size() > kMaxRects) return all;
    }
  }
  if (area * 100 > static_cast<long long>(width) * height * kMostOfScreenPercent) return all;
  return rects;
}

}  // namespace kiosk::platform
