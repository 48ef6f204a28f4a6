// A children's contest on the whole kiosk, headless, with the demo pack: teams tapping in their
// own zones, a countdown that wakes the kiosk once a second and no more, a pause that hides the
// question, and a contest that a talking teacher does not lose to the idle reset.
#include <gtest/gtest.h>
#include <stb_image.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>

#include "app/app_fixture.h"

namespace kiosk::app {
namespace {

class ContestAppTest : public AppTest {
 protected:
  // The demo pack's contest set up as a teacher would: `teams` teams, answering in `mode`.
  void SetUp(int teams, const char* mode) {
    Start(1280, 720, DemoStore());
    Tap("Contest");
    Tap(std::to_string(teams));
    Tap(mode);
    Tap("Start the contest");
    EXPECT_TRUE(OnScreen("Question 1 / 10"));
  }

  void Pass(base::Duration time) {
    clock.Advance(time);
    Settle();
  }

  // Time passes, a quarter second at a time, until `answer` is on screen (the question has been
  // read out); returns how long that took, or 20 s if it never came.
  base::Duration UntilAnswer(const std::string& answer) {
    base::Duration waited{};
    while (!OnScreen(answer) && waited < 20s) {
      Pass(250ms);
      waited += 250ms;
    }
    return waited;
  }

  // The label `text` in the zone under the team name `team` (the zones stand side by side).
  const ui::Label* InZone(const std::string& team, const std::string& text) const {
    const ui::Label* name = Find(team);
    if (!name) return nullptr;
    for (const ui::Label& label : app->Labels()) {
      const float x = label.rect.GetCenter().x;
      if (label.text == text && x > name->rect.Min.x && x < name->rect.Max.x) return &label;
    }
    return nullptr;
  }

  void TapInZone(const std::string& team, const std::string& text) {
    const ui::Label* label = InZone(team, text);
    ASSERT_NE(label, nullptr) << "\"" << text << "\" is not in the zone of " << team;
    const ImVec2 at = label->rect.GetCenter();
    Finger(Kind::kPointerDown, at);
    Finger(Kind::kPointerUp, at);
  }

  int Occurrences(const std::string& text) const {
    return static_cast<int>(std::count_if(app->Labels().begin(), app->Labels().end(),
                                          [&](const ui::Label& l) { return l.text == text; }));
  }
};

constexpr const char* kZones = "Each team taps in its own part of the screen";
constexpr const char* kTeacher = "The teacher taps the team that answered right";
constexpr const char* kRight = "Don't go; tell an adult";  // the first question's answers
constexpr const char* kWrong = "Go with him";

TEST_F(ContestAppTest, EachTeamAnswersInItsOwnColouredZoneAndAWrongTapLocksOnlyThatTeam) {
  SetUp(3, kZones);
  EXPECT_EQ(Occurrences(kRight), 0) << "the question is read before the answers appear";
  EXPECT_EQ(Occurrences("The answers come in a moment."), 3);
  UntilAnswer(kRight);
  ASSERT_EQ(Occurrences(kRight), 3) << "each zone has the answers";

  // Each zone's answers are in its team's colour.
  const std::string path = (TempDir("shot") / "zones.png").string();
  ASSERT_TRUE(app->Screenshot(path).ok());
  int width = 0, height = 0, channels = 0;
  unsigned char* pixels = stbi_load(path.c_str(), &width, &height, &channels, 3);
  ASSERT_NE(pixels, nullptr);
  auto at = [&](const ui::Label* label) {
    const ImVec2 p(label->rect.Min.x + 4, label->rect.Max.y - 4);
    const unsigned char* px = pixels + (static_cast<int>(p.y) * width + static_cast<int>(p.x)) * 3;
    return std::array<int, 3>{px[0], px[1], px[2]};
  };
  const auto red = at(InZone("Red Elephants", kWrong));
  const auto blue = at(InZone("Blue Peacocks", kWrong));
  const auto green = at(InZone("Green Monkeys", kWrong));
  stbi_image_free(pixels);
  EXPECT_GT(red[0], red[1] + 100) << "the red team's answers are red";
  EXPECT_GT(blue[2], blue[0] + 100) << "the blue team's answers are blue";
  EXPECT_GT(green[1], green[0] + 60) << "the green team's answers are green";

  Pass(3s);
  TapInZone("Red Elephants", kWrong);
  EXPECT_TRUE(OnScreen("Wait for the next question"));
  EXPECT_EQ(Occurrences(kRight), 2) << "only the red team is locked out";
  TapInZone("Blue Peacocks", kRight);
  EXPECT_TRUE(OnScreen("Blue Peacocks got it right!"));
  EXPECT_TRUE(OnScreen("+95")) << "3 s into a 20 s countdown";
  EXPECT_TRUE(OnScreen("Never go with strangers")) << "the explanation";
  EXPECT_EQ(app->CountOf("contest_answer", "children", "1/right"), 1);

  Tap("See the scores");
  EXPECT_TRUE(OnScreen("Scores"));
  EXPECT_TRUE(OnScreen("95  +95"));
  Tap("Next question");
  EXPECT_TRUE(OnScreen("Question 2 / 10"));
  UntilAnswer("Right");
  EXPECT_EQ(Occurrences("Wait for the next question"), 0) << "every team plays again";
}

TEST_F(ContestAppTest, AChildHoldingAFingerInOneZoneDoesNotBlockAnotherTeamsTap) {
  SetUp(2, kZones);
  UntilAnswer(kRight);
  // Touchscreen fingers, as SDL reports them: the red team's rests on an answer...
  const ImVec2 red = InZone("Red Elephants", kWrong)->rect.GetCenter();
  const ImVec2 blue = InZone("Blue Peacocks", kRight)->rect.GetCenter();
  auto finger = [&](Kind kind, ImVec2 at, std::int64_t id) {
    app->Platform().PushPointer(kind, at.x, at.y, id);
    Settle();
  };
  finger(Kind::kPointerDown, red, 1);
  // ...while the blue team's taps the right one.
  finger(Kind::kPointerDown, blue, 2);
  finger(Kind::kPointerUp, blue, 2);
  EXPECT_TRUE(OnScreen("Blue Peacocks got it right!"));
  finger(Kind::kPointerUp, red, 1);
  EXPECT_TRUE(OnScreen("Blue Peacocks got it right!"))
      << "the red finger, lifted late, is too late";
  EXPECT_EQ(app->CountOf("contest_answer", "children", "1/right"), 1);
}

TEST_F(ContestAppTest, TheCountdownWakesTheKioskOnceASecondAndTheRevealLetsItSleep) {
  soundsDir = KIOSK_SOUNDS_DIR;
  SetUp(2, kTeacher);
  EXPECT_LE(app->WaitBudgetMs(), 15000) << "the answers appear by themselves";
  // The first question is read out for 5.7 s (the demo's English narration): the answers wait.
  const base::Duration reading = UntilAnswer(kRight);
  EXPECT_GT(reading, 5s);
  EXPECT_LT(reading, 7s);
  const int before = app->FramesDrawn();
  std::vector<std::string> numbers;
  bool timeUp = false;
  for (int i = 0; i < 20 * 4; ++i) {  // 20 s in quarter seconds, as the real loop would wake
    clock.Advance(250ms);
    app->PumpEvents(0);
    if (!app->NeedsFrame()) continue;
    app->DrawFrame();
    for (const ui::Label& label : app->Labels()) {
      if (label.text.size() <= 2 && std::isdigit(static_cast<unsigned char>(label.text[0]))) {
        numbers.push_back(label.text);
      }
    }
    // Silent until the last five seconds, which tick: checked on the frame that shows "5" first
    // (a sound's end is only taken on the next frame).
    if (numbers.back() == "6") {
      EXPECT_FALSE(app->SoundPlaying());
    } else if (numbers.back() == "5" && numbers.size() >= 2 && numbers[numbers.size() - 2] == "6") {
      EXPECT_TRUE(app->SoundPlaying()) << "a tick at 5 s left";
    }
    if (!timeUp && OnScreen("Nobody got it this time.")) {
      timeUp = true;
      EXPECT_TRUE(app->SoundPlaying()) << "the end of the countdown sounds";
    }
  }
  const int frames = app->FramesDrawn() - before;
  EXPECT_GE(frames, 19) << "the countdown's number changes every second";
  EXPECT_LE(frames, 25) << "and nothing more is drawn";
  ASSERT_FALSE(numbers.empty());
  EXPECT_EQ(numbers.front(), "19");
  EXPECT_TRUE(timeUp) << "time ran out";
  EXPECT_EQ(app->CountOf("contest_answer", "children", "1/wrong"), 1);
  // The reveal measures its page as it draws it, and the list's new height shows whether it
  // scrolls a frame later: two frames more at most, then sleep.
  const int revealed = app->FramesDrawn();
  Settle();
  EXPECT_LE(app->FramesDrawn() - revealed, 2);
  EXPECT_FALSE(app->NeedsFrame());
  EXPECT_GE(app->WaitBudgetMs(), 9 * 60 * 1000)
      << "the reveal waits for the teacher, with no frame until a touch";
}

TEST_F(ContestAppTest, ATeacherWhoTalksBetweenQuestionsDoesNotLoseTheContestToTheIdleReset) {
  idleSeconds = 30;
  SetUp(2, kTeacher);
  Pass(6s);
  Tap("Red Elephants");
  EXPECT_TRUE(OnScreen("Red Elephants got it right!"));
  Pass(5min);
  EXPECT_FALSE(app->Attracting()) << "five minutes explaining the answer";
  Tap("See the scores");
  EXPECT_TRUE(OnScreen("Scores"));
  Pass(11min);
  EXPECT_TRUE(app->Attracting()) << "a contest left alone for ten minutes is over";
}

TEST_F(ContestAppTest, PauseHidesTheQuestionAndStopsTheClockAndItsReadingAndEndAsksFirst) {
  SetUp(2, kTeacher);
  EXPECT_TRUE(app->MediaPlaying()) << "the question is read out";
  Tap("Pause");
  EXPECT_TRUE(OnScreen("Paused"));
  EXPECT_FALSE(OnScreen("A stranger offers you sweets")) << "nobody reads ahead while paused";
  EXPECT_FALSE(app->MediaPlaying()) << "nor hears it";
  EXPECT_NE(Find("Skip this question"), nullptr) << "skip and end are behind Pause";
  Tap("Go on");
  UntilAnswer(kRight);
  Pass(3s);
  EXPECT_TRUE(Find("17"));
  Tap("Pause");
  Pass(2min);
  Tap("End");
  EXPECT_TRUE(OnScreen("End the contest now?"));
  Tap("No, go on");
  EXPECT_TRUE(OnScreen("Paused")) << "still paused, as the teacher left it";
  Tap("Go on");
  EXPECT_TRUE(Find("17")) << "the countdown goes on where it stopped";
  Tap("Nobody");
  Tap("End");  // between questions, End is at the top
  Tap("Yes, end it");
  EXPECT_TRUE(OnScreen("Well done, everyone!"));
  EXPECT_EQ(app->CountOf("contest_finished", "children", "ended early"), 1);
  // The confetti fall for 4 s at about 30 frames a second, then the kiosk rests.
  const int before = app->FramesDrawn();
  for (int i = 0; i < 6 * 60; ++i) {  // 6 s in the real loop's 60 Hz steps
    clock.Advance(16ms);
    app->PumpEvents(0);
    if (app->NeedsFrame()) app->DrawFrame();
  }
  // (Here a frame is due 33 ms after the last, and found on the next 16 ms step: 48 ms apart.)
  EXPECT_GE(app->FramesDrawn() - before, 4000 / 48 - 2) << "the celebration moves";
  EXPECT_LE(app->FramesDrawn() - before, 4000 / 33 + 2) << "at ~30 frames a second, not 60";
  EXPECT_FALSE(app->NeedsFrame());
  EXPECT_GE(app->WaitBudgetMs(), 60 * 1000) << "after it, nothing to draw until a touch";
  EXPECT_EQ(app->CountOf("contest_answer", "children"), 1) << "the one question asked";
}

TEST_F(ContestAppTest, AQuestionSkippedIsNotCountedAndTheNextOneIsReadOut) {
  SetUp(2, kTeacher);
  Tap("Pause");
  Tap("Skip this question");
  EXPECT_TRUE(OnScreen("Question 2 / 10"));
  EXPECT_TRUE(OnScreen("Boys and girls both have the right"));
  EXPECT_TRUE(app->MediaPlaying()) << "question 2 is read out";
  EXPECT_EQ(app->CountOf("contest_answer", "children"), 0);
}

TEST_F(ContestAppTest, APackWithoutContestsBeforeTheDemoPackLeavesTheDemoSetChosen) {
  // A hotline pack from another publisher, whose id sorts before the demo pack's.
  const fs::path source = TempDir("hotlines");
  std::ofstream(source / "pack.json") << R"({"id": "a-hotlines", "version": 1,
    "expires": "2099-12-31", "publisher": "County bureau"})";
  fs::create_directories(source / "help");
  std::ofstream(source / "help/county.json") << R"({"title": {"en": "County lines"},
    "contacts": [{"name": {"en": "County police"}, "number": "110"}]})";
  const fs::path keys = TempDir("keys"), trust = TempDir("trust");
  ASSERT_TRUE(packs::GenerateKey((keys / "county").string()).ok());
  fs::copy_file(keys / "county.pub", trust / "county.pub");
  const std::string pack = (keys / "a-hotlines.kpack").string();
  ASSERT_TRUE(packs::BuildPack(source.string(), (keys / "county.key").string(), pack).ok());
  const std::string store = DemoStore();
  const base::Result<packs::Installed> installed =
      packs::InstallPack(pack, store, trust.string(), packs::Today());
  ASSERT_TRUE(installed.ok()) << installed.error();

  Start(1280, 720, store);
  Tap("Contest");
  EXPECT_TRUE(OnScreen("Children's knowledge contest"));
  Tap("Start the contest");
  EXPECT_TRUE(OnScreen("Question 1 / 10"));
  EXPECT_EQ(app->CountOf("contest_started", "children"), 1);
}

}  // namespace
}  // namespace kiosk::app
