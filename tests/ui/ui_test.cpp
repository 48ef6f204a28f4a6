// The touch widgets in real ImGui frames (no window needed): a list scrolls under a finger, coasts
// after a flick, and a tap lands on the item under the finger.
#include <gtest/gtest.h>

#include <string>

#include "ui/ui.h"

namespace kiosk::ui {
namespace {

using namespace std::chrono_literals;
using Kind = PointerEvent::Kind;

constexpr float kPxPerMm = 4;
constexpr int kItems = 30;
constexpr float kRow = 60;
const ImRect kView(0, 0, 400, 400);

class UiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ui.LoadFonts().empty());
    Frame();
  }

  // One frame of a list of buttons "Item 0".."Item 29"; returns the tapped item or -1.
  int Frame() {
    ui.BeginFrame(800, 600);
    const float offset = ui.BeginScroll("list", kView, kItems * kRow);
    int tapped = -1;
    for (int i = 0; i < kItems; ++i) {
      const float y = static_cast<float>(i) * kRow + offset;
      if (ui.Button(("Item " + std::to_string(i)).c_str(), ImRect(0, y, 400, y + kRow - 4))) {
        tapped = i;
      }
    }
    ui.EndScroll();
    ui.EndFrame();
    clock.Advance(16ms);
    return tapped;
  }

  int FirstVisibleItem() const {
    for (const Label& label : ui.Labels()) {
      if (label.text.rfind("Item ", 0) == 0) return std::stoi(label.text.substr(5));
    }
    return -1;
  }

  int Tap(float x, float y) {
    ui.OnPointer({Kind::kDown, x, y});
    Frame();
    ui.OnPointer({Kind::kUp, x, y});
    return Frame();
  }

  // A slow drag that rests before lifting: no fling.
  void Drag(float fromY, float toY) {
    ui.OnPointer({Kind::kDown, 200, fromY});
    Frame();
    for (int i = 1; i <= 10; ++i) {
      ui.OnPointer({Kind::kMove, 200, fromY + (toY - fromY) * static_cast<float>(i) / 10});
      Frame();
    }
    clock.Advance(300ms);
    ui.OnPointer({Kind::kUp, 200, toY});
    Frame();
  }

  base::ManualClock clock;
  Ui ui{clock, kPxPerMm};
};

TEST_F(UiTest, OnlyItemsInsideTheViewAreOnScreen) {
  EXPECT_EQ(FirstVisibleItem(), 0);
  int shown = 0;
  for (const Label& label : ui.Labels()) shown += label.text.rfind("Item ", 0) == 0;
  EXPECT_EQ(shown, 7) << "400 px of 60 px rows show items 0 to 6";
}

TEST_F(UiTest, ADragScrollsTheListWithTheFinger) {
  Drag(380, 80);
  EXPECT_EQ(FirstVisibleItem(), 5) << "300 px up moves five 60 px rows off the top";
  EXPECT_FALSE(ui.IsAnimating()) << "a finger that rested before lifting does not fling";
}

TEST_F(UiTest, AFlickCoastsThenStopsAtTheEnd) {
  ui.OnPointer({Kind::kDown, 200, 380});
  Frame();
  for (int i = 1; i <= 4; ++i) {
    ui.OnPointer({Kind::kMove, 200, 380 - 60.0f * static_cast<float>(i)});
    Frame();
  }
  ui.OnPointer({Kind::kUp, 200, 140});
  Frame();
  const int atRelease = FirstVisibleItem();
  EXPECT_TRUE(ui.IsAnimating()) << "the list coasts after a quick flick";
  int frames = 0;
  while (ui.IsAnimating() && frames < 1000) {
    Frame();
    ++frames;
  }
  EXPECT_LT(frames, 1000) << "coasting must come to rest";
  EXPECT_GT(FirstVisibleItem(), atRelease) << "the list kept moving after the finger lifted";
  // Scrolling stops at the last item: it rests at the bottom of the view, not above it.
  for (int i = 0; i < 8; ++i) Drag(390, 10);
  const Label* last = nullptr;
  for (const Label& label : ui.Labels()) {
    if (label.text == "Item 29") last = &label;
  }
  ASSERT_NE(last, nullptr) << "the last item is on screen after scrolling to the end";
  EXPECT_NEAR(last->rect.Max.y, kView.Max.y - 4, 0.5f);
  EXPECT_EQ(FirstVisibleItem(), 23);
}

TEST_F(UiTest, ATapAfterScrollingHitsTheItemUnderTheFinger) {
  Drag(380, 80);
  EXPECT_EQ(Tap(200, 30), 5);
  EXPECT_EQ(Tap(200, 100), 6);
}

TEST_F(UiTest, ADragOverAButtonDoesNotPressIt) {
  ui.OnPointer({Kind::kDown, 200, 30});
  Frame();
  ui.OnPointer({Kind::kMove, 200, 30 + 4 * kPxPerMm});
  Frame();
  ui.OnPointer({Kind::kUp, 200, 30 + 4 * kPxPerMm});
  EXPECT_EQ(Frame(), -1) << "moving 4 mm is a drag, not a tap";
}

TEST_F(UiTest, ItemsScrolledOutOfTheViewCannotBeTapped) {
  // Item 7 is laid out at y 420..476, below the 400 px view: drawn nowhere, tappable nowhere.
  EXPECT_EQ(Tap(200, 440), -1);
}

}  // namespace
}  // namespace kiosk::ui
