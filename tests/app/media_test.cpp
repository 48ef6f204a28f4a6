// The kiosk playing media, headless: the demo pack's videos and narration decoded by libvlc in real
// time, what the screen shows of them, and what is counted.
#include <stb_image.h>

#include <fstream>

#include "app/app_fixture.h"
#include "support/temp_dir.h"

namespace kiosk::app {
namespace {

using MediaTest = AppTest;

TEST_F(MediaTest, ADemoVideoPlaysToItsEndWithEveryPictureShownAndIsCounted) {
  const std::string store = DemoStore();
  Start(1280, 720, store);
  Tap("Videos");
  Tap("Your wages, your rights");
  ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kPlayer);
  ASSERT_TRUE(PlayUntil([&] { return app->VideoFramesShown() >= 2; }, 20s));
  // The video's title card, green, fills the middle of the screen.
  const fs::path shot = TempDir("shots") / "playing.png";
  ASSERT_TRUE(app->Screenshot(shot.string()).ok());
  int w = 0, h = 0, n = 0;
  unsigned char* pixels = stbi_load(shot.c_str(), &w, &h, &n, 4);
  ASSERT_NE(pixels, nullptr);
  const unsigned char* p = pixels + (static_cast<std::size_t>(h / 5) * w + w / 2) * 4;
  EXPECT_NEAR(p[0], 0x1B, 12);
  EXPECT_NEAR(p[1], 0x73, 12);
  EXPECT_NEAR(p[2], 0x40, 12);
  stbi_image_free(pixels);

  ASSERT_TRUE(PlayUntil([&] { return OnScreen("Watch again"); }, 40s)) << "the video never ended";
  // A still title card with its subtitles: one picture for the card and one for each cue
  // change, at least (VLC's repeats of an unchanged picture are not drawn again).
  const std::string srt = testing::ReadFile(fs::path(store) / "demo/files/videos/wages.en.srt");
  std::size_t cues = 0;
  for (std::size_t at = srt.find("-->"); at != std::string::npos; at = srt.find("-->", at + 1)) {
    ++cues;
  }
  ASSERT_GT(cues, 3u);
  EXPECT_GE(app->VideoFramesShown(), cues + 1);
  EXPECT_EQ(app->CountOf("video_started", "wages"), 1);
  EXPECT_EQ(app->CountOf("video_completed", "wages"), 1);
  EXPECT_EQ(app->CountOf("playback_error", "wages"), 0);
}

TEST_F(MediaTest, ADamagedVideoSaysSoKindlyAndLeadsBackToTheLibrary) {
  const std::string store = DemoStore();
  {
    // The disk damaged the file after it was installed and checked.
    std::ofstream out(fs::path(store) / "demo/files/videos/wages.en.mp4",
                      std::ios::binary | std::ios::trunc);
    out << std::string(50000, 'x');
  }
  Start(1280, 720, store);
  Tap("Videos");
  Tap("Your wages, your rights");
  ASSERT_TRUE(PlayUntil([&] { return OnScreen("Sorry, this video cannot be played."); }, 20s));
  EXPECT_EQ(app->CountOf("playback_error", "wages"), 1);
  Tap("Back to videos");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kVideos);
  EXPECT_TRUE(OnScreen("Beware of fake job offers")) << "the other videos are still there";
}

TEST_F(MediaTest, WatchingAVideoIsNotIdleButAPausedOneIs) {
  idleSeconds = 3;
  Start(1280, 720, DemoStore());
  Tap("Videos");
  Tap("Beware of fake job offers");
  const auto start = std::chrono::steady_clock::now();
  ASSERT_FALSE(PlayUntil([&] { return app->Attracting(); }, 5s))
      << "the attract loop took over a video someone is watching";
  EXPECT_GE(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kPlayer);
  Tap("Pause");
  clock.Advance(4s);
  Settle();
  EXPECT_TRUE(app->Attracting()) << "a paused video left alone is idle";
}

TEST_F(MediaTest, ListenReadsTheQuestionAloud) {
  Start(1280, 720, DemoStore());
  Tap("Quizzes");
  Tap("Safe migration quiz");
  Tap("Listen");
  EXPECT_TRUE(OnScreen("Stop")) << "while it speaks, the button stops it";
  EXPECT_TRUE(app->MediaPlaying());
  ASSERT_TRUE(PlayUntil([&] { return !app->MediaPlaying(); }, 30s));
  Settle();
  EXPECT_TRUE(OnScreen("Listen")) << "after the narration, the button reads it again";
  EXPECT_FALSE(OnScreen("Stop"));
}

}  // namespace
}  // namespace kiosk::app
