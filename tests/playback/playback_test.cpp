// Playback with real libvlc decoding: the demo pack's videos and narration, a 1080p clip whose
// decoder pads it to 1088 lines, and files that cannot be played. Real time passes here: VLC
// plays on its own clock.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
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

}  // namespace
}  // namespace kiosk::playback
