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

// A list of `rows` buttons "Row 0".."Row N-1", drawn as the screens draw theirs: only the rows
// Ui::RowsInView gives.
class LongListTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(ui.LoadFonts().empty()); }

  // One frame; returns the vertices ImGui was given to draw.
  int Frame(std::size_t rows) {
    ui.BeginFrame(800, 600);
    const float top = ui.BeginScroll("list", kView, static_cast<float>(rows) * kRow);
    const Ui::Rows shown = ui.RowsInView(top, kRow, rows);
    for (std::size_t i = shown.first; i < shown.last; ++i) {
      const float y = top + static_cast<float>(i) * kRow;
      ui.Button(("Row " + std::to_string(i)).c_str(), ImRect(0, y, 400, y + kRow - 4));
    }
    ui.EndScroll();
    ui.EndFrame();
    clock.Advance(16ms);
    return ImGui::GetDrawData()->TotalVtxCount;
  }

  // A quick flick up the list; frames run until it stops coasting. Time moves a quarter second
  // a frame while it coasts, so that a long list is crossed in few frames.
  void Fling(std::size_t rows) {
    ui.OnPointer({Kind::kDown, 200, 380});
    Frame(rows);
    for (int i = 1; i <= 3; ++i) {
      ui.OnPointer({Kind::kMove, 200, 380 - 120.0f * static_cast<float>(i)});
      Frame(rows);
    }
    ui.OnPointer({Kind::kUp, 200, 20});
    Frame(rows);
    for (int frames = 0; ui.IsAnimating() && frames < 100; ++frames) {
      clock.Advance(234ms);
      Frame(rows);
    }
  }

  const Label* Find(const std::string& text) const {
    for (const Label& label : ui.Labels()) {
      if (label.text == text) return &label;
    }
    return nullptr;
  }

  base::ManualClock clock;
  Ui ui{clock, kPxPerMm};
};

TEST_F(LongListTest, AFrameDrawsAsMuchForFiveThousandRowsAsForFifty) {
  const int fifty = Frame(50);
  ui.ResetScrolls();
  const int fiveThousand = Frame(5000);
  EXPECT_EQ(fiveThousand, fifty) << "rows out of view were drawn";
  EXPECT_EQ(ui.Labels().size(), 7u) << "400 px of 60 px rows show rows 0 to 6";
  // And scrolled on by the same drag.
  auto dragged = [&](std::size_t rows) {
    ui.ResetScrolls();
    Frame(rows);
    ui.OnPointer({Kind::kDown, 200, 380});
    Frame(rows);
    ui.OnPointer({Kind::kMove, 200, 80});
    Frame(rows);
    const int vertices = Frame(rows);
    clock.Advance(300ms);  // the finger rests, then lifts: no fling
    ui.OnPointer({Kind::kUp, 200, 80});
    Frame(rows);
    return vertices;
  };
  const int fiftyDragged = dragged(50);
  ASSERT_EQ(Find("Row 0"), nullptr) << "the drag moved the list";
  EXPECT_EQ(dragged(5000), fiftyDragged);
}

TEST_F(LongListTest, TheLastOfFiveThousandRowsIsReachedByFlinging) {
  int flings = 0;
  while (!Find("Row 4999") && flings < 400) {
    Fling(5000);
    ++flings;
  }
  const Label* last = Find("Row 4999");
  ASSERT_NE(last, nullptr) << "after " << flings << " flings";
  EXPECT_NEAR(last->rect.Max.y, kView.Max.y - 4, 0.5f) << "the list stops at its last row";
  EXPECT_NE(Find("Row 4993"), nullptr);
}

}  // namespace
}  // namespace kiosk::ui
