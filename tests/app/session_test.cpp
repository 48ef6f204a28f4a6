// The screen and the session, on the whole kiosk, headless: a double tap acts once across a screen
// change, every visitor's session is counted (the first after a start too), and one state folder
// serves one kiosk. The real X server's side of the same is tests/app/x11_test.sh.
#include <gtest/gtest.h>

#include <string>

#include "app/app_fixture.h"

namespace kiosk::app {
namespace {

class SessionTest : public AppTest {
 protected:
  // The kiosk's own loop for `time`, as the real one runs it: whatever came in, then a frame
  // when one is due, at most one every 16 ms. Unlike Settle() it does not wait for the screen
  // to come to rest: fingers come when they come.
  void Run(base::Duration time) {
    const base::TimePoint until = clock.Now() + time;
    while (clock.Now() < until) {
      app->PumpEvents(0);
      if (app->NeedsFrame()) app->DrawFrame();
      clock.Advance(std::min<base::Duration>(16ms, until - clock.Now()));
    }
  }

  // Two quick taps at one place, their presses `apart`, each finger down for 40 ms, as a child
  // taps twice.
  void DoubleTap(ImVec2 at, base::Duration apart) {
    Run(app->TouchSettled() - clock.Now());  // the home screen has been on show a while
    app->Platform().PushPointer(Kind::kPointerDown, at.x, at.y);
    Run(40ms);
    app->Platform().PushPointer(Kind::kPointerUp, at.x, at.y);
    Run(apart - 40ms);
    app->Platform().PushPointer(Kind::kPointerDown, at.x, at.y);
    Run(40ms);
    app->Platform().PushPointer(Kind::kPointerUp, at.x, at.y);
    Settle();
  }

  Options OptionsOn(const fs::path& state) const {
    Options options;
    options.headless = true;
    options.localesDir = localesDir;
    options.contentDir = TempDir("store").string();
    options.stateDir = state.string();
    return options;
  }
};

class DoubleTapTest : public SessionTest, public ::testing::WithParamInterface<int> {};

TEST_P(DoubleTapTest, OnTheVideosTileOpensTheListAndNotTheCardUnderTheFinger) {
  Start(1280, 720, DemoStore());
  const ImVec2 tile = Find("Videos")->rect.GetCenter();
  DoubleTap(tile, std::chrono::milliseconds(GetParam()));
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kVideos);
  EXPECT_EQ(app->CountOf("screen_shown", "player"), 0);
  EXPECT_EQ(app->CountOf("screen_shown", "leaflet"), 0);

  // What the second tap would have hit is a card (the demo's leaflet): a tap there, once the
  // list is on screen, opens it.
  const ui::Label* under = nullptr;
  for (const ui::Label& label : app->Labels()) {
    if (label.tappable && label.rect.Contains(tile)) under = &label;
  }
  ASSERT_NE(under, nullptr) << "no card lies under the Videos tile at this size";
  Finger(Kind::kPointerDown, tile);
  Finger(Kind::kPointerUp, tile);
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kLeaflet) << under->text;
}

INSTANTIATE_TEST_SUITE_P(MillisecondsApart, DoubleTapTest, ::testing::Values(90, 200));

// A survey moves on as soon as an answer is tapped, and the next question's answers lie where
// the last one's were: a double tap answers one question, not two.
TEST_P(DoubleTapTest, OnASurveyAnswerAnswersOneQuestionOnly) {
  Start(1280, 720, DemoStore());
  Tap("Quizzes");
  Tap("What information do you need? (anonymous)");
  ASSERT_TRUE(OnScreen("Question 1 / 3"));
  DoubleTap(Find("Legal help")->rect.GetCenter(), std::chrono::milliseconds(GetParam()));
  EXPECT_TRUE(OnScreen("Question 2 / 3"));
  EXPECT_EQ(app->CountOf("survey_answer", "needs"), 1);
}

TEST_F(SessionTest, AFingerHeldThroughAScreenChangeDoesNotTapWhenItLifts) {
  Start(1280, 720, DemoStore());
  // Escape (a keyboard's Back) changes the screen under a finger that is down.
  Tap("Videos");
  const ImVec2 at = Find("Your wages, your rights")->rect.GetCenter();
  Finger(Kind::kPointerDown, at);
  app->Platform().PushKey("Escape");
  Settle();
  ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kHome);
  clock.Advance(1s);
  Finger(Kind::kPointerUp, at);
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kHome)
      << "the finger pressed a video; it lifted over the Videos tile";
}

TEST_F(SessionTest, TheFirstVisitorAfterAStartIsCountedLikeEveryLaterOne) {
  Start();
  EXPECT_EQ(app->CountOf("session_started", ""), 0) << "nobody has touched the kiosk yet";
  Tap("Videos");
  EXPECT_EQ(app->CountOf("session_started", ""), 1) << "the first visitor after a start";
  Tap("Back");
  Tap("Help");
  EXPECT_EQ(app->CountOf("session_started", ""), 1) << "her next taps are the same session";

  clock.Advance(std::chrono::seconds(idleSeconds + 1));
  Settle();
  ASSERT_TRUE(app->Attracting());
  Finger(Kind::kPointerDown, ImVec2(640, 360));
  Finger(Kind::kPointerUp, ImVec2(640, 360));
  Tap("Quizzes");
  EXPECT_EQ(app->CountOf("session_started", ""), 2) << "the next visitor, after the idle reset";
}

TEST_F(SessionTest, ASecondKioskOnTheSameStateFolderRefusesToStart) {
  Start();
  const fs::path state = TempDir("state");
  base::Result<std::unique_ptr<App>> second = App::Create(OptionsOn(state), clock);
  ASSERT_FALSE(second.ok()) << "two kiosks would count every use twice under one kiosk id";
  EXPECT_NE(second.error().find(state.string()), std::string::npos) << second.error();
  EXPECT_NE(second.error().find("another kiosk"), std::string::npos) << second.error();

  app.reset();  // the first one stops: the folder is free
  base::Result<std::unique_ptr<App>> next = App::Create(OptionsOn(state), clock);
  EXPECT_TRUE(next.ok()) << next.error();
}

}  // namespace
}  // namespace kiosk::app
