// The whole kiosk, headless, for tests: real SDL (offscreen driver, software renderer), real fonts
// and catalogs, real content packs, frames read back as pixels. Main thread.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "app/app.h"
#include "packs/packs.h"
#include "support/temp_dir.h"

namespace kiosk::app {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using Kind = platform::Event::Kind;

class AppTest : public ::testing::Test {
 protected:
  void TearDown() override { app.reset(); }

  // A folder of this test's own: fresh at its first use, the same one after (the state folder
  // stays from one Start() to the next, as it does when the kiosk restarts).
  fs::path TempDir(const std::string& name) const {
    fs::create_directories(m_tmp / name);
    return m_tmp / name;
  }

  void Start(int width = 1280, int height = 720, std::string contentDir = {}, float dpi = 0,
             bool settle = true) {
    app.reset();  // one kiosk at a time, as in the real program
    Options options;
    options.headless = true;
    options.width = width;
    options.height = height;
    options.dpi = dpi;
    options.localesDir = localesDir;
    options.soundsDir = soundsDir;
    options.hours = hours;
    options.backlight = backlight;
    options.trustDir = KIOSK_DEMO_TRUST;
    options.lang = lang;
    options.contentDir = contentDir.empty() ? TempDir("store").string() : contentDir;
    options.stateDir = TempDir("state").string();
    options.idleSeconds = idleSeconds;
    (void)ReadSettings(&options);  // what staff set on the kiosk, as the program reads it
    base::Result<std::unique_ptr<App>> created = App::Create(options, clock);
    ASSERT_TRUE(created.ok()) << created.error();
    app = std::move(created.value());
    if (settle) Settle();
  }

  void Settle() {
    for (int i = 0; i < 600; ++i) {
      app->PumpEvents(0);
      if (!app->NeedsFrame()) return;
      app->DrawFrame();
      clock.Advance(16ms);
    }
    FAIL() << "the kiosk never stopped drawing";
  }

  const ui::Label* Find(const std::string& text) const {
    for (const ui::Label& label : app->Labels()) {
      if (label.text == text) return &label;
    }
    return nullptr;
  }

  bool OnScreen(const std::string& text) const {
    for (const ui::Label& label : app->Labels()) {
      if (label.text.find(text) != std::string::npos) return true;
    }
    return false;
  }

  // A finger as a person moves it: a press waits until the screen has settled (a press sooner
  // after a screen change does nothing: Touch::NewScreen).
  void Finger(Kind kind, ImVec2 at) {
    if (kind == Kind::kPointerDown && clock.Now() < app->TouchSettled()) {
      clock.Advance(app->TouchSettled() - clock.Now());
      Settle();
    }
    app->Platform().PushPointer(kind, at.x, at.y);
    Settle();
  }

  // A finger's drag from `from` to `to`, ten moves a frame apart; with `rest`, it stays still
  // that long before lifting (no fling).
  void Drag(ImVec2 from, ImVec2 to, base::Duration rest = {}) {
    Finger(Kind::kPointerDown, from);
    for (int step = 1; step <= 10; ++step) {
      clock.Advance(16ms);
      const float t = static_cast<float>(step) / 10;
      Finger(Kind::kPointerMove,
             ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t));
    }
    clock.Advance(rest);
    Finger(Kind::kPointerUp, to);
  }

  void Tap(const std::string& text) {
    const ui::Label* label = Find(text);
    ASSERT_NE(label, nullptr) << "\"" << text << "\" is not on screen";
    const ImVec2 at = label->rect.GetCenter();
    Finger(Kind::kPointerDown, at);
    Finger(Kind::kPointerUp, at);
  }

  // While a video or narration plays: real time passes (VLC's clock), and the kiosk's with it.
  // False when `done` did not come true within the limit.
  template <typename Done>
  bool PlayUntil(Done done, std::chrono::seconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      const auto before = std::chrono::steady_clock::now();
      app->PumpEvents(16);
      clock.Advance(std::max<base::Duration>(1ms, std::chrono::steady_clock::now() - before));
      if (app->NeedsFrame()) app->DrawFrame();
      if (done()) return true;
    }
    return false;
  }

  // A finger held still on the home screen's top right corner for `time`: 5 s open staff
  // mode's PIN pad.
  void HoldCorner(base::Duration time) {
    int width = 0, height = 0;
    app->Platform().OutputSize(&width, &height);
    const ImVec2 corner(static_cast<float>(width) - 5, 5);
    Finger(Kind::kPointerDown, corner);
    const base::TimePoint until = clock.Now() + time;
    while (clock.Now() < until) {
      clock.Advance(std::min<base::Duration>(250ms, until - clock.Now()));
      Settle();
    }
    Finger(Kind::kPointerUp, corner);
  }

  // Digits typed on the PIN pad, then OK.
  void TypePin(const std::string& digits) {
    for (char digit : digits) Tap(std::string(1, digit));
    Tap("OK");
  }

  // From the home screen into staff mode, with the PIN 2468 (chosen, the first time).
  void EnterStaffMode() {
    HoldCorner(5s);
    ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffPin);
    const bool choosing = OnScreen("Choose a staff PIN");
    TypePin("2468");
    if (choosing) TypePin("2468");
    ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaff);
  }

  // A store with the demo pack installed, as the build makes one.
  std::string DemoStore() {
    const fs::path store = TempDir("demo-store");
    const base::Result<packs::Installed> installed =
        packs::InstallPack(KIOSK_DEMO_PACK, store.string(), KIOSK_DEMO_TRUST, packs::Today());
    EXPECT_TRUE(installed.ok()) << installed.error();
    return store.string();
  }

  base::ManualClock clock;
  int idleSeconds = 90;
  std::unique_ptr<App> app;
  std::string localesDir = KIOSK_SOURCE_DIR "/locales";
  std::string soundsDir;           // none: the kiosk's own sounds are left out
  OpeningHours hours;              // none: always open
  std::string backlight = "auto";  // headless: none is touched
  std::string lang = i18n::kSourceLanguage;
  testing::TempDir m_temp{"kiosk-app-test"};
  const fs::path m_tmp = m_temp.path();
};

}  // namespace kiosk::app
