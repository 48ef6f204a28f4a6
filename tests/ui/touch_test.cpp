// Tap versus drag, as a finger on a cheap touchscreen does them.
#include <gtest/gtest.h>

#include "ui/ui.h"

namespace kiosk::ui {
namespace {

using namespace std::chrono_literals;
using Kind = PointerEvent::Kind;

constexpr float kSlop = 12;        // px
constexpr float kMaxFling = 6000;  // px/s
const ImRect kButton(100, 100, 300, 200);

class TouchTest : public ::testing::Test {
 protected:
  base::ManualClock clock;
  Touch touch{clock, kSlop, kMaxFling};
};

TEST_F(TouchTest, ATapFiresOnReleaseNotOnPress) {
  touch.OnPointer({Kind::kDown, 150, 150});
  EXPECT_TRUE(touch.IsPressing(kButton));
  EXPECT_FALSE(touch.TakeTap(kButton)) << "a tap must not fire while the finger is still down";
  touch.OnPointer({Kind::kUp, 152, 151});
  EXPECT_TRUE(touch.TakeTap(kButton));
  EXPECT_FALSE(touch.TakeTap(kButton)) << "one tap fires one widget once";
}

TEST_F(TouchTest, AFingerThatMovedPastTheSlopDragsInsteadOfTapping) {
  touch.OnPointer({Kind::kDown, 150, 150});
  touch.OnPointer({Kind::kMove, 150, 150 + kSlop + 1});
  EXPECT_FALSE(touch.IsPressing(kButton)) << "a dragging finger no longer presses the button";
  touch.OnPointer({Kind::kUp, 150, 150 + kSlop + 1});
  EXPECT_FALSE(touch.TakeTap(kButton));
  EXPECT_FLOAT_EQ(touch.TakeDragDy(kButton), kSlop + 1);
}

TEST_F(TouchTest, AJitteringFingerStillTaps) {
  touch.OnPointer({Kind::kDown, 150, 150});
  touch.OnPointer({Kind::kMove, 154, 147});
  touch.OnPointer({Kind::kMove, 149, 153});
  touch.OnPointer({Kind::kUp, 151, 150});
  EXPECT_TRUE(touch.TakeTap(kButton));
}

TEST_F(TouchTest, ATapThatEndsOutsideTheButtonDoesNotFireIt) {
  touch.OnPointer({Kind::kDown, 101, 150});
  touch.OnPointer({Kind::kUp, 95, 150});  // within the slop, but off the button
  EXPECT_FALSE(touch.TakeTap(kButton));
}

TEST_F(TouchTest, AQuickFlickFlingsAndASlowStopDoesNot) {
  touch.OnPointer({Kind::kDown, 150, 400});
  for (int i = 1; i <= 5; ++i) {
    clock.Advance(16ms);
    touch.OnPointer({Kind::kMove, 150, 400 - 40.0f * static_cast<float>(i)});
  }
  touch.OnPointer({Kind::kUp, 150, 200});
  std::optional<float> fling = touch.TakeFling(ImRect(0, 0, 800, 800));
  ASSERT_TRUE(fling.has_value());
  EXPECT_NEAR(*fling, -200.0f / 0.080f, 1.0f) << "200 px up in 80 ms";

  touch.OnPointer({Kind::kDown, 150, 400});
  clock.Advance(16ms);
  touch.OnPointer({Kind::kMove, 150, 300});
  clock.Advance(500ms);  // the finger rests before it lifts
  touch.OnPointer({Kind::kUp, 150, 300});
  fling = touch.TakeFling(ImRect(0, 0, 800, 800));
  ASSERT_TRUE(fling.has_value());
  EXPECT_EQ(*fling, 0.0f);
}

TEST_F(TouchTest, EventsThatQueuedBehindASlowFrameDoNotThrowTheList) {
  // Handled 50 µs apart: 200 px in 100 µs would be 2 km/s.
  touch.OnPointer({Kind::kDown, 150, 400});
  clock.Advance(50us);
  touch.OnPointer({Kind::kMove, 150, 300});
  clock.Advance(50us);
  touch.OnPointer({Kind::kUp, 150, 200});
  std::optional<float> fling = touch.TakeFling(ImRect(0, 0, 800, 800));
  ASSERT_TRUE(fling.has_value());
  EXPECT_EQ(*fling, -kMaxFling);
}

TEST_F(TouchTest, APressAndAFarReleaseWithNoMovesBetweenIsADrag) {
  touch.OnPointer({Kind::kDown, 150, 400});
  touch.OnPointer({Kind::kUp, 150, 300});
  EXPECT_FALSE(touch.TakeTap(ImRect(0, 0, 800, 800)));
  EXPECT_FLOAT_EQ(touch.TakeDragDy(ImRect(0, 0, 800, 800)), -100);
}

TEST_F(TouchTest, HoverIsIgnored) {
  EXPECT_FALSE(touch.OnPointer({Kind::kMove, 150, 150})) << "a mouse passing by changes nothing";
  EXPECT_FALSE(touch.IsPressing(kButton));
  touch.OnPointer({Kind::kDown, 150, 150});
  touch.OnPointer({Kind::kUp, 150, 150});
  touch.EndFrame();
  EXPECT_FALSE(touch.IsPressing(kButton)) << "nothing stays highlighted after a finger lifts";
  EXPECT_FALSE(touch.TakeTap(kButton)) << "a tap nobody took is gone after the frame";
}

// Children of two teams on one screen: one holds a finger in her zone while another taps his.
TEST_F(TouchTest, AFingerTapsWhileAnotherIsHeldDown) {
  const ImRect red(0, 300, 200, 400), blue(300, 300, 500, 400);
  touch.OnPointer({Kind::kDown, 100, 350, 1});  // held in the red zone
  touch.OnPointer({Kind::kDown, 400, 350, 2});
  EXPECT_TRUE(touch.IsPressing(blue)) << "the second finger's button shows it is pressed";
  touch.OnPointer({Kind::kUp, 402, 351, 2});
  EXPECT_TRUE(touch.TakeTap(blue)) << "the second finger tapped";
  EXPECT_FALSE(touch.TakeTap(red)) << "the first is still down";
  touch.OnPointer({Kind::kUp, 100, 350, 1});
  EXPECT_TRUE(touch.TakeTap(red));
}

TEST_F(TouchTest, TwoTapsInOneFrameFireTwoWidgetsAndASecondFingerDoesNotDrag) {
  const ImRect red(0, 300, 200, 400), blue(300, 300, 500, 400);
  touch.OnPointer({Kind::kDown, 100, 350, 1});
  touch.OnPointer({Kind::kDown, 400, 350, 2});
  touch.OnPointer({Kind::kUp, 400, 350, 2});
  touch.OnPointer({Kind::kUp, 100, 350, 1});
  EXPECT_TRUE(touch.TakeTap(blue));
  EXPECT_TRUE(touch.TakeTap(red));
  touch.EndFrame();

  touch.OnPointer({Kind::kDown, 100, 350, 1});
  touch.OnPointer({Kind::kDown, 400, 350, 2});
  touch.OnPointer({Kind::kMove, 400, 350 + kSlop + 1, 2});
  EXPECT_FALSE(touch.IsPressing(blue));
  touch.OnPointer({Kind::kUp, 400, 350 + kSlop + 1, 2});
  EXPECT_FALSE(touch.TakeTap(blue)) << "a second finger that slid does not tap";
  EXPECT_FLOAT_EQ(touch.TakeDragDy(blue), 0) << "nor drag: only the first finger scrolls";
  touch.OnPointer({Kind::kUp, 100, 350, 1});
  EXPECT_TRUE(touch.TakeTap(red));
}

TEST_F(TouchTest, AFingerStillDownWhenTheFirstLiftsStillTapsWhenItLifts) {
  const ImRect red(0, 300, 200, 400), blue(300, 300, 500, 400);
  touch.OnPointer({Kind::kDown, 100, 350, 1});
  touch.OnPointer({Kind::kDown, 400, 350, 2});
  touch.OnPointer({Kind::kUp, 100, 350, 1});
  touch.OnPointer({Kind::kUp, 400, 350, 2});
  EXPECT_TRUE(touch.TakeTap(red));
  EXPECT_TRUE(touch.TakeTap(blue));
  touch.EndFrame();
  touch.OnPointer({Kind::kDown, 400, 350, 3});  // all lifted: a new first finger
  touch.OnPointer({Kind::kMove, 400, 380, 3});
  touch.OnPointer({Kind::kUp, 400, 380, 3});
  EXPECT_FLOAT_EQ(touch.TakeDragDy(blue), 30) << "and it drags again";
}

// [SECTION] A new screen: what fingers began on the last one does nothing on it.

TEST_F(TouchTest, AFingerDownWhenANewScreenShowsNeitherTapsNorDragsNorHoldsOnIt) {
  touch.OnPointer({Kind::kDown, 150, 150});
  clock.Advance(50ms);
  touch.NewScreen();
  EXPECT_FALSE(touch.IsPressing(kButton)) << "the new screen's button is not drawn pressed";
  EXPECT_FALSE(touch.HeldFor(kButton).has_value()) << "nor is it held (staff's corner)";
  touch.OnPointer({Kind::kMove, 150, 150 + 3 * kSlop});
  EXPECT_FLOAT_EQ(touch.TakeDragDy(kButton), 0) << "its list does not scroll";
  touch.OnPointer({Kind::kUp, 150, 150 + 3 * kSlop});
  EXPECT_FALSE(touch.TakeFling(kButton).has_value());
  touch.OnPointer({Kind::kDown, 150, 150});
  touch.OnPointer({Kind::kUp, 150, 150});
  EXPECT_FALSE(touch.TakeTap(kButton)) << "a tap at once after it is the same hand";
  clock.Advance(Touch::kSettle);
  touch.OnPointer({Kind::kDown, 150, 150});
  EXPECT_TRUE(touch.IsPressing(kButton));
  touch.OnPointer({Kind::kUp, 150, 150});
  EXPECT_TRUE(touch.TakeTap(kButton)) << "a tap once the screen has settled acts";
}

TEST_F(TouchTest, TheSecondTapOfADoubleTapDoesNothingOnTheScreenTheFirstOpened) {
  for (const auto apart : {90ms, 200ms}) {
    touch.OnPointer({Kind::kDown, 150, 150});
    clock.Advance(40ms);
    touch.OnPointer({Kind::kUp, 150, 150});
    ASSERT_TRUE(touch.TakeTap(kButton));
    touch.EndFrame();
    clock.Advance(16ms);  // the next frame shows the screen the tap opened
    touch.NewScreen();
    clock.Advance(apart - 56ms);
    touch.OnPointer({Kind::kDown, 150, 150});
    clock.Advance(40ms);
    touch.OnPointer({Kind::kUp, 150, 150});
    EXPECT_FALSE(touch.TakeTap(kButton)) << apart.count() << " ms apart";
    touch.EndFrame();
    clock.Advance(1s);
  }
}

TEST_F(TouchTest, ATapNotYetTakenWhenANewScreenShowsIsForgotten) {
  touch.OnPointer({Kind::kDown, 150, 150});
  touch.OnPointer({Kind::kUp, 150, 150});
  touch.NewScreen();
  EXPECT_FALSE(touch.TakeTap(kButton));
}

TEST_F(TouchTest, OtherFingersOfTheLastScreenDoNotTapEither) {
  const ImRect red(0, 300, 200, 400), blue(300, 300, 500, 400);
  touch.OnPointer({Kind::kDown, 100, 350, 1});
  touch.OnPointer({Kind::kDown, 400, 350, 2});
  touch.NewScreen();
  EXPECT_FALSE(touch.IsPressing(blue));
  touch.OnPointer({Kind::kUp, 400, 350, 2});
  touch.OnPointer({Kind::kUp, 100, 350, 1});
  EXPECT_FALSE(touch.TakeTap(blue));
  EXPECT_FALSE(touch.TakeTap(red));
  clock.Advance(Touch::kSettle);
  touch.OnPointer({Kind::kDown, 100, 350, 1});
  touch.OnPointer({Kind::kDown, 400, 350, 2});
  touch.OnPointer({Kind::kUp, 400, 350, 2});
  touch.OnPointer({Kind::kUp, 100, 350, 1});
  EXPECT_TRUE(touch.TakeTap(blue));
  EXPECT_TRUE(touch.TakeTap(red));
}

TEST_F(TouchTest, TwoQuickTapsNearTogetherAreADoubleTapAndSlowOrDistantOnesAreNot) {
  const ImRect page(0, 0, 1000, 1000);
  auto tap = [&](float x, float y) {
    touch.OnPointer({Kind::kDown, x, y});
    touch.OnPointer({Kind::kUp, x, y});
  };
  tap(500, 500);
  EXPECT_FALSE(touch.TakeDoubleTap(page)) << "the first tap is an ordinary one";
  touch.EndFrame();
  clock.Advance(150ms);
  tap(505, 498);
  const std::optional<ImVec2> second = touch.TakeDoubleTap(page);
  ASSERT_TRUE(second.has_value());
  EXPECT_FLOAT_EQ(second->x, 505);
  touch.EndFrame();
  clock.Advance(150ms);
  tap(505, 498);
  EXPECT_FALSE(touch.TakeDoubleTap(page)) << "a third tap starts the next pair";
  touch.EndFrame();
  clock.Advance(Touch::kDoubleTap + 1ms);
  tap(505, 498);
  EXPECT_FALSE(touch.TakeDoubleTap(page)) << "too slow";
  touch.EndFrame();
  clock.Advance(100ms);
  tap(505 + 4 * kSlop, 498);
  EXPECT_FALSE(touch.TakeDoubleTap(page)) << "too far from the first";
}

TEST_F(TouchTest, TwoFingersTakenAsAPinchNeitherTapNorSwipeAndUntakenTheyTapAsBefore) {
  const ImRect page(0, 0, 1000, 1000);
  touch.OnPointer({Kind::kDown, 400, 500, 1});
  touch.OnPointer({Kind::kDown, 500, 500, 2});
  touch.OnPointer({Kind::kMove, 350, 500, 1});
  touch.OnPointer({Kind::kMove, 550, 500, 2});
  const std::optional<Touch::Pinch> pinch = touch.TakePinch(page);
  ASSERT_TRUE(pinch.has_value());
  EXPECT_FLOAT_EQ(pinch->scale, 2);
  EXPECT_FLOAT_EQ(pinch->centre.x, 450);
  EXPECT_FLOAT_EQ(touch.TakeDrag(page).x, 0) << "the pinch's movement is not a drag";
  touch.OnPointer({Kind::kUp, 350, 500, 1});
  touch.OnPointer({Kind::kUp, 550, 500, 2});
  EXPECT_FALSE(touch.TakeSwipe(page));
  EXPECT_FALSE(touch.TakeTap(page));
  touch.EndFrame();
  // Two children's fingers on a contest's zones, which take no pinch: each taps.
  touch.OnPointer({Kind::kDown, 100, 100, 1});
  touch.OnPointer({Kind::kDown, 800, 800, 2});
  touch.OnPointer({Kind::kUp, 800, 800, 2});
  touch.OnPointer({Kind::kUp, 100, 100, 1});
  EXPECT_TRUE(touch.TakeTap(ImRect(0, 0, 200, 200)));
  EXPECT_TRUE(touch.TakeTap(ImRect(700, 700, 900, 900)));
}

TEST_F(TouchTest, ADragThatLiftsIsASwipeFromWhereItPressed) {
  const ImRect page(0, 0, 1000, 1000);
  touch.OnPointer({Kind::kDown, 800, 500});
  touch.OnPointer({Kind::kMove, 600, 510});
  EXPECT_FLOAT_EQ(touch.TakeDrag(page).x, -200);
  EXPECT_FALSE(touch.TakeSwipe(page)) << "not while the finger is down";
  touch.OnPointer({Kind::kUp, 300, 520});
  const std::optional<ImVec2> swipe = touch.TakeSwipe(page);
  ASSERT_TRUE(swipe.has_value());
  EXPECT_FLOAT_EQ(swipe->x, -500);
  EXPECT_FLOAT_EQ(swipe->y, 20);
}

}  // namespace
}  // namespace kiosk::ui
