// What a frame changes, from real ImGui frames drawn by the kiosk's widgets (no window needed): the
// first frame is all of it, an unchanged one nothing, and a change only the tiles it touches.
#include "platform/damage.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <map>
#include <string>
#include <vector>

#include "base/base.h"
#include "ui/ui.h"

namespace kiosk::platform {
namespace {

constexpr int kWidth = 1280, kHeight = 720;
const ImRect kPicture(0, 0, 1280, 600);
const ImRect kClock(1100, 640, 1260, 700);

bool Covers(const std::vector<PixelRect>& rects, const ImRect& r) {
  // Every corner of r (a pixel inside) is in one of the rectangles.
  for (const ImVec2 p : {ImVec2(r.Min.x, r.Min.y), ImVec2(r.Max.x - 1, r.Min.y),
                         ImVec2(r.Min.x, r.Max.y - 1), ImVec2(r.Max.x - 1, r.Max.y - 1)}) {
    bool inside = false;
    for (const PixelRect& d : rects) {
      inside |= p.x >= static_cast<float>(d.x) && p.x < static_cast<float>(d.x + d.w) &&
                p.y >= static_cast<float>(d.y) && p.y < static_cast<float>(d.y + d.h);
    }
    if (!inside) return false;
  }
  return true;
}

bool Touches(const std::vector<PixelRect>& rects, const ImRect& r) {
  for (const PixelRect& d : rects) {
    if (r.Overlaps(ImRect(static_cast<float>(d.x), static_cast<float>(d.y),
                          static_cast<float>(d.x + d.w), static_cast<float>(d.y + d.h)))) {
      return true;
    }
  }
  return false;
}

long long Area(const std::vector<PixelRect>& rects) {
  long long area = 0;
  for (const PixelRect& r : rects) area += static_cast<long long>(r.w) * r.h;
  return area;
}

class DamageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ui.LoadFonts().empty());
    ui.TextEngine().SetTexture(&clock);  // any address stands for the glyphs' texture
  }

  // What a frame drawn by `draw` at width x height changes (drawn again, as the kiosk does, until
  // the glyphs' atlas has every glyph it needs).
  template <typename Draw>
  std::vector<PixelRect> Changed(Draw draw, int width = kWidth, int height = kHeight) {
    do {
      if (ui.TextEngine().NeedsRedraw()) ui.TextEngine().GrowAtlas();
      ui.BeginFrame(static_cast<float>(width), static_cast<float>(height));
      draw();
      ui.EndFrame();
    } while (ui.TextEngine().NeedsRedraw());
    return damage.Update(*ImGui::GetDrawData(), width, height,
                         [this](void* texture) { return generations[texture]; });
  }

  // A video player's screen: the picture, Back, and the time.
  std::vector<PixelRect> Frame(const std::string& time, const std::string& back = "Back") {
    return Changed([&] {
      ui.Image(m_picture, kPicture);
      ui.Button(back.c_str(), ImRect(20, 630, 200, 700));
      ui.Text(time.c_str(), kClock, ui::FontSize::kBody, IM_COL32_WHITE, ui::Align::kCenter);
    });
  }

  base::ManualClock clock;
  ui::Ui ui{clock, 4};
  Damage damage;
  std::map<void*, std::uint64_t> generations;
  void* m_picture = &generations;  // any address stands for the video's texture

  const std::vector<PixelRect> kWhole = {{0, 0, kWidth, kHeight}};
};

TEST_F(DamageTest, TheFirstFrameIsTheWholeScreenAndAnUnchangedOneNothing) {
  EXPECT_EQ(Frame("0:01 / 4:32"), kWhole);
  EXPECT_TRUE(Frame("0:01 / 4:32").empty());
  EXPECT_TRUE(Frame("0:01 / 4:32").empty());
}

TEST_F(DamageTest, ANewVideoPictureIsThePictureAlone) {
  Frame("0:01 / 4:32");
  ++generations[m_picture];
  const std::vector<PixelRect> changed = Frame("0:01 / 4:32");
  ASSERT_FALSE(changed.empty());
  EXPECT_TRUE(Covers(changed, kPicture));
  // The picture, give or take the tiles its edge crosses; not the controls below.
  EXPECT_LE(Area(changed), 1280LL * (600 + 32));
  for (const PixelRect& r : changed) EXPECT_LE(r.y + r.h, 640) << "the controls were redrawn";
}

TEST_F(DamageTest, TheClockTickingIsTheClockAlone) {
  Frame("0:01 / 4:32");
  const std::vector<PixelRect> changed = Frame("0:02 / 4:32");
  ASSERT_FALSE(changed.empty());
  for (const PixelRect& r : changed) {
    EXPECT_GE(r.x + r.w, 1100 - 32) << "left of the clock";
    EXPECT_GE(r.y, 640 - 32) << "above the clock";
  }
  EXPECT_LE(Area(changed), 224LL * 96);
  EXPECT_TRUE(Frame("0:02 / 4:32").empty());
}

TEST_F(DamageTest, ANewSizeOrALostWindowIsTheWholeScreenAgain) {
  Frame("0:01 / 4:32");
  damage.Invalidate();
  EXPECT_EQ(Frame("0:01 / 4:32"), kWhole);
  const std::vector<PixelRect> resized = Changed(
      [&] { ui.Text("0:01 / 4:32", kClock, ui::FontSize::kBody, IM_COL32_WHITE); }, 800, 600);
  EXPECT_EQ(resized, (std::vector<PixelRect>{{0, 0, 800, 600}}));
}

TEST_F(DamageTest, ChangesInSeveralPlacesAreEachCovered) {
  Frame("0:01 / 4:32");
  ++generations[m_picture];
  const std::vector<PixelRect> changed = Frame("0:02 / 4:32", "Zurück");
  EXPECT_TRUE(Covers(changed, kPicture));
  EXPECT_TRUE(Touches(changed, kClock));
  EXPECT_TRUE(Touches(changed, ImRect(20, 630, 200, 700))) << "the button's new word";
}

TEST_F(DamageTest, ChangesScatteredAllOverAreDrawnWhole) {
  // A grid of numbers that all change: more rectangles than drawing it all would cost.
  for (int frame = 0; frame < 2; ++frame) {
    ui.BeginFrame(kWidth, kHeight);
    for (int i = 0; i < 40; ++i) {
      const float x = static_cast<float>(i % 8) * 160, y = static_cast<float>(i / 8) * 140;
      ui.Text(std::to_string(i * 10 + frame).c_str(), ImRect(x, y, x + 60, y + 40),
              ui::FontSize::kBody, IM_COL32_WHITE);
    }
    ui.EndFrame();
    const std::vector<PixelRect> changed = damage.Update(*ImGui::GetDrawData(), kWidth, kHeight,
                                                         [](void*) { return std::uint64_t{0}; });
    EXPECT_EQ(changed, kWhole) << "frame " << frame;
  }
}

}  // namespace
}  // namespace kiosk::platform
