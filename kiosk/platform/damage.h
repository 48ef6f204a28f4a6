// What a frame changes on the screen, from ImGui's draw data alone: the screen is cut into tiles,
// and each tile keeps a hash of everything drawn over it (each triangle's vertices, its clip
// rectangle, its texture and how often that texture's pixels were replaced). The tiles whose hash
// differs from the last frame's are what must be drawn again: a new video picture, the clock that
// ticks beside it, a knob that moved a pixel. Plain data, no SDL: tested on its own.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

struct ImDrawData;

namespace kiosk::platform {

struct PixelRect {
  int x = 0, y = 0, w = 0, h = 0;
  bool operator==(const PixelRect&) const = default;
};

class Damage {
 public:
  // How often a texture's pixels have been replaced (0 for one never updated).
  using Generation = std::function<std::uint64_t(void* texture)>;

  // The rectangles of the screen (pixels, width x height) that differ from the last frame passed
  // here: none when nothing changed; one rectangle of the whole screen for the first frame, after
  // Invalidate() or a new size, and when so much changed that drawing it all costs no more.
  std::vector<PixelRect> Update(const ImDrawData& drawData, int width, int height,
                                const Generation& generation);
  // The next Update() returns the whole screen (the window was exposed or its pixels lost).
  void Invalidate() { m_hashes.clear(); }

 private:
  int m_width = 0, m_height = 0, m_columns = 0;
  std::vector<std::uint64_t> m_hashes, m_next;  // a tile's hash, row by row
};

}  // namespace kiosk::platform
