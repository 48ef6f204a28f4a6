// Opening hours: the ranges staff write, and a kiosk that goes dark and asleep outside them, wakes
// for a while at a touch, and keeps to the wall clock when it jumps. The manual clock's wall time
// starts at 07:00 today, local time.
#include <gtest/gtest.h>

#include <ctime>

#include "app/app_fixture.h"

namespace kiosk::app {
namespace {

// Today at hh:mm, local time.
base::WallTime At(int hour, int minute) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  local.tm_hour = hour;
  local.tm_min = minute;
  local.tm_sec = 0;
  local.tm_isdst = -1;
  return std::chrono::system_clock::from_time_t(std::mktime(&local));
}

OpeningHours Hours(const std::string& text) {
  base::Result<OpeningHours> hours = OpeningHours::Parse(text);
  EXPECT_TRUE(hours.ok()) << hours.error();
  return hours.ok() ? hours.value() : OpeningHours{};
}

TEST(OpeningHoursTest, RangesOfTheDayIncludingOneAcrossMidnight) {
  const OpeningHours day = Hours("08:00-12:00, 14:00-18:30");
  EXPECT_FALSE(day.IsOpen(At(7, 59)));
  EXPECT_TRUE(day.IsOpen(At(8, 0)));
  EXPECT_FALSE(day.IsOpen(At(12, 0))) << "a range ends at its end";
  EXPECT_TRUE(day.IsOpen(At(18, 29)));
  EXPECT_EQ(day.NextChange(At(7, 30)), At(8, 0));
  EXPECT_EQ(day.NextChange(At(12, 10)), At(14, 0));
  const OpeningHours night = Hours("18:00-02:00");
  EXPECT_TRUE(night.IsOpen(At(1, 30)));
  EXPECT_FALSE(night.IsOpen(At(2, 0)));
  EXPECT_EQ(night.NextChange(At(2, 0)), At(18, 0));
  EXPECT_EQ(night.NextChange(At(23, 0)), At(23, 0) + std::chrono::hours(3)) << "over midnight";
  EXPECT_TRUE(Hours("08:00-24:00").IsOpen(At(23, 59)));
  EXPECT_TRUE(Hours("").AlwaysOpen());
  for (const char* bad :
       {"8-18", "08:00-25:00", "08:00-08:00", "08:00-12:00,", "closed", "24:00-00:00"}) {
    EXPECT_FALSE(OpeningHours::Parse(bad).ok()) << bad;
  }
}

class HoursTest : public AppTest {};

TEST_F(HoursTest, BeforeOpeningTheScreenIsDarkAndTheKioskSleepsUntilATouch) {
  hours = Hours("08:00-18:00");
  Start();  // 07:00
  EXPECT_TRUE(app->Closed());
  EXPECT_TRUE(OnScreen("Closed now. Opening hours: 08:00-18:00"));
  EXPECT_FALSE(OnScreen("Videos"));
  EXPECT_FALSE(app->NeedsFrame());
  EXPECT_GE(app->WaitBudgetMs(), 59000) << "asleep but for a look at the clock each minute";
  const int frames = app->FramesDrawn();
  const base::TimePoint halfHour = clock.Now() + 30min;
  while (clock.Now() < halfHour) {  // as the loop lives it: sleep the budget, draw what is due
    clock.Advance(std::chrono::milliseconds(std::max(1, app->WaitBudgetMs())));
    app->PumpEvents(0);
    if (app->NeedsFrame()) app->DrawFrame();
  }
  EXPECT_LE(app->FramesDrawn() - frames, 31) << "at most a frame a minute while closed";
  EXPECT_TRUE(app->Closed());

  // A mouse moving over the window is not someone coming by.
  Finger(Kind::kPointerMove, ImVec2(100, 100));
  EXPECT_TRUE(app->Closed());
  // Someone comes by before opening: the touch wakes the kiosk, and it stays awake while used.
  Finger(Kind::kPointerDown, ImVec2(640, 360));
  Finger(Kind::kPointerUp, ImVec2(640, 360));
  EXPECT_FALSE(app->Closed());
  EXPECT_TRUE(OnScreen("Videos"));
  EXPECT_EQ(app->CountOf("session_started", ""), 1);
  clock.Advance(4min);
  Tap("Quizzes");
  clock.Advance(4min);
  Settle();
  EXPECT_FALSE(app->Closed()) << "4 minutes after her last touch";
  clock.Advance(2min);
  Settle();
  EXPECT_TRUE(app->Closed()) << "5 minutes after it, dark again";
  EXPECT_TRUE(OnScreen("Closed now"));
}

TEST_F(HoursTest, TheKioskOpensAndClosesByTheClockAndFollowsAClockThatJumps) {
  hours = Hours("08:00-18:00");
  Start();  // 07:00, closed
  ASSERT_TRUE(app->Closed());
  clock.Advance(std::chrono::milliseconds(app->WaitBudgetMs()));
  for (int minute = 0; minute < 60 && app->Closed(); ++minute) {
    clock.Advance(std::chrono::milliseconds(std::max(1, app->WaitBudgetMs())));
    Settle();
  }
  EXPECT_FALSE(app->Closed()) << "open at 08:00";
  EXPECT_TRUE(app->Attracting()) << "inviting the first visitor";
  // The wall clock is set right: it is evening. Within a minute, the kiosk sees it.
  clock.JumpWall(std::chrono::hours(10) + 30min);
  clock.Advance(61s);
  Settle();
  EXPECT_TRUE(app->Closed()) << "18:30";
  // And set back to the morning: open again within a minute.
  clock.JumpWall(-std::chrono::hours(8));
  clock.Advance(61s);
  Settle();
  EXPECT_FALSE(app->Closed());
}

TEST_F(HoursTest, AContestRunningAtClosingTimeIsNotCutShort) {
  hours = Hours("06:00-07:01");
  Start(1280, 720, DemoStore());  // 07:00, open
  ASSERT_FALSE(app->Closed());
  Tap("Contest");
  Tap("Start the contest");
  Tap("Pause");  // the teacher talks
  clock.Advance(6min);
  Settle();
  EXPECT_FALSE(app->Closed()) << "closing time passed, but a contest waits 10 minutes";
  EXPECT_TRUE(OnScreen("Paused"));
  clock.Advance(5min);
  Settle();
  EXPECT_TRUE(app->Closed()) << "left alone for 11 minutes";
}

TEST_F(HoursTest, AConfigFileGivesTheHoursAndABadOneIsNamed) {
  const fs::path config = TempDir("config") / "kiosk.conf";
  std::ofstream(config) << "hours = 08:00-12:00, 14:00-18:00\n";
  std::string arg = "--config=" + config.string();
  char* argv[] = {const_cast<char*>("kiosk"), arg.data()};
  std::variant<Options, int> parsed = ParseOptions(2, argv);
  ASSERT_TRUE(std::holds_alternative<Options>(parsed));
  EXPECT_EQ(std::get<Options>(parsed).hours.Text(), "08:00-12:00, 14:00-18:00");
  std::ofstream(config) << "hours = 8 to 6\n";
  EXPECT_EQ(std::get<int>(ParseOptions(2, argv)), kExitBadInput);
}

// A panel's backlight as the kernel shows it in /sys/class/backlight/NAME: a folder of its own
// for the kiosk to write, given in the config as a centre would.
class BacklightTest : public HoursTest {
 protected:
  fs::path Panel(bool power) {
    const fs::path panel = TempDir("backlight");
    if (power) std::ofstream(panel / "bl_power") << "0\n";
    std::ofstream(panel / "brightness") << "37\n";
    std::ofstream(panel / "max_brightness") << "100\n";
    backlight = panel.string();
    return panel;
  }
};

TEST_F(BacklightTest, ClosedHoursPowerThePanelDownAndATouchOrOpeningTimeLightsIt) {
  const fs::path panel = Panel(true);
  hours = Hours("08:00-18:00");
  Start();  // 07:00
  ASSERT_TRUE(app->Closed());
  EXPECT_EQ(testing::ReadFile(panel / "bl_power"), "4") << "FB_BLANK_POWERDOWN";
  Finger(Kind::kPointerDown, ImVec2(640, 360));
  Finger(Kind::kPointerUp, ImVec2(640, 360));
  EXPECT_EQ(testing::ReadFile(panel / "bl_power"), "0") << "a touch lights the screen";
  clock.Advance(6min);
  Settle();
  ASSERT_TRUE(app->Closed());
  EXPECT_EQ(testing::ReadFile(panel / "bl_power"), "4") << "dark again when she has gone";
  for (int minute = 0; minute < 60 && app->Closed(); ++minute) {
    clock.Advance(std::chrono::milliseconds(std::max(1, app->WaitBudgetMs())));
    Settle();
  }
  ASSERT_FALSE(app->Closed());
  EXPECT_EQ(testing::ReadFile(panel / "bl_power"), "0") << "lit at opening time";
  EXPECT_EQ(testing::ReadFile(panel / "brightness"), "37\n") << "brightness left as it was";
}

TEST_F(BacklightTest, APanelWithoutPowerControlIsDimmedToZeroAndGivenBackItsBrightness) {
  const fs::path panel = Panel(false);
  hours = Hours("08:00-18:00");
  Start();  // 07:00
  ASSERT_TRUE(app->Closed());
  EXPECT_EQ(testing::ReadFile(panel / "brightness"), "0");
  Finger(Kind::kPointerDown, ImVec2(640, 360));
  Finger(Kind::kPointerUp, ImVec2(640, 360));
  EXPECT_EQ(testing::ReadFile(panel / "brightness"), "37");
  // A power cut in closed hours left the panel at 0: the next start lights it fully.
  std::ofstream(panel / "brightness") << "0\n";
  hours = {};
  Start();
  EXPECT_EQ(testing::ReadFile(panel / "brightness"), "100");
}

TEST_F(BacklightTest, TheSettingIsAutoOffOrAFolderAndAnythingElseIsNamed) {
  const fs::path config = TempDir("config") / "kiosk.conf";
  std::string arg = "--config=" + config.string();
  char* argv[] = {const_cast<char*>("kiosk"), arg.data()};
  for (const std::string value : {"auto", "off", "/sys/class/backlight/intel_backlight"}) {
    std::ofstream(config) << "backlight = " << value << "\n";
    std::variant<Options, int> parsed = ParseOptions(2, argv);
    ASSERT_TRUE(std::holds_alternative<Options>(parsed)) << value;
    EXPECT_EQ(std::get<Options>(parsed).backlight, value);
  }
  std::ofstream(config) << "backlight = dim\n";
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(std::get<int>(ParseOptions(2, argv)), kExitBadInput);
  const std::string said = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(said.find("backlight: 'dim' is not auto, off or a folder"), std::string::npos) << said;
  EXPECT_NE(said.find(config.string()), std::string::npos) << "names the file: " << said;
}

}  // namespace
}  // namespace kiosk::app
