// Playback with real libvlc decoding: the demo pack's videos and narration, a 1080p clip whose
// decoder pads it to 1088 lines, and files that cannot be played. Real time passes here: VLC
// plays on its own clock.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "playback/playback.h"
#include "support/temp_dir.h"

namespace kiosk::playback {
namespace {

using namespace std::chrono_literals;

class PlaybackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base::Result<std::unique_ptr<Engine>> created = Engine::Create(false);
    ASSERT_TRUE(created.ok()) << created.error();
    engine = std::move(created.value());
  }

  // What the main loop does: waits for a wake, then polls, until `done` or the time is up.
  template <typename Done>
  bool PumpUntil(Player& player, Done done, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      {
        std::unique_lock<std::mutex> lock(mutex);
        woken.wait_for(lock, 50ms, [&] { return wakes > taken; });
        taken = wakes;
      }
      player.Poll();
      player.TakeFrame([&](const Frame& frame) { last = frame; });
      if (done()) return true;
    }
    return false;
  }

  std::function<void()> Wake() {
    return [this] {
      std::lock_guard<std::mutex> lock(mutex);
      ++wakes;
      woken.notify_one();
    };
  }

  std::unique_ptr<Engine> engine;
  std::mutex mutex;
  std::condition_variable woken;
  std::uint64_t wakes = 0;
  std::uint64_t taken = 0;
  Frame last;
  testing::TempDir temp{"kiosk-playback-test"};
};

TEST_F(PlaybackTest, A1080pClipPlaysToItsEndCroppedToWhatIsVisible) {
  Player player(*engine, true, Wake());
  ASSERT_TRUE(player.Play(KIOSK_TEST_MEDIA "/clip-1080p.mp4").ok());
  ASSERT_TRUE(PumpUntil(
      player, [&] { return player.GetState() != State::kPlaying; }, 30s));
  EXPECT_EQ(player.GetState(), State::kEnded) << player.ErrorMessage();
  // 2 s at 10 frames a second.
  EXPECT_GE(player.FramesDecoded(), 15u);
  EXPECT_LE(player.FramesDecoded(), 21u);
  // H.264 codes 1080 lines as 1088; the 8 lines of padding are not shown.
  EXPECT_EQ(last.width, 1920);
  EXPECT_EQ(last.height, 1080);
  EXPECT_GE(last.pitches[0], 1920);
  EXPECT_NEAR(static_cast<double>(player.LengthMs()), 2000, 100);
  EXPECT_GE(player.WatchedFraction(), 0.9f) << "played from start to end at normal speed";
  EXPECT_FLOAT_EQ(player.Position(), 1.0f);
}

TEST_F(PlaybackTest, APausedPlayerHandsOnNothingAndWakesNobody) {
  Player player(*engine, true, Wake());
  ASSERT_TRUE(player.Play(KIOSK_TEST_MEDIA "/clip-1080p.mp4").ok());
  ASSERT_TRUE(PumpUntil(
      player, [&] { return player.FramesDecoded() >= 8; }, 20s));
  player.SetPaused(true);
  const float pausedAt = player.Position();
  EXPECT_GT(pausedAt, 0.0f) << "paused after 0.8 of its 2 s";
  player.Poll();
  const std::uint64_t frames = player.FramesDecoded();
  const std::uint64_t wakesBefore = wakes;
  // libvlc's own pause would show the picture again every 80 ms; none of that may happen.
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(player.FramesDecoded(), frames);
  EXPECT_EQ(wakes, wakesBefore);
  EXPECT_EQ(player.GetState(), State::kPaused);
  EXPECT_FLOAT_EQ(player.Position(), pausedAt) << "the seek bar stays where she paused";
  player.SetPaused(false);
  EXPECT_TRUE(PumpUntil(
      player, [&] { return player.FramesDecoded() > frames + 3; }, 10s));
  EXPECT_GE(player.Position(), pausedAt) << "it goes on from where it was paused";
}

TEST_F(PlaybackTest, SubtitlesAreDrawnIntoThePicture) {
  // The demo video is a still title card; 1.5 s in, the first cue (from 0.5 s) is on it.
  auto brightAtTheBottom = [&](const std::string& subtitles) {
    Player player(*engine, true, Wake());
    EXPECT_TRUE(player.Play(KIOSK_DEMO_DIR "/videos/wages.en.mp4", subtitles).ok());
    std::uint64_t bright = 0;
    const auto start = std::chrono::steady_clock::now();
    PumpUntil(
        player, [&] { return std::chrono::steady_clock::now() - start > 1500ms; }, 10s);
    // The last picture's bottom fifth, where VLC puts subtitles, read while it is lent: the
    // player is stopped first, so that VLC writes no more.
    player.Stop();
    for (int y = last.height * 4 / 5; y < last.height; ++y) {
      for (int x = 0; x < last.width; ++x) {
        if (last.planes[0][y * last.pitches[0] + x] > 200) ++bright;
      }
    }
    return bright;
  };
  const std::uint64_t without = brightAtTheBottom("");
  const std::uint64_t with = brightAtTheBottom(KIOSK_DEMO_DIR "/videos/wages.en.srt");
  EXPECT_GT(with, without + 500) << "no subtitle letters in the bottom of the picture";
}

TEST_F(PlaybackTest, NarrationPlaysSoundOnlyToItsEndAndItsLengthIsKnownAtOnce) {
  Player player(*engine, false, Wake());
  ASSERT_TRUE(player.Play(KIOSK_DEMO_DIR "/audio/safe-migration.q5.a1.en.ogg").ok());
  // A contest waits for the question to be read out: it needs the length before it plays.
  const std::int64_t length = player.LengthMs();
  EXPECT_GT(length, 500);
  ASSERT_TRUE(PumpUntil(
      player, [&] { return player.GetState() != State::kPlaying; }, 20s));
  EXPECT_EQ(player.GetState(), State::kEnded) << player.ErrorMessage();
  EXPECT_EQ(player.FramesDecoded(), 0u);
  EXPECT_LE(std::abs(player.LengthMs() - length), 100) << "VLC found the length the header gave";
}

TEST_F(PlaybackTest, AMissingFileFailsAtOnceNamingIt) {
  Player player(*engine, true, Wake());
  base::Result<bool> played = player.Play((temp / "gone.mp4").string());
  ASSERT_FALSE(played.ok());
  EXPECT_NE(played.error().find("gone.mp4"), std::string::npos) << played.error();
  EXPECT_EQ(player.GetState(), State::kFailed);
}

TEST_F(PlaybackTest, ADamagedFileTurnsIntoAFailureNamingIt) {
  const std::string path = (temp / "damaged.mp4").string();
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 100000; ++i) out.put(static_cast<char>((i * 7919) % 251));
  }
  Player player(*engine, true, Wake());
  ASSERT_TRUE(player.Play(path).ok()) << "the file is there: VLC finds out later";
  ASSERT_TRUE(PumpUntil(
      player, [&] { return player.GetState() != State::kPlaying; }, 20s))
      << "a damaged file must not leave the player 'playing' forever";
  EXPECT_EQ(player.GetState(), State::kFailed);
  EXPECT_NE(player.ErrorMessage().find("damaged.mp4"), std::string::npos);
}

TEST_F(PlaybackTest, AFileCutShortFailsInsteadOfEndingAsIfWatched) {
  // The first third of a demo video: its header still says 19 s.
  const std::string whole = testing::ReadFile(KIOSK_DEMO_DIR "/videos/wages.en.mp4");
  ASSERT_GT(whole.size(), 30000u);
  const std::string path = (temp / "cut.mp4").string();
  std::ofstream(path, std::ios::binary) << whole.substr(0, whole.size() / 3);
  Player player(*engine, true, Wake());
  ASSERT_TRUE(player.Play(path).ok());
  ASSERT_TRUE(PumpUntil(
      player, [&] { return player.GetState() != State::kPlaying; }, 30s));
  EXPECT_EQ(player.GetState(), State::kFailed);
  EXPECT_NE(player.ErrorMessage().find("cut short"), std::string::npos) << player.ErrorMessage();
}

TEST_F(PlaybackTest, APartWatchedAgainAndAgainIsNotTheWholeVideo) {
  Player player(*engine, true, Wake());
  ASSERT_TRUE(player.Play(KIOSK_DEMO_DIR "/videos/wages.en.mp4").ok());  // 19.4 s
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(PumpUntil(
        player, [&] { return player.Position() >= 0.15f; }, 20s));
    player.Seek(0);
  }
  EXPECT_GT(player.WatchedFraction(), 0.1f);
  EXPECT_LT(player.WatchedFraction(), 0.3f) << "the first 3 s, three times, are 3 s";
}

TEST_F(PlaybackTest, ASeekIsNotCountedAsWatched) {
  Player player(*engine, true, Wake());
  // Seconds are what is counted: a video long enough for a skip to be many of them.
  ASSERT_TRUE(player.Play(KIOSK_DEMO_DIR "/videos/wages.en.mp4").ok());  // 19.4 s
  ASSERT_TRUE(PumpUntil(
      player, [&] { return player.LengthMs() > 0; }, 20s));
  player.Seek(0.8f);
  ASSERT_TRUE(PumpUntil(
      player, [&] { return player.GetState() != State::kPlaying; }, 20s));
  EXPECT_EQ(player.GetState(), State::kEnded);
  EXPECT_LT(player.WatchedFraction(), 0.5f) << "the skipped part was not watched";
}

// The colour at the middle of a picture, as I420 bytes.
struct Yuv {
  int y, u, v;
};
Yuv Middle(const Frame& frame) {
  const int x = frame.width / 2, y = frame.height / 2;
  return {frame.planes[0][y * frame.pitches[0] + x],
          frame.planes[1][(y / 2) * frame.pitches[1] + x / 2],
          frame.planes[2][(y / 2) * frame.pitches[2] + x / 2]};
}
// An RGB colour (0..255) as the encoder stored it: BT.601, limited range.
Yuv Bt601(double r, double g, double b) {
  r /= 255, g /= 255, b /= 255;
  return {static_cast<int>(16 + 65.481 * r + 128.553 * g + 24.966 * b + 0.5),
          static_cast<int>(128 - 37.797 * r - 74.203 * g + 112 * b + 0.5),
          static_cast<int>(128 + 112 * r - 93.786 * g - 18.214 * b + 0.5)};
}
::testing::AssertionResult Near(Yuv got, Yuv want) {
  if (std::abs(got.y - want.y) <= 12 && std::abs(got.u - want.u) <= 12 &&
      std::abs(got.v - want.v) <= 12) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "YUV " << got.y << "," << got.u << "," << got.v << " where " << want.y << "," << want.u
         << "," << want.v << " was due";
}

TEST_F(PlaybackTest, ASeekWhilePausedShowsThePictureAtTheNewPlaceAndStaysPaused) {
  // colours.mp4: ten colours, one a second, and a single key frame, at 0 s.
  Player player(*engine, true, Wake());
  ASSERT_TRUE(player.Play(KIOSK_TEST_MEDIA "/colours.mp4").ok());
  // Pictures that change are counted: the first is red.
  ASSERT_TRUE(PumpUntil(
      player, [&] { return player.FramesDecoded() >= 1; }, 20s));
  player.SetPaused(true);
  EXPECT_TRUE(Near(Middle(last), Bt601(255, 0, 0))) << "red, the first second";

  player.Seek(0.75f);  // 7.5 s: orange
  ASSERT_TRUE(PumpUntil(
      player, [&] { return Near(Middle(last), Bt601(255, 165, 0)); }, 10s))
      << "the old picture stayed: " << Near(Middle(last), Bt601(255, 165, 0));
  EXPECT_EQ(player.GetState(), State::kPaused);
  EXPECT_NEAR(player.Position(), 0.75f, 0.001f) << "the bar stays where she put it";

  // It decoded that one picture, and stopped again: nothing more comes, nobody is woken.
  PumpUntil(
      player, [] { return false; }, 300ms);
  const std::uint64_t frames = player.FramesDecoded();
  const std::uint64_t wakesBefore = wakes;
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(player.FramesDecoded(), frames);
  EXPECT_EQ(wakes, wakesBefore);
  EXPECT_LT(player.WatchedFraction(), 0.2f)
      << "the picture decoded at the new place is not watched";

  // A finger dragging back along the bar: only the last place counts.
  for (float at : {0.6f, 0.5f, 0.45f, 0.35f}) player.Seek(at);  // 3.5 s: yellow
  ASSERT_TRUE(PumpUntil(
      player, [&] { return Near(Middle(last), Bt601(255, 255, 0)); }, 10s))
      << Near(Middle(last), Bt601(255, 255, 0));
  PumpUntil(
      player, [] { return false; }, 500ms);
  EXPECT_TRUE(Near(Middle(last), Bt601(255, 255, 0))) << "the last place's picture stays";

  // Play goes on from there, with sound.
  player.SetPaused(false);
  ASSERT_TRUE(PumpUntil(
      player, [&] { return Near(Middle(last), Bt601(0, 255, 255)); }, 10s))
      << "cyan, at 4 s, did not follow";
  EXPECT_EQ(player.GetState(), State::kPlaying);
}

TEST_F(PlaybackTest, PixelsThatAreNotSquareAreShownAtTheVideosShape) {
  // 720 x 576 at a sample aspect of 64:45: 16:9, as PAL DVDs and many cameras make it.
  for (const char* file : {"anamorphic.mp4", "dvd.mpg"}) {
    SCOPED_TRACE(file);
    Player player(*engine, true, Wake());
    player.SetBox(800, 600);
    ASSERT_TRUE(player.Play(std::string(KIOSK_TEST_MEDIA "/") + file).ok());
    ASSERT_TRUE(PumpUntil(
        player, [&] { return player.FramesDecoded() >= 1 && player.DisplayAspect() > 0; }, 20s));
    EXPECT_NEAR(player.DisplayAspect(), 16.0 / 9, 0.01);
    if (std::string(file) == "anamorphic.mp4") {
      // The MP4's header says so before the first picture: VLC scales to the shape at once.
      EXPECT_EQ(last.width, 800);
      EXPECT_NEAR(last.height, 450, 2);
    }
  }
}

TEST_F(PlaybackTest, SoundGivenAsAVideoFailsAtOnceInsteadOfPlayingWithoutAPicture) {
  // An MP3's header lists its streams: refused before it plays.
  for (const char* file : {"song.mp3", "song-with-cover.mp3"}) {
    SCOPED_TRACE(file);
    Player player(*engine, true, Wake());
    const base::Result<bool> played = player.Play(std::string(KIOSK_TEST_MEDIA "/") + file);
    ASSERT_FALSE(played.ok());
    EXPECT_NE(played.error().find(file), std::string::npos) << played.error();
    EXPECT_NE(played.error().find("sound only"), std::string::npos) << played.error();
    EXPECT_EQ(player.GetState(), State::kFailed);
  }
  // An MPEG program stream's does not: found out once a second of it has played.
  Player player(*engine, true, Wake());
  ASSERT_TRUE(player.Play(KIOSK_TEST_MEDIA "/sound.mpg").ok());
  ASSERT_TRUE(PumpUntil(
      player, [&] { return player.GetState() != State::kPlaying; }, 30s));
  EXPECT_EQ(player.GetState(), State::kFailed);
  EXPECT_NE(player.ErrorMessage().find("sound only"), std::string::npos) << player.ErrorMessage();
  EXPECT_LT(player.Position(), 0.25f) << "of its 20 s, not at its end";
}

// [SECTION] Posters

// The middle pixel of a snapshot, as R, G, B.
std::array<int, 3> Middle(const Snapshot& snapshot) {
  const image::Pixels& p = snapshot.pixels;
  const std::uint32_t v = p.rgba[std::size_t(p.height / 2) * p.width + p.width / 2];
  return {int(v & 0xFF), int((v >> 8) & 0xFF), int((v >> 16) & 0xFF)};
}

TEST_F(PlaybackTest, ASnapshotIsThePictureAtTheTimeAskedFittedToItsBox) {
  // Ten colours, a second each, one key frame: at 35 % of 10 s the fourth, yellow.
  base::Result<Snapshot> shot =
      TakeSnapshot(*engine, KIOSK_TEST_MEDIA "/colours.mp4", 0.35f, 160, 160);
  ASSERT_TRUE(shot.ok()) << shot.error();
  EXPECT_NEAR(static_cast<double>(shot.value().lengthMs), 10000, 100);
  EXPECT_EQ(shot.value().pixels.width, 160);  // 320×240 fitted into 160×160
  EXPECT_EQ(shot.value().pixels.height, 120);
  const std::array<int, 3> rgb = Middle(shot.value());
  EXPECT_GT(rgb[0], 200);
  EXPECT_GT(rgb[1], 200);
  EXPECT_LT(rgb[2], 60) << "yellow, not the first picture (red)";
  // A DVD's pixels are not square: its picture has the shape it is shown at (16:9).
  base::Result<Snapshot> dvd = TakeSnapshot(*engine, KIOSK_TEST_MEDIA "/dvd.mpg", 0.1f, 480, 480);
  ASSERT_TRUE(dvd.ok()) << dvd.error();
  EXPECT_NEAR(double(dvd.value().pixels.width) / dvd.value().pixels.height, 16.0 / 9, 0.05);
}

TEST_F(PlaybackTest, ASnapshotOfWhatIsNotAVideoFailsNamingIt) {
  const std::string missing = (temp.path() / "missing.mp4").string();
  base::Result<Snapshot> shot = TakeSnapshot(*engine, missing, 0.1f, 160, 160);
  ASSERT_FALSE(shot.ok());
  EXPECT_NE(shot.error().find(missing), std::string::npos) << shot.error();
  base::Result<Snapshot> sound =
      TakeSnapshot(*engine, KIOSK_TEST_MEDIA "/song.mp3", 0.1f, 160, 160);
  ASSERT_FALSE(sound.ok());
  EXPECT_NE(sound.error().find("song.mp3: no picture"), std::string::npos) << sound.error();
}

TEST_F(PlaybackTest, APosterIsMadeOnceAndKeptByTheFilesHash) {
  const std::string folder = (temp.path() / "posters").string();
  const std::string video = KIOSK_TEST_MEDIA "/clip-1080p.mp4";
  {
    Posters posters(*engine, folder, Wake());
    EXPECT_EQ(posters.Get(video, "cafe"), nullptr) << "asked; made on the worker";
    for (int i = 0; i < 200 && posters.Busy(); ++i) std::this_thread::sleep_for(50ms);
    const Poster* poster = posters.Get(video, "cafe");
    ASSERT_NE(poster, nullptr);
    EXPECT_EQ(poster->picture, folder + "/cafe.png");
    EXPECT_GT(poster->lengthMs, 0);
    base::Result<image::Pixels> png = image::Decode(poster->picture, 1000, 1000);
    ASSERT_TRUE(png.ok()) << png.error();
    EXPECT_EQ(png.value().width, Posters::kPosterWidth);
  }
  // Another start of the kiosk finds it: the same file under another name is not decoded again.
  const auto made = std::filesystem::last_write_time(folder + "/cafe.png");
  Posters again(*engine, folder, Wake());
  again.Get("/nowhere/renamed.mp4", "cafe");
  for (int i = 0; i < 200 && again.Busy(); ++i) std::this_thread::sleep_for(50ms);
  const Poster* poster = again.Get("/nowhere/renamed.mp4", "cafe");
  ASSERT_NE(poster, nullptr);
  EXPECT_EQ(std::filesystem::last_write_time(folder + "/cafe.png"), made);
  // A file no picture comes from is asked once, and has none.
  const std::string song = KIOSK_TEST_MEDIA "/song.mp3";
  again.Get(song, "beef");
  for (int i = 0; i < 300 && again.Busy(); ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(again.Get(song, "beef"), nullptr);
  EXPECT_FALSE(again.Busy());
}

}  // namespace
}  // namespace kiosk::playback
