// Staff mode's Settings screen on the whole kiosk: what staff set there (the idle time, the
// languages offered and the one each reset returns to, the volume, the opening hours) changes
// what visitors find at once, and again after a restart; a damaged settings file leaves the
// config's values and is named in the log; the command line wins over the file.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "app/app_fixture.h"

namespace kiosk::app {
namespace {

constexpr const char* kMinus = "\u2212";

class SettingsTest : public AppTest {
 protected:
  // Through the hidden corner and the PIN (chosen the first time) to the Settings screen.
  void OpenSettings() {
    EnterStaffMode();
    Tap("Settings");
    ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffSettings);
  }

  // Back to the home screen, out of staff mode.
  void LeaveStaffMode() {
    Tap("Back");
    Tap("Leave staff mode");
    ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kHome);
  }

  // The first `text` drawn under the line `title` (a section of the Settings screen).
  void TapUnder(const std::string& title, const std::string& text) {
    const ui::Label* heading = Find(title);
    ASSERT_NE(heading, nullptr) << "\"" << title << "\" is not on screen";
    const ui::Label* found = nullptr;
    for (const ui::Label& label : app->Labels()) {
      if (label.text == text && label.rect.Min.y > heading->rect.Max.y &&
          (!found || label.rect.Min.y < found->rect.Min.y)) {
        found = &label;
      }
    }
    ASSERT_NE(found, nullptr) << "\"" << text << "\" is not under \"" << title << "\"";
    Finger(Kind::kPointerDown, found->rect.GetCenter());
    Finger(Kind::kPointerUp, found->rect.GetCenter());
  }

  // The button `button` (- or +) beside the value `value` on its line.
  void Step(const std::string& value, const std::string& button) {
    const ui::Label* shown = Find(value);
    ASSERT_NE(shown, nullptr) << "\"" << value << "\" is not on screen";
    const ImVec2 at = shown->rect.GetCenter();
    const ui::Label* nearest = nullptr;
    for (const ui::Label& label : app->Labels()) {
      if (label.text != button || std::abs(label.rect.GetCenter().y - at.y) > 10) continue;
      if (!nearest || std::abs(label.rect.GetCenter().x - at.x) <
                          std::abs(nearest->rect.GetCenter().x - at.x)) {
        nearest = &label;
      }
    }
    ASSERT_NE(nearest, nullptr) << "no \"" << button << "\" beside \"" << value << "\"";
    Finger(Kind::kPointerDown, nearest->rect.GetCenter());
    Finger(Kind::kPointerUp, nearest->rect.GetCenter());
  }

  // A finger on the attract loop: the home screen, fresh.
  void Wake() {
    Finger(Kind::kPointerDown, ImVec2(640, 600));
    Finger(Kind::kPointerUp, ImVec2(640, 600));
  }

  std::string Translated(const char* code, const char* msgid) {
    std::vector<std::string> problems;
    const i18n::Translator translator = i18n::Translator::Load(localesDir, &problems);
    return translator.TrIn(code, msgid);
  }

  fs::path SettingsFile() { return TempDir("state") / "settings.conf"; }
};

TEST_F(SettingsTest, ALanguageTurnedOffLeavesTheHomeScreenAndTheAttractLoop) {
  Start(1280, 720, DemoStore());
  ASSERT_NE(Find("ไทย"), nullptr);
  OpenSettings();
  TapUnder("Languages the home screen offers (at least one)", "ไทย");
  LeaveStaffMode();
  EXPECT_EQ(Find("ไทย"), nullptr) << "Thai is no longer offered";
  EXPECT_NE(Find("English"), nullptr);
  EXPECT_NE(Find("မြန်မာ"), nullptr);

  // The attract loop shows each offered language in turn, and Thai no more.
  const std::string thai = Translated("th", "Touch the screen to start");
  const std::string burmese = Translated("my", "Touch the screen to start");
  ASSERT_NE(thai, "Touch the screen to start");
  clock.Advance(91s);
  Settle();
  ASSERT_TRUE(app->Attracting());
  bool sawBurmese = false;
  for (int cycle = 0; cycle < 7; ++cycle) {
    EXPECT_FALSE(OnScreen(thai)) << "cycle " << cycle;
    sawBurmese = sawBurmese || OnScreen(burmese);
    clock.Advance(3s);
    Settle();
  }
  EXPECT_TRUE(sawBurmese);
}

TEST_F(SettingsTest, TheLastLanguageStaysOnAndTheResetLanguageIsAlwaysAnOfferedOne) {
  Start(1280, 720, DemoStore());
  OpenSettings();
  for (const char* name : {"English", "简体中文", "ไทย", "Tiếng Việt", "ខ្មែរ", "ລາວ", "မြန်မာ"}) {
    TapUnder("Languages the home screen offers (at least one)", name);
  }
  LeaveStaffMode();
  EXPECT_EQ(Find("English"), nullptr) << "turned off";
  EXPECT_NE(Find("မြန်မာ"), nullptr) << "the last one stays on";
  clock.Advance(91s);
  Settle();
  Wake();
  EXPECT_TRUE(OnScreen(Translated("my", "Videos"))) << "the reset language moved to an offered one";
}

TEST_F(SettingsTest, TheDefaultLanguageIsWhatTheKioskShowsAfterAnIdleReset) {
  Start(1280, 720, DemoStore());
  OpenSettings();
  TapUnder("Language after each reset", "简体中文");
  LeaveStaffMode();
  EXPECT_TRUE(OnScreen("Videos")) << "the visitor's language until the reset";
  clock.Advance(91s);
  Settle();
  Wake();
  EXPECT_TRUE(OnScreen(Translated("zh_CN", "Videos")));
  EXPECT_FALSE(OnScreen("Videos"));
}

TEST_F(SettingsTest, TheIdleTimeSetOnScreenDecidesWhenTheKioskResets) {
  Start(1280, 720, DemoStore());
  OpenSettings();
  Tap("3 min");
  LeaveStaffMode();
  clock.Advance(170s);
  Settle();
  EXPECT_FALSE(app->Attracting()) << "not after the config's 90 s";
  clock.Advance(11s);
  Settle();
  EXPECT_TRUE(app->Attracting()) << "after 3 minutes";

  Wake();
  OpenSettings();
  Tap("1 min");
  LeaveStaffMode();
  clock.Advance(61s);
  Settle();
  EXPECT_TRUE(app->Attracting()) << "after 1 minute";
}

TEST_F(SettingsTest, OpeningHoursSetOnScreenCloseTheKioskAtTheNewTime) {
  Start(1280, 720, DemoStore());  // 07:00, always open
  OpenSettings();
  Tap("Set hours");
  EXPECT_TRUE(OnScreen("08:00"));
  EXPECT_TRUE(OnScreen("18:00"));
  Step("08:00", "+");
  EXPECT_TRUE(OnScreen("08:30"));
  LeaveStaffMode();
  clock.Advance(5min + 1s);
  Settle();
  EXPECT_TRUE(app->Closed()) << "closed until 08:30, from the moment nobody uses it";
  EXPECT_TRUE(OnScreen("Closed now. Opening hours: 08:30-18:00"));
  for (int minute = 0; minute < 100 && app->Closed(); ++minute) {
    clock.Advance(std::chrono::milliseconds(std::max(1, app->WaitBudgetMs())));
    Settle();
  }
  EXPECT_FALSE(app->Closed()) << "open at 08:30";

  // Always open again: the kiosk stays lit whatever the time.
  Wake();
  OpenSettings();
  Tap("Always open");
  LeaveStaffMode();
  clock.JumpWall(std::chrono::hours(12));  // 20:30
  clock.Advance(10min);
  Settle();
  EXPECT_TRUE(app->Attracting());
  EXPECT_FALSE(app->Closed());
}

TEST_F(SettingsTest, TheVolumeIsEveryPlayersAtOnceAndAfterARestart) {
  const std::string store = DemoStore();
  Start(1280, 720, store);
  ASSERT_EQ(app->Volumes(), (std::vector<int>{100, 100, 100})) << "libvlc started";
  OpenSettings();
  Step("100 %", kMinus);
  Step("90 %", kMinus);
  EXPECT_TRUE(OnScreen("80 %"));
  EXPECT_EQ(app->Volumes(), (std::vector<int>{80, 80, 80})) << "video, narration, own sounds";
  Start(1280, 720, store);
  EXPECT_EQ(app->Volumes(), (std::vector<int>{80, 80, 80}));
}

TEST_F(SettingsTest, SettingsSurviveARestart) {
  const std::string store = DemoStore();
  Start(1280, 720, store);
  OpenSettings();
  Tap("2 min");
  TapUnder("Languages the home screen offers (at least one)", "ລາວ");
  TapUnder("Language after each reset", "Tiếng Việt");
  Tap("Set hours");
  Step("08:00", kMinus);
  Step("07:30", kMinus);
  Step("18:00", kMinus);
  LeaveStaffMode();

  Start(1280, 720, store);  // the same state folder, as after a power cut; 07:00, open
  EXPECT_EQ(Find("ລາວ"), nullptr);
  EXPECT_NE(Find("English"), nullptr);
  EXPECT_TRUE(OnScreen(Translated("vi", "Videos"))) << "the reset language from the start";
  Tap("English");
  clock.Advance(100s);
  Settle();
  EXPECT_FALSE(app->Attracting()) << "2 minutes, not 90 s";
  clock.Advance(21s);
  Settle();
  EXPECT_TRUE(app->Attracting());
  Wake();
  EXPECT_TRUE(OnScreen(Translated("vi", "Videos")));
  clock.JumpWall(std::chrono::hours(10) + 31min);  // 17:33
  clock.Advance(5min + 1s);                        // a visitor outside the hours has 5 minutes
  Settle();
  EXPECT_TRUE(app->Closed());
  EXPECT_TRUE(OnScreen(
      i18n::Fill(Translated("vi", "Closed now. Opening hours: {}").c_str(), "07:00-17:30")));
}

TEST_F(SettingsTest, ADamagedSettingsFileLeavesTheConfigsValuesAndIsNamedInTheLog) {
  const std::string store = DemoStore();
  std::ofstream(SettingsFile()) << "idle = 300\nvolume = loud\nlang = th\n";
  ::testing::internal::CaptureStderr();
  Start(1280, 720, store);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("settings.conf:2: volume: 'loud'"), std::string::npos) << log;
  EXPECT_EQ(app->Volumes(), (std::vector<int>{100, 100, 100}));
  EXPECT_TRUE(OnScreen("Videos")) << "the config's language, not the file's";
  clock.Advance(91s);
  Settle();
  EXPECT_TRUE(app->Attracting()) << "the config's 90 s, not the file's 300";

  // A setting the file may not hold, and a reset language that is not offered.
  std::ofstream(SettingsFile()) << "idle = 120\nstate = /tmp\n";
  ::testing::internal::CaptureStderr();
  Start(1280, 720, store);
  std::string second = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(second.find("settings.conf:2: 'state' is not a setting"), std::string::npos) << second;
  std::ofstream(SettingsFile()) << "languages = en th\nlang = zh_CN\n";
  ::testing::internal::CaptureStderr();
  Start(1280, 720, store);
  second = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(second.find("settings.conf: lang: 'zh_CN' is not one of the languages offered"),
            std::string::npos)
      << second;
  EXPECT_NE(Find("简体中文"), nullptr) << "every language, as the config has it";
}

TEST_F(SettingsTest, TheCommandLineWinsOverTheSettingsFileWhichWinsOverTheConfig) {
  const fs::path config = TempDir("config") / "kiosk.conf";
  std::ofstream(config) << "idle = 120\nvolume = 50\nlang = th\n";
  std::ofstream(SettingsFile()) << "idle = 60\nlang = zh_CN\n";
  std::string configArg = "--config=" + config.string();
  std::string stateArg = "--state=" + TempDir("state").string();
  std::string langArg = "--lang=vi";
  char* argv[] = {const_cast<char*>("kiosk"), configArg.data(), stateArg.data(), langArg.data()};
  std::variant<Options, int> parsed = ParseOptions(4, argv);
  ASSERT_TRUE(std::holds_alternative<Options>(parsed));
  const Options& options = std::get<Options>(parsed);
  EXPECT_EQ(options.idleSeconds, 60) << "the settings file over the config";
  EXPECT_EQ(options.volume, 50) << "the config, where the settings file says nothing";
  EXPECT_EQ(options.lang, "vi") << "the command line over both";
  std::variant<Options, int> withoutFlag = ParseOptions(3, argv);
  ASSERT_TRUE(std::holds_alternative<Options>(withoutFlag));
  EXPECT_EQ(std::get<Options>(withoutFlag).lang, "zh_CN");
}

}  // namespace
}  // namespace kiosk::app
