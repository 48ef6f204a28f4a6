// Video pictures as the software renderer draws them (converted straight into the window's pixels),
// headless: what lies under a picture is covered, what is drawn after it shows over it, a picture
// drawn at another size or cut by a clip rectangle fills exactly its place, and a frame drawn from
// changed parts equals the same frame drawn whole.
#include <gtest/gtest.h>
#include <imgui.h>
#include <stb_image.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "platform/platform.h"
#include "support/temp_dir.h"

namespace kiosk::platform {
namespace {

constexpr int kWidth = 320, kHeight = 240;
constexpr int kPictureWidth = 64, kPictureHeight = 48;
constexpr ImU32 kBackground = IM_COL32(0x20, 0x20, 0x20, 0xFF);

struct Rgb {
  int r = 0, g = 0, b = 0;
};

class PictureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini left where the test ran
    io.DisplaySize = ImVec2(kWidth, kHeight);
    io.Fonts->Build();
    // As on a screen: the headless kiosk names SDL's software renderer, which turns SDL's
    // batching of draw commands off, but a window's renderer batches them.
    setenv("SDL_RENDER_BATCHING", "1", 1);
    WindowOptions options;
    options.headless = true;
    options.width = kWidth;
    options.height = kHeight;
    auto created = Platform::Create(options);
    ASSERT_TRUE(created.ok()) << created.error();
    platform = std::move(created.value());
    platform->InitImGui();
  }
  void TearDown() override {
    platform.reset();
    ImGui::DestroyContext();
  }

  // A picture whose chroma is BT.601's red (U 90, V 240) and whose luma is `left` on its left half
  // and `right` on its right: 81 makes red, 16 a dark brown.
  void Fill(void* picture, std::uint8_t left, std::uint8_t right) {
    // Rows padded to 96 bytes, as VLC pads them to 32.
    const int pitches[3] = {96, 48, 48};
    std::vector<std::uint8_t> y(static_cast<std::size_t>(pitches[0]) * kPictureHeight);
    for (int row = 0; row < kPictureHeight; ++row) {
      for (int x = 0; x < kPictureWidth; ++x) y[row * pitches[0] + x] = x < 32 ? left : right;
    }
    const std::vector<std::uint8_t> u(static_cast<std::size_t>(pitches[1]) * kPictureHeight / 2,
                                      90);
    const std::vector<std::uint8_t> v(u.size(), 240);
    const std::uint8_t* planes[3] = {y.data(), u.data(), v.data()};
    platform->UpdateVideoTexture(picture, planes, pitches, true);
  }
  void* RedPicture() {
    void* picture = platform->CreateVideoTexture(kPictureWidth, kPictureHeight, true);
    EXPECT_NE(picture, nullptr);
    Fill(picture, 81, 81);
    return picture;
  }

  // Draws one frame of what `draw` adds to a draw list and returns its pixels.
  std::vector<unsigned char> Frame(const std::function<void(ImDrawList&)>& draw,
                                   const std::string& name) {
    ImGui::NewFrame();
    draw(*ImGui::GetBackgroundDrawList());
    ImGui::Render();
    platform->Render(ImGui::GetDrawData(), kBackground);
    const std::string path = (dir / (name + ".png")).string();
    EXPECT_TRUE(platform->Screenshot(path).ok());
    platform->Present();
    int w = 0, h = 0, n = 0;
    unsigned char* pixels = stbi_load(path.c_str(), &w, &h, &n, 3);
    EXPECT_EQ(w, kWidth);
    EXPECT_EQ(h, kHeight);
    std::vector<unsigned char> out(pixels, pixels + static_cast<std::size_t>(w) * h * 3);
    stbi_image_free(pixels);
    return out;
  }

  static Rgb At(const std::vector<unsigned char>& shot, int x, int y) {
    const unsigned char* p = shot.data() + (static_cast<std::size_t>(y) * kWidth + x) * 3;
    return {p[0], p[1], p[2]};
  }

  testing::TempDir dir{"pictures"};
  std::unique_ptr<Platform> platform;
};

bool IsRed(Rgb c) {
  return c.r > 200 && c.g < 60 && c.b < 60;
}
bool IsBackground(Rgb c) {
  return c.r == 0x20 && c.g == 0x20 && c.b == 0x20;
}
bool IsWhite(Rgb c) {
  return c.r == 255 && c.g == 255 && c.b == 255;
}

TEST_F(PictureTest, APictureAtItsOwnSizeCoversWhatIsUnderItAndIsUnderWhatComesAfter) {
  void* picture = RedPicture();
  const std::vector<unsigned char> shot = Frame(
      [&](ImDrawList& list) {
        list.AddRectFilled(ImVec2(0, 0), ImVec2(kWidth, kHeight), IM_COL32(0, 0, 255, 255));
        list.AddImage(picture, ImVec2(100, 50), ImVec2(164, 98));
        list.AddRectFilled(ImVec2(140, 70), ImVec2(150, 80), IM_COL32_WHITE);
      },
      "own-size");
  EXPECT_TRUE(IsRed(At(shot, 100, 50))) << "top left corner";
  EXPECT_TRUE(IsRed(At(shot, 163, 97))) << "bottom right corner";
  EXPECT_TRUE(IsRed(At(shot, 120, 60))) << "the blue under it is covered";
  EXPECT_TRUE(IsWhite(At(shot, 145, 75))) << "drawn after the picture, over it";
  const Rgb outside = At(shot, 164, 98);
  EXPECT_EQ(outside.b, 255) << "just past the picture, the blue under it";
  EXPECT_EQ(outside.r, 0);
}

TEST_F(PictureTest, APictureDrawnLargerOrClippedFillsExactlyItsPlace) {
  void* picture = RedPicture();
  // Twice its size, cut by a clip rectangle to its left half; and at its own size, cut to its
  // top half.
  const std::vector<unsigned char> shot = Frame(
      [&](ImDrawList& list) {
        list.PushClipRect(ImVec2(0, 0), ImVec2(80 + kPictureWidth, kHeight));
        list.AddImage(picture, ImVec2(80, 20),
                      ImVec2(80 + 2 * kPictureWidth, 20 + 2 * kPictureHeight));
        list.PopClipRect();
        list.PushClipRect(ImVec2(0, 0), ImVec2(kWidth, 150 + kPictureHeight / 2));
        list.AddImage(picture, ImVec2(200, 150), ImVec2(200 + kPictureWidth, 150 + kPictureHeight));
        list.PopClipRect();
      },
      "larger-clipped");
  EXPECT_TRUE(IsRed(At(shot, 200 + kPictureWidth - 1, 150 + kPictureHeight / 2 - 1)));
  EXPECT_TRUE(IsBackground(At(shot, 200, 150 + kPictureHeight / 2))) << "below its clip";
  EXPECT_TRUE(IsRed(At(shot, 80, 20)));
  EXPECT_TRUE(IsRed(At(shot, 80 + kPictureWidth - 1, 20 + 2 * kPictureHeight - 1)))
      << "twice as tall, to the clip's edge";
  EXPECT_TRUE(IsBackground(At(shot, 80 + kPictureWidth, 40))) << "past the clip";
  EXPECT_TRUE(IsBackground(At(shot, 100, 20 + 2 * kPictureHeight))) << "below the picture";
  EXPECT_TRUE(IsBackground(At(shot, 79, 40))) << "left of it";
}

TEST_F(PictureTest, ANewPictureDrawnAloneEqualsTheWholeFrame) {
  void* picture = RedPicture();
  const auto draw = [&](ImDrawList& list) {
    list.AddText(ImVec2(10, 200), IM_COL32_WHITE, "0:01 / 0:10");
    list.AddImage(picture, ImVec2(33, 21), ImVec2(33 + kPictureWidth, 21 + kPictureHeight));
  };
  Frame(draw, "first");
  // A new picture, dark on its left half: only its tiles are drawn again.
  const std::int64_t partial = platform->PresentedFrames().partial;
  Fill(picture, 16, 81);
  const std::vector<unsigned char> shown = Frame(draw, "changed");
  EXPECT_EQ(platform->PresentedFrames().partial, partial + 1) << "drawn in part";
  EXPECT_FALSE(IsRed(At(shown, 33, 21))) << "the new picture's left half is dark";
  EXPECT_TRUE(IsRed(At(shown, 33 + kPictureWidth - 1, 21))) << "its right half red";
  platform->RedrawAll();
  const std::vector<unsigned char> whole = Frame(draw, "whole");
  std::size_t differ = 0;
  for (std::size_t i = 0; i < shown.size(); ++i) differ += shown[i] != whole[i];
  EXPECT_EQ(differ, 0u);
}

// A list's clip starts at a fraction of a pixel (a header 20.4 pixels high): ImGui's backend cuts
// its top and its height to integers, and a frame drawn in parts must cut them the same, or the
// last row of each part keeps the background (seen as a dark line across a video's card).
TEST_F(PictureTest, AListClippedAtAFractionOfAPixelDrawnInPartsEqualsTheWholeFrame) {
  ImU32 mark = IM_COL32(0, 200, 0, 255);
  const auto draw = [&](ImDrawList& list) {
    list.PushClipRect(ImVec2(0, 20.4f), ImVec2(kWidth, kHeight));
    list.AddRectFilled(ImVec2(0, 0), ImVec2(kWidth, kHeight), IM_COL32(0, 0, 255, 255));
    list.AddRectFilled(ImVec2(40, 30), ImVec2(120, 90), mark);
    list.PopClipRect();
  };
  Frame(draw, "first");
  const std::int64_t partial = platform->PresentedFrames().partial;
  mark = IM_COL32_WHITE;
  const std::vector<unsigned char> shown = Frame(draw, "changed");
  EXPECT_EQ(platform->PresentedFrames().partial, partial + 1) << "drawn in part";
  platform->RedrawAll();
  const std::vector<unsigned char> whole = Frame(draw, "whole");
  std::size_t differ = 0;
  for (std::size_t i = 0; i < shown.size(); ++i) differ += shown[i] != whole[i];
  EXPECT_EQ(differ, 0u) << "bytes that differ";
}

}  // namespace
}  // namespace kiosk::platform
