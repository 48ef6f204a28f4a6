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
#include "app/app_fixture.h"
#include "packs/packs.h"
#include "stats/stats.h"
#include "support/temp_dir.h"

namespace kiosk::app {
namespace {

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
  EXPECT_GE(app->WaitBudgetMs(), 89000) << "with nothing to do the loop sleeps until input or "
                                           "the idle reset, 90 s away";
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

TEST_F(AppTest, AfterIdleEverythingIsResetAndTheAttractLoopInvitesTheNextPerson) {
  Start();
  Tap("简体中文");
  Tap("求助");  // the Help screen, in Chinese
  ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kHelp);
  clock.Advance(89s);
  Settle();
  EXPECT_FALSE(app->Attracting()) << "89 s is not yet idle";
  clock.Advance(2s);
  Settle();
  ASSERT_TRUE(app->Attracting());
  EXPECT_TRUE(OnScreen("Touch the screen to start")) << "the default language's turn first";
  EXPECT_FALSE(OnScreen("求助")) << "nothing of the last visitor's screen is left";

  // Each language has its turn, one frame every 3 s and none in between.
  const int frames = app->FramesDrawn();
  clock.Advance(1s);
  Settle();
  EXPECT_EQ(app->FramesDrawn(), frames);
  clock.Advance(2s);
  Settle();
  EXPECT_EQ(app->FramesDrawn(), frames + 1);
  EXPECT_TRUE(OnScreen("请触摸屏幕开始"));

  // A touch brings the home screen back, fresh: the default language, nothing open, and the
  // touch itself taps nothing.
  const ImVec2 middle(640, 360);
  Finger(Kind::kPointerDown, middle);
  Finger(Kind::kPointerUp, middle);
  EXPECT_FALSE(app->Attracting());
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kHome);
  EXPECT_TRUE(OnScreen("Videos")) << "back in the default language, English";
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
  struct Screen {
    int width, height;
    float dpi;
  };
  // A 21.5" full-HD kiosk, a 15.6" laptop panel, 7" panels (1024x600, 800x480), a portrait tablet.
  for (Screen s : {Screen{1920, 1080, 102}, Screen{1366, 768, 100}, Screen{1024, 600, 169},
                   Screen{800, 480, 133}, Screen{768, 1024, 132}}) {
    for (const i18n::Language& language : i18n::KnownLanguages()) {
      Start(s.width, s.height, {}, s.dpi);
      ASSERT_TRUE(app->SetLanguage(language.code));
      Settle();
      const float min = 12 * app->Platform().PxPerMm();
      int targets = 0;
      for (const ui::Label& label : app->Labels()) {
        if (!label.tappable || label.scrolledPartlyOut) continue;
        ++targets;
        const std::string where = label.text + " at " + std::to_string(s.width) + "x" +
                                  std::to_string(s.height) + " in " + language.code;
        EXPECT_GE(label.rect.GetWidth(), min) << where;
        EXPECT_GE(label.rect.GetHeight(), min) << where;
      }
      // Tiles and languages a page scroll has cut are not counted; most are whole.
      EXPECT_GE(targets, 4) << s.width << "x" << s.height << " in " << language.code;
    }
  }
}

TEST_F(AppTest, TheFirstFrameLooksLikeEveryLaterOne) {
  // Glyphs drawn before the font texture exists come out as solid boxes, and an idle kiosk shows
  // its first frame until somebody touches it. So the first frame is read back before any other is
  // drawn, and compared with the next one.
  Start(1280, 720, {}, 0, /*settle=*/false);
  ASSERT_EQ(app->FramesDrawn(), 0);
  const std::string first = (TempDir("frames") / "first.png").string();
  const std::string second = (TempDir("frames") / "second.png").string();
  ASSERT_TRUE(app->Screenshot(first).ok());
  ASSERT_TRUE(app->Screenshot(second).ok());
  int width = 0, height = 0, channels = 0;
  unsigned char* a = stbi_load(first.c_str(), &width, &height, &channels, 4);
  unsigned char* b = stbi_load(second.c_str(), &width, &height, &channels, 4);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  int differing = 0;
  for (int i = 0; i < width * height * 4; ++i) differing += a[i] != b[i];
  stbi_image_free(a);
  stbi_image_free(b);
  EXPECT_EQ(differing, 0) << "the first frame differs from the second (text drawn as boxes?)";
}

TEST_F(AppTest, StaffAreToldWhenThereIsNoContent) {
  Start(1280, 720, (TempDir("missing") / "nowhere").string());
  EXPECT_TRUE(OnScreen("content folder")) << "a missing folder is named on screen";
  EXPECT_TRUE(OnScreen("nowhere"));

  Start(1280, 720, TempDir("empty").string());
  EXPECT_TRUE(OnScreen("no content is installed"));

  // A real pack, built and installed the way kioskctl does it.
  const fs::path source = TempDir("source");
  std::ofstream(source / "pack.json")
      << R"({"id": "hotlines", "version": 1, "expires": "2099-12-31", "publisher": "Test"})";
  std::ofstream(source / "topics.json") << R"([{"id": "help", "title": {"en": "Help"}}])";
  ASSERT_TRUE(packs::GenerateKey((TempDir("keys") / "k").string()).ok());
  fs::copy_file(TempDir("keys") / "k.pub", TempDir("trust") / "k.pub");
  const std::string pack = (TempDir("packs") / "hotlines.kpack").string();
  ASSERT_TRUE(packs::BuildPack(source.string(), (TempDir("keys") / "k.key").string(), pack).ok());
  const fs::path store = TempDir("one-pack");
  ASSERT_TRUE(
      packs::InstallPack(pack, store.string(), TempDir("trust").string(), "2026-11-30").ok());
  Start(1280, 720, store.string());
  EXPECT_FALSE(OnScreen("For staff"));

  // A disk that lost a file: that pack is left out, and staff are told which.
  std::ofstream(store / "hotlines" / "files" / "topics.json") << "[{\"id\": ";
  Start(1280, 720, store.string());
  EXPECT_TRUE(OnScreen("the pack hotlines")) << "the damaged pack is named";
}

TEST_F(AppTest, ABrokenCatalogLeavesItsLanguageOutAndTellsStaffWhere) {
  const fs::path locales = TempDir("locales");
  fs::copy_file(KIOSK_SOURCE_DIR "/locales/zh_CN.po", locales / "zh_CN.po");
  std::ofstream(locales / "th.po") << "msgid \"\"\nmsgstr \"Content-Type: text/plain; "
                                      "charset=UTF-8\\n\"\n\nmsgid \"Videos\"\nmsgstr \"วิดีโอ\n";
  localesDir = locales.string();
  lang = "th";  // staff set Thai as the default, then a bad catalog arrived
  Start();
  EXPECT_TRUE(OnScreen("Videos")) << "the kiosk keeps running, in English";
  EXPECT_TRUE(OnScreen("a translation file has errors")) << "staff are told";
  EXPECT_TRUE(OnScreen("th.po:")) << "with the file and line";
  EXPECT_TRUE(OnScreen("简体中文")) << "the good catalogs are still offered";
  EXPECT_FALSE(OnScreen("ไทย")) << "the broken one is not";
}

TEST_F(AppTest, EveryLanguageShowsTheHomeScreenInItsOwnScript) {
  struct Expect {
    const char* code;
    const char* ownName;
    const char* videos;
  };
  Start();
  for (Expect e : {Expect{"zh_CN", "简体中文", "视频"}, Expect{"th", "ไทย", "วิดีโอ"},
                   Expect{"vi", "Tiếng Việt", "Video"}, Expect{"km", "ខ្មែរ", "វីដេអូ"},
                   Expect{"lo", "ລາວ", "ວິດີໂອ"}, Expect{"my", "မြန်မာ", "ဗီဒီယို"}}) {
    Tap(e.ownName);
    EXPECT_TRUE(OnScreen(e.videos)) << e.code;
    // And the glyphs are really drawn: the tile's yellow "not available yet" line is the only
    // yellow on the Videos tile (its picture is white).
    const std::string shot = (TempDir("languages") / (std::string(e.code) + ".png")).string();
    ASSERT_TRUE(app->Screenshot(shot).ok());
    int width = 0, height = 0, channels = 0;
    unsigned char* pixels = stbi_load(shot.c_str(), &width, &height, &channels, 4);
    ASSERT_NE(pixels, nullptr);
    const ImRect tile = Find(e.videos)->rect;
    int ink = 0;
    for (int y = static_cast<int>(tile.Min.y); y < static_cast<int>(tile.Max.y); ++y) {
      for (int x = static_cast<int>(tile.Min.x); x < static_cast<int>(tile.Max.x); ++x) {
        const unsigned char* px = pixels + (y * width + x) * 4;
        ink += px[0] > 200 && px[1] > 150 && px[2] < 120;
      }
    }
    stbi_image_free(pixels);
    EXPECT_GT(ink, 100) << e.code << ": no text drawn on the Videos tile";
    EXPECT_FALSE(OnScreen("Quizzes")) << e.code << ": an English label is left";
    // The picker scrolls back to English the way a finger would, if it has to.
    if (!Find("English")) {
      const ImRect list = Find(e.ownName)->rect;
      Finger(Kind::kPointerDown, list.GetCenter());
      for (int i = 1; i <= 10; ++i) {
        clock.Advance(16ms);
        Finger(Kind::kPointerMove,
               ImVec2(list.GetCenter().x, list.GetCenter().y + 40.0f * static_cast<float>(i)));
      }
      clock.Advance(300ms);
      Finger(Kind::kPointerUp, ImVec2(list.GetCenter().x, list.GetCenter().y + 400));
    }
    Tap("English");
    EXPECT_TRUE(OnScreen("Quizzes"));
  }
}

TEST_F(AppTest, HelpShowsTheHotlinesOfTheInstalledPacksInHerLanguage) {
  const fs::path store = TempDir("demo-store");
  ASSERT_TRUE(
      packs::InstallPack(KIOSK_DEMO_PACK, store.string(), KIOSK_DEMO_TRUST, "2026-11-30").ok());
  Start(1280, 720, store.string());
  const ImRect helpTile = Find("Help")->rect;
  for (const ui::Label& label : app->Labels()) {
    EXPECT_FALSE(label.text == "Not available yet" && helpTile.Contains(label.rect))
        << "the Help tile still says it is not available";
  }
  Tap("Help");
  EXPECT_TRUE(OnScreen("12348"));
  EXPECT_TRUE(OnScreen("Legal aid"));
  EXPECT_TRUE(OnScreen("verify")) << "staff are reminded to check the numbers locally";
  Tap("Back");
  Tap("简体中文");
  Tap("求助");
  EXPECT_TRUE(OnScreen("法律援助"));
  EXPECT_TRUE(OnScreen("12333"));
  EXPECT_FALSE(OnScreen("Legal aid"));

  // Each visit was counted, anonymously, by language; the counts are on disk once it stops.
  app.reset();
  base::Result<std::unique_ptr<stats::Counter>> counts =
      stats::Counter::Open(TempDir("state").string(), packs::Today, nullptr);
  ASSERT_TRUE(counts.ok()) << counts.error();
  std::map<std::string, std::int64_t> help;
  const std::vector<stats::Row> rows = counts.value()->Rows().value();
  for (const stats::Row& row : rows) {
    if (row.event == "help_shown") help[row.lang] += row.count;
    if (row.event == "language_chosen") {
      EXPECT_EQ(row.lang, "zh_CN");
    }
  }
  EXPECT_EQ(help["en"], 1);
  EXPECT_EQ(help["zh_CN"], 1);
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
