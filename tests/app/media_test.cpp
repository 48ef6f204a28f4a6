// The kiosk playing media, headless: the demo pack's videos and narration decoded by libvlc in real
// time, what the screen shows of them, and what is counted.
#include <stb_image.h>

#include <fstream>
#include <thread>

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

// A store with the demo pack whose video "Your wages, your rights" (English) is, on its disk,
// the bytes of `file` instead: what a pack built before kioskctl checked videos may hold.
std::string StoreWithWagesFrom(const std::string& store, const fs::path& file) {
  const fs::path video = fs::path(store) / "demo/files/videos/wages.en.mp4";
  fs::remove(video);
  fs::copy_file(file, video);
  return store;
}

// A screenshot's pixels, RGBA.
struct Shot {
  int w = 0, h = 0;
  std::vector<unsigned char> rgba;
  const unsigned char* At(int x, int y) const {
    return rgba.data() + (static_cast<std::size_t>(y) * w + x) * 4;
  }
};
Shot TakeShot(App& app, const fs::path& path) {
  Shot shot;
  EXPECT_TRUE(app.Screenshot(path.string()).ok());
  int n = 0;
  unsigned char* pixels = stbi_load(path.c_str(), &shot.w, &shot.h, &n, 4);
  EXPECT_NE(pixels, nullptr) << path;
  if (pixels) {
    shot.rgba.assign(pixels, pixels + static_cast<std::size_t>(shot.w) * shot.h * 4);
    stbi_image_free(pixels);
  }
  return shot;
}
bool Near(const unsigned char* p, int r, int g, int b, int tolerance = 40) {
  return std::abs(p[0] - r) <= tolerance && std::abs(p[1] - g) <= tolerance &&
         std::abs(p[2] - b) <= tolerance;
}

TEST_F(MediaTest, ASixteenByNineVideoWithNonSquarePixelsIsDrawnSixteenByNine) {
  // 720 x 576 pictures at a sample aspect of 64:45, one flat orange (0xE08020): an H.264 MP4 as
  // cameras make it, and a DVD's MPEG-2, whose shape VLC learns only from its decoder.
  for (const char* file : {"anamorphic.mp4", "dvd.mpg"}) {
    SCOPED_TRACE(file);
    const std::string store = TempDir(file).string();
    ASSERT_TRUE(packs::InstallPack(KIOSK_DEMO_PACK, store, KIOSK_DEMO_TRUST, packs::Today()).ok());
    Start(1280, 720, StoreWithWagesFrom(store, KIOSK_TEST_MEDIA "/" + std::string(file)));
    Tap("Videos");
    Tap("Your wages, your rights");
    // Once the second picture is shown, VLC has told the shape (a DVD's, a little after its first).
    ASSERT_TRUE(PlayUntil([&] { return app->VideoFramesShown() >= 1; }, 20s));
    PlayUntil([] { return false; }, 2s);
    const Shot shot = TakeShot(*app, TempDir("shots") / (std::string(file) + ".png"));
    // The orange picture's rectangle on the screen, above the controls (whose seek bar is
    // orange too).
    const ui::Label* back = Find("Back");
    ASSERT_NE(back, nullptr);
    int left = shot.w, right = -1, top = shot.h, bottom = -1;
    for (int y = 0; y < static_cast<int>(back->rect.Min.y); ++y) {
      for (int x = 0; x < shot.w; ++x) {
        if (!Near(shot.At(x, y), 0xE0, 0x80, 0x20)) continue;
        left = std::min(left, x), right = std::max(right, x);
        top = std::min(top, y), bottom = std::max(bottom, y);
      }
    }
    ASSERT_GE(right, 0) << "no picture on the screen";
    const int width = right - left + 1, height = bottom - top + 1;
    EXPECT_GT(height, 300) << "the picture fills the screen's height above the controls";
    EXPECT_NEAR(width, height * 16.0 / 9, 2.0)
        << width << " x " << height << " (5:4 would be " << height * 5 / 4 << " wide)";
  }
}

TEST_F(MediaTest, ASeekWhilePausedShowsThePictureAtTheNewPlace) {
  // Ten seconds in ten colours, one a second (red first, orange at 7 s), one key frame.
  Start(1280, 720, StoreWithWagesFrom(DemoStore(), KIOSK_TEST_MEDIA "/colours.mp4"));
  Tap("Videos");
  Tap("Your wages, your rights");
  ASSERT_TRUE(PlayUntil([&] { return app->VideoFramesShown() >= 1; }, 20s));
  Tap("Pause");
  const fs::path shots = TempDir("shots");
  Shot shot = TakeShot(*app, shots / "paused.png");
  ASSERT_TRUE(Near(shot.At(shot.w / 2, shot.h / 3), 255, 0, 0)) << "red, its first second";

  // A tap on the seek bar, three quarters along: the bar lies between Play and the time, a
  // margin (the Back button's from the edge) away from each, its ends a knob's width inside.
  const ui::Label* back = Find("Back");
  const ui::Label* play = Find("Play");
  ASSERT_TRUE(back && play) << "paused: Back and Play";
  const ui::Label* time = nullptr;
  for (const ui::Label& label : app->Labels()) {
    if (label.text.find(" / 0:10") != std::string::npos) time = &label;
  }
  ASSERT_NE(time, nullptr) << "the time is shown";
  const float margin = back->rect.Min.x, knob = margin * 4 / 5;
  const float left = play->rect.Max.x + margin + knob, right = time->rect.Min.x - margin - knob;
  const ImVec2 at(left + (right - left) * 0.75f, play->rect.GetCenter().y);
  const std::uint64_t before = app->VideoFramesShown();
  Finger(Kind::kPointerDown, at);
  Finger(Kind::kPointerUp, at);
  ASSERT_TRUE(PlayUntil([&] { return app->VideoFramesShown() > before; }, 20s))
      << "no picture came for the new place";
  Settle();
  shot = TakeShot(*app, shots / "seeked.png");
  const unsigned char* p = shot.At(shot.w / 2, shot.h / 3);
  EXPECT_TRUE(Near(p, 255, 165, 0)) << "orange, at 7.5 s, was due; the picture is " << int{p[0]}
                                    << "," << int{p[1]} << "," << int{p[2]};
  EXPECT_TRUE(OnScreen("0:07 / 0:10"));
  EXPECT_TRUE(OnScreen("Play")) << "still paused";
  EXPECT_FALSE(app->MediaPlaying());
}

TEST_F(MediaTest, WhileAVideoPlaysOnlyWhatChangedIsDrawnAndTheScreenIsAsIfDrawnWhole) {
  // Ten seconds in ten colours, one a second: red, then orange...
  Start(1280, 720, StoreWithWagesFrom(DemoStore(), KIOSK_TEST_MEDIA "/colours.mp4"));
  Tap("Videos");
  Tap("Your wages, your rights");
  ASSERT_TRUE(PlayUntil([&] { return app->VideoFramesShown() >= 1; }, 20s));
  const platform::Platform::Presented before = app->Platform().PresentedFrames();
  ASSERT_TRUE(PlayUntil([&] { return OnScreen("0:02 / 0:10"); }, 20s));
  const platform::Platform::Presented& after = app->Platform().PresentedFrames();
  // A new colour and a new time each second: the software renderer sends only those.
  EXPECT_GE(after.partial - before.partial, 2);
  EXPECT_EQ(after.whole - before.whole, 0);
  Tap("Pause");
  Settle();
  const fs::path shots = TempDir("shots");
  const Shot shown = TakeShot(*app, shots / "as-drawn.png");
  EXPECT_FALSE(Near(shown.At(shown.w / 2, shown.h / 3), 255, 0, 0)) << "the red of 0:00 is gone";
  app->Platform().RedrawAll();
  const Shot whole = TakeShot(*app, shots / "whole.png");
  ASSERT_EQ(shown.rgba.size(), whole.rgba.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < shown.rgba.size(); ++i) differ += shown.rgba[i] != whole.rgba[i];
  EXPECT_EQ(differ, 0u) << "bytes of the screen built from changed parts differ from a whole "
                           "frame (see "
                        << shots << ")";
}

TEST_F(MediaTest, FilesWithoutAPictureSaySoAtOnceAndAreCounted) {
  const fs::path notes = TempDir("files") / "notes.txt";
  std::ofstream(notes) << "Wages are paid monthly.\n";
  const fs::path empty = TempDir("files") / "empty";
  std::ofstream{empty};
  const std::string store = DemoStore();
  int errors = 0;
  for (const fs::path& file : {fs::path(KIOSK_TEST_MEDIA "/song.mp3"),
                               fs::path(KIOSK_TEST_MEDIA "/song-with-cover.mp3"), empty, notes}) {
    SCOPED_TRACE(file.string());
    Start(1280, 720, StoreWithWagesFrom(store, file));
    Tap("Videos");
    Tap("Your wages, your rights");
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(PlayUntil([&] { return OnScreen("Sorry, this video cannot be played."); }, 20s))
        << "still: " << (OnScreen("Loading") ? "Loading…" : "something else");
    // The songs last 20 s: "at once" is well before their end.
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    EXPECT_EQ(app->CountOf("playback_error", "wages"), ++errors);
    Tap("Back to videos");
    EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kVideos);
  }
}

// The library shows a picture of every video: the demo's wages video its pack's poster (drawn on
// a pale ground), the others a picture taken from the video itself (on the black of the card's
// screen, not the flat colour of a title card), each with its length ("0:22").
TEST_F(MediaTest, TheLibraryShowsAPictureOfEachVideoAndItsLength) {
  Start(1280, 720, DemoStore());
  Tap("Videos");
  // The pictures are taken and decoded on workers; the frame loop draws them when they come.
  for (int i = 0; i < 200 && app->Working(); ++i) {
    std::this_thread::sleep_for(50ms);
    Settle();
  }
  ASSERT_FALSE(app->Working());
  const Shot shot = TakeShot(*app, TempDir("shots") / "library.png");
  // The top third of a card: where its picture is.
  auto count = [&](const std::string& title, auto&& match) {
    const ui::Label* card = Find(title);
    EXPECT_NE(card, nullptr) << title;
    int found = 0;
    if (!card) return found;
    for (int y = static_cast<int>(card->rect.Min.y) + 4;
         y < static_cast<int>(card->rect.Min.y + card->rect.GetHeight() / 3); ++y) {
      for (int x = static_cast<int>(card->rect.Min.x) + 4;
           x < static_cast<int>(card->rect.Max.x) - 4; ++x) {
        found += match(shot.At(x, y)) ? 1 : 0;
      }
    }
    return found;
  };
  auto black = [](const unsigned char* p) { return p[0] < 8 && p[1] < 8 && p[2] < 8; };
  auto pale = [](const unsigned char* p) { return Near(p, 0xF3, 0xE9, 0xD2, 8); };
  EXPECT_GT(count("Your wages, your rights", pale), 1000) << "the pack's poster";
  // The demo videos' own title cards (content/CMakeLists.txt), seen on the card's black screen.
  for (const auto& [title, colour] :
       {std::pair{"Five things to do before you leave for work", 0x1E5AA8},
        std::pair{"Beware of fake job offers", 0xB0234F}}) {
    SCOPED_TRACE(title);
    EXPECT_GT(count(title, black), 1000) << "the card's screen around the picture";
    const int rgb = colour;
    const auto video = [rgb](const unsigned char* p) {
      return Near(p, rgb >> 16, (rgb >> 8) & 0xFF, rgb & 0xFF, 24);
    };
    EXPECT_GT(count(title, video), 1000) << "the picture taken from the video";
  }
  int lengths = 0;
  for (const ui::Label& label : app->Labels()) {
    lengths += label.text.size() == 4 && label.text[1] == ':' ? 1 : 0;
  }
  EXPECT_EQ(lengths, 3) << "a length on each card";
}

}  // namespace
}  // namespace kiosk::app
