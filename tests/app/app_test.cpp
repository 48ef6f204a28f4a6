// The whole kiosk, headless: real SDL (offscreen driver, software renderer), real fonts and
// catalogs, frames read back as pixels. What a person at the screen would notice.
#include <gtest/gtest.h>
#include <pthread.h>
#include <stb_image.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/app.h"

namespace kiosk::app {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using Kind = platform::Event::Kind;

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("kiosk-app-test-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

class AppTest : public ::testing::Test {
 protected:
  void Start(int width = 1280, int height = 720, std::string contentDir = {}) {
    app.reset();  // one kiosk at a time, as in the real program
    Options options;
    options.headless = true;
    options.width = width;
    options.height = height;
    options.localesDir = KIOSK_SOURCE_DIR "/locales";
    options.contentDir = contentDir.empty() ? TempDir("store").string() : contentDir;
    base::Result<std::unique_ptr<App>> created = App::Create(options, clock);
    ASSERT_TRUE(created.ok()) << created.error();
    app = std::move(created.value());
    Settle();
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

  void Finger(Kind kind, ImVec2 at) {
    app->Platform().PushPointer(kind, at.x, at.y);
    Settle();
  }

  void Tap(const std::string& text) {
    const ui::Label* label = Find(text);
    ASSERT_NE(label, nullptr) << "\"" << text << "\" is not on screen";
    const ImVec2 at = label->rect.GetCenter();
    Finger(Kind::kPointerDown, at);
    Finger(Kind::kPointerUp, at);
  }

  base::ManualClock clock;
  std::unique_ptr<App> app;
};

TEST_F(AppTest, HomeShowsTheFourTilesAndEachLanguageByItsOwnName) {
  Start();
  for (const char* text :
       {"Women's Home", "Videos", "Quizzes", "Contest", "Help", "English", "简体中文"}) {
    EXPECT_TRUE(OnScreen(text)) << text;
  }
  EXPECT_TRUE(OnScreen("Not available yet")) << "tiles not built yet say so plainly";
}

TEST_F(AppTest, OneTapSwitchesTheLanguageOfEveryLabel) {
  Start();
  Tap("简体中文");
  EXPECT_TRUE(OnScreen("视频"));
  EXPECT_TRUE(OnScreen("妇女之家"));
  EXPECT_FALSE(OnScreen("Videos"));
  EXPECT_TRUE(OnScreen("English")) << "the way back is written in its own language";
  Tap("English");
  EXPECT_TRUE(OnScreen("Videos"));
}

TEST_F(AppTest, ATileOpensItsScreenAndBackReturnsHome) {
  Start();
  Tap("Videos");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kVideos);
  EXPECT_TRUE(OnScreen("Not available yet"));
  EXPECT_FALSE(OnScreen("Quizzes")) << "the home screen is gone";
  Tap("Back");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kHome);
  EXPECT_TRUE(OnScreen("Quizzes"));
}

TEST_F(AppTest, ADragAcrossATileDoesNotOpenIt) {
  Start();
  const ImVec2 at = Find("Videos")->rect.GetCenter();
  const float px = app->Platform().PxPerMm();
  Finger(Kind::kPointerDown, at);
  Finger(Kind::kPointerMove, ImVec2(at.x + 10 * px, at.y));
  Finger(Kind::kPointerUp, ImVec2(at.x + 10 * px, at.y));
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kHome);
}

TEST_F(AppTest, AnIdleKioskDrawsNoFrames) {
  Start();
  const int frames = app->FramesDrawn();
  EXPECT_FALSE(app->NeedsFrame());
  EXPECT_EQ(app->WaitBudgetMs(), -1) << "with nothing to do the loop sleeps until input";
  clock.Advance(60s);
  for (int i = 0; i < 100; ++i) {
    app->PumpEvents(0);
    if (app->NeedsFrame()) app->DrawFrame();
  }
  EXPECT_EQ(app->FramesDrawn(), frames) << "a minute of idle drew frames";

  Tap("Quizzes");  // input draws frames again, then the kiosk goes quiet once more
  const int afterTap = app->FramesDrawn();
  EXPECT_GT(afterTap, frames);
  EXPECT_LE(afterTap - frames, 4) << "a tap that opens a screen needs only a few frames";
  EXPECT_FALSE(app->NeedsFrame());
}

TEST_F(AppTest, TheRealLoopSleepsUntilInputAndStopsCleanlyOnSigterm) {
  base::SteadyClock steady;
  Options options;
  options.headless = true;
  options.localesDir = KIOSK_SOURCE_DIR "/locales";
  options.contentDir = TempDir("store").string();
  base::Result<std::unique_ptr<App>> created = App::Create(options, steady);
  ASSERT_TRUE(created.ok()) << created.error();
  std::thread stopper([] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);  // the main thread takes the signal, as systemd's
    std::this_thread::sleep_for(500ms);
    kill(getpid(), SIGTERM);
  });
  const int status = created.value()->Run();
  stopper.join();
  EXPECT_EQ(status, kExitOk);
  EXPECT_LE(created.value()->FramesDrawn(), 2) << "half a second of idle drew frames";
}

TEST_F(AppTest, EveryTouchTargetIsAtLeast12mm) {
  for (auto [width, height] : {std::pair{1920, 1080}, std::pair{1024, 600}, std::pair{768, 1024}}) {
    Start(width, height);
    const float min = 12 * app->Platform().PxPerMm();
    int targets = 0;
    for (const ui::Label& label : app->Labels()) {
      if (!label.tappable) continue;
      ++targets;
      EXPECT_GE(label.rect.GetWidth(), min) << label.text << " at " << width << "x" << height;
      EXPECT_GE(label.rect.GetHeight(), min) << label.text << " at " << width << "x" << height;
    }
    EXPECT_GE(targets, 6);
  }
}

TEST_F(AppTest, StaffAreToldWhenThereIsNoContent) {
  Start(1280, 720, (TempDir("missing") / "nowhere").string());
  EXPECT_TRUE(OnScreen("content folder")) << "a missing folder is named on screen";
  EXPECT_TRUE(OnScreen("nowhere"));

  Start(1280, 720, TempDir("empty").string());
  EXPECT_TRUE(OnScreen("no content is installed"));

  const fs::path store = TempDir("one-pack");
  fs::create_directories(store / "demo");
  Start(1280, 720, store.string());
  EXPECT_FALSE(OnScreen("For staff"));
}

TEST_F(AppTest, TheScreenshotShowsTheTilesInTheirColours) {
  Start(1280, 720);
  const std::string path = (TempDir("shot") / "home.png").string();
  base::Result<bool> written = app->Screenshot(path);
  ASSERT_TRUE(written.ok()) << written.error();
  int width = 0, height = 0, channels = 0;
  unsigned char* pixels = stbi_load(path.c_str(), &width, &height, &channels, 4);
  ASSERT_NE(pixels, nullptr);
  EXPECT_EQ(width, 1280);
  EXPECT_EQ(height, 720);
  auto at = [&](ImVec2 p) {
    const unsigned char* px = pixels + (static_cast<int>(p.y) * width + static_cast<int>(p.x)) * 4;
    return IM_COL32(px[0], px[1], px[2], 255);
  };
  const float mm = app->Platform().PxPerMm();
  const ImRect videos = Find("Videos")->rect;
  EXPECT_EQ(at(ImVec2(videos.Min.x + 4 * mm, videos.Max.y - 2 * mm)), ui::colors::kVideos);
  const ImRect help = Find("Help")->rect;
  EXPECT_EQ(at(ImVec2(help.Min.x + 4 * mm, help.Max.y - 2 * mm)), ui::colors::kHelp);
  EXPECT_EQ(at(ImVec2(2, 2)), ui::colors::kBackground);
  // The title is really drawn: white ink where its label is.
  const ImRect title = Find("Women's Home")->rect;
  int ink = 0;
  for (float y = title.Min.y; y < title.Max.y; ++y) {
    for (float x = title.Min.x; x < title.Min.x + 200; ++x)
      ink += at(ImVec2(x, y)) == ui::colors::kText;
  }
  EXPECT_GT(ink, 100);
  stbi_image_free(pixels);
}

}  // namespace
}  // namespace kiosk::app
