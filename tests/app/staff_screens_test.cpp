// The staff's usage and about screens on the whole kiosk, headless, with the demo pack and real
// usage counts: what was used shows by day, by item with its title and by language; the about
// screen shows the kiosk's id, its free space and a problem just logged; and both sleep while
// nobody touches them.
#include <gtest/gtest.h>
#include <stb_image.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <vector>

#include "app/app_fixture.h"
#include "stats/stats.h"

namespace kiosk::app {
namespace {

// The local day `back` days before today, YYYY-MM-DD, as the counter writes it.
std::string DayBefore(int back) {
  return base::LocalDay(std::chrono::system_clock::now(), back);
}

class StaffScreensTest : public AppTest {
 protected:
  void Start(int width, int height, const std::string& store) {
    m_width = width;
    m_height = height;
    AppTest::Start(width, height, store);
  }

  // Counts made on earlier days, as a kiosk that ran then would have left them: `times(back)`
  // uses of the demo pack's `item` `back` days ago, for each back in `days`.
  template <typename Times>
  void CountBefore(const std::vector<int>& days, stats::Event event, const std::string& item,
                   Times times) {
    std::string day;
    base::Result<std::unique_ptr<stats::Counter>> counter = stats::Counter::Open(
        TempDir("state").string(), [&day] { return day; }, nullptr);
    ASSERT_TRUE(counter.ok()) << counter.error();
    for (int back : days) {
      day = DayBefore(back);
      for (int i = 0; i < times(back); ++i) counter.value()->Count(event, "demo", item, "en");
      ASSERT_TRUE(counter.value()->Flush().ok());
    }
  }

  // A label at most `below` px under `above`'s bottom and overlapping it sideways.
  const ui::Label* Under(const ui::Label& above, const std::string& text, float below) const {
    for (const ui::Label& label : app->Labels()) {
      if (label.text == text && label.rect.Min.y >= above.rect.Max.y - 1 &&
          label.rect.Min.y <= above.rect.Max.y + below) {
        return &label;
      }
    }
    return nullptr;
  }

  // A finger dragging the screen's content up by most of its height, and the list coasting
  // to a stop.
  void ScrollDown() {
    const float x = static_cast<float>(m_width) / 2;
    const float from = static_cast<float>(m_height) * 0.85f,
                to = static_cast<float>(m_height) * 0.3f;
    Finger(Kind::kPointerDown, ImVec2(x, from));
    for (float y = from; y > to; y -= 20) Finger(Kind::kPointerMove, ImVec2(x, y));
    Finger(Kind::kPointerUp, ImVec2(x, to));
    clock.Advance(2s);
    Settle();
  }

  int m_width = 1280;
  int m_height = 720;
};

TEST_F(StaffScreensTest, TheUsageScreenShowsTodaysUsesByDayByItemWithItsTitleAndByLanguage) {
  CountBefore({1}, stats::Event::kVideoStarted, "wages", [](int) { return 3; });
  CountBefore({40}, stats::Event::kContestStarted, "a-contest-of-long-ago", [](int) { return 7; });
  Start(1280, 720, DemoStore());
  // Today: a visitor reads in Thai, comes back to English and starts a quiz.
  Tap("ไทย");
  Tap("English");
  Tap("Quizzes");
  Tap("Safe migration quiz");
  Tap("Back");
  Tap("Back");
  EnterStaffMode();
  Tap("Usage");
  ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffUsage);
  EXPECT_TRUE(OnScreen("Counts are anonymous and kept by day."));

  // By item: the titles in the current language, each with its count on the bar under it.
  const ui::Label* quiz = Find("Safe migration quiz");
  ASSERT_NE(quiz, nullptr);
  EXPECT_NE(Under(*quiz, "1", 40), nullptr) << "started once today";
  const ui::Label* video = Find("Your wages, your rights");
  ASSERT_NE(video, nullptr) << "yesterday's video, by its title, not its id";
  EXPECT_NE(Under(*video, "3", 40), nullptr);
  EXPECT_FALSE(OnScreen("a-contest-of-long-ago")) << "40 days ago is not among the last 30";

  // By day: today's bar, the last, has today's one use over it and is drawn in the accent
  // colour; a day without use has no bar.
  const ui::Label* today = Find(DayBefore(0).substr(5));
  ASSERT_NE(today, nullptr) << "today's date under its bar";
  const ui::Label* todaysCount = nullptr;
  for (const ui::Label& label : app->Labels()) {
    if (label.text == "1" && label.rect.Max.y < today->rect.Min.y &&
        (!todaysCount || label.rect.Min.x > todaysCount->rect.Min.x)) {
      todaysCount = &label;
    }
  }
  ASSERT_NE(todaysCount, nullptr);
  const std::string path = (TempDir("shot") / "usage.png").string();
  ASSERT_TRUE(app->Screenshot(path).ok());
  int width = 0, height = 0, channels = 0;
  unsigned char* pixels = stbi_load(path.c_str(), &width, &height, &channels, 3);
  ASSERT_NE(pixels, nullptr);
  auto at = [&](float x, float y) {
    const unsigned char* px = pixels + (static_cast<int>(y) * width + static_cast<int>(x)) * 3;
    return std::array<int, 3>{px[0], px[1], px[2]};
  };
  const ImVec2 top(todaysCount->rect.GetCenter().x, todaysCount->rect.Max.y + 4);
  const auto bar = at(top.x, top.y);
  const float slot = 1280.0f / 30;  // at most: two days back lies well left of today's bar
  const auto noBar = at(top.x - 2 * slot, top.y);
  stbi_image_free(pixels);
  EXPECT_GT(bar[0], 200) << "today's bar is yellow";
  EXPECT_GT(bar[1], 170);
  EXPECT_LT(bar[2], 120);
  EXPECT_LT(noBar[0] + noBar[1] + noBar[2], 200) << "the day before yesterday had no use";

  // By language: the languages chosen, by their own names. The chart is below the fold at
  // 720 px: a drag brings it up.
  ScrollDown();
  EXPECT_TRUE(OnScreen("Sessions and language choices, by language"));
  const ui::Label* thai = Find("ไทย");
  ASSERT_NE(thai, nullptr);
  EXPECT_NE(Under(*thai, "1", 40), nullptr) << "Thai chosen once";

  Tap("Back");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaff);
}

TEST_F(StaffScreensTest, TheUsageScreenDrawsNothingWhileNobodyTouchesItAndClosesAfter30s) {
  std::vector<int> year(365);
  std::iota(year.begin(), year.end(), 1);
  CountBefore(year, stats::Event::kVideoStarted, "wages", [](int back) { return 1 + back % 9; });
  Start(800, 480, DemoStore());
  EnterStaffMode();
  Tap("Usage");
  ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffUsage);
  ScrollDown();  // 800x480: the charts below the first scroll into view
  EXPECT_TRUE(OnScreen("Your wages, your rights"));
  const int frames = app->FramesDrawn();
  clock.Advance(20s);
  for (int i = 0; i < 50; ++i) {
    app->PumpEvents(0);
    if (app->NeedsFrame()) app->DrawFrame();
  }
  EXPECT_EQ(app->FramesDrawn(), frames) << "20 s of a still chart drew frames";
  clock.Advance(11s);
  Settle();
  EXPECT_TRUE(app->Attracting()) << "a staff screen waits 30 s, not the usual 90";
}

TEST_F(StaffScreensTest, TheAboutScreenShowsTheKioskIdFreeSpaceAndTheProblemsJustLogged) {
  Start(1280, 720, DemoStore());
  base::Log(base::LogLevel::kWarning, "test: an older warning");
  base::Log(base::LogLevel::kError, "test: the stick was pulled out mid-copy");
  EnterStaffMode();
  Tap("About");
  ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffAbout);
  const base::Result<std::string> id = stats::KioskId(TempDir("state").string());
  ASSERT_TRUE(id.ok()) << id.error();
  EXPECT_TRUE(OnScreen("Kiosk id: " + id.value()));
  EXPECT_TRUE(OnScreen("Kiosk version: "));
  EXPECT_TRUE(OnScreen("Installed packs: 1"));
  const ui::Label* space = nullptr;
  for (const ui::Label& label : app->Labels()) {
    if (label.text.rfind("Free space for content packs: ", 0) == 0) space = &label;
  }
  ASSERT_NE(space, nullptr);
  EXPECT_TRUE(space->text.ends_with("\u00a0GB") || space->text.ends_with("\u00a0MB"))
      << space->text;
  EXPECT_TRUE(OnScreen("Free space for usage counts and settings: "));

  // Newest first: the error above the warning logged before it.
  const ui::Label* error = Find("test: the stick was pulled out mid-copy");
  const ui::Label* warning = Find("test: an older warning");
  ASSERT_NE(error, nullptr);
  ASSERT_NE(warning, nullptr);
  EXPECT_LT(error->rect.Min.y, warning->rect.Min.y);
  Tap("Back");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaff);
}

TEST_F(StaffScreensTest, BothScreensSpeakTheKioskLanguage) {
  Start(800, 480, DemoStore());
  EnterStaffMode();
  ASSERT_TRUE(app->SetLanguage("zh_CN"));
  Settle();
  Tap("使用情况");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffUsage);
  EXPECT_TRUE(OnScreen("最近 30 天每天的使用次数"));
  Tap("返回");
  Tap("关于本机");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffAbout);
  EXPECT_TRUE(OnScreen("本机编号："));
}

}  // namespace
}  // namespace kiosk::app
