// Videos checked by their content when a pack is built: the files a publisher really mistakes for
// videos (an MP3, an MP3 with its cover picture, a photo, an empty file, a text file renamed
// .mp4) are refused naming the file; real videos, a DVD's MPEG-2 among them, pass. Made with
// ffmpeg at build time (tests/playback/make_test_media.sh).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "packs/packs.h"
#include "support/temp_dir.h"

namespace kiosk::packs {
namespace {

namespace fs = std::filesystem;

class MediaProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(GenerateKey((dir / "publisher").string()).ok());
    fs::create_directories(dir / "src/videos");
    std::ofstream(dir / "src/pack.json")
        << R"({"id": "films", "version": 1, "expires": "2099-12-31", "publisher": "Bureau"})";
    std::ofstream(dir / "src/topics.json") << R"([{"id": "work", "title": {"en": "Work"}}])";
  }

  // A source folder whose one video, in English, is `file` (copied from `from`, when given).
  void OneVideo(const std::string& file, const std::string& from) {
    if (!from.empty()) fs::copy_file(from, dir / "src/videos" / file);
    std::ofstream(dir / "src/videos.json")
        << R"([{"id": "wages", "topic": "work", "title": {"en": "Wages"}, "files": {"en": "videos/)"
        << file << R"("}}])";
  }

  base::Result<Manifest> Build() {
    return BuildPack((dir / "src").string(), (dir / "publisher.key").string(),
                     (dir / "films.kpack").string());
  }

  testing::TempDir temp{"kiosk-media-probe-test"};
  const fs::path dir = temp.path();
};

TEST_F(MediaProbeTest, RealVideosPass) {
  for (const char* file : {"clip-1080p.mp4", "anamorphic.mp4", "dvd.mpg", "colours.mp4"}) {
    const base::Result<bool> probed = ProbeVideo(std::string(KIOSK_TEST_MEDIA "/") + file);
    EXPECT_TRUE(probed.ok()) << file << ": " << probed.error();
  }
}

TEST_F(MediaProbeTest, WhatIsNotAVideoIsNamedAndSaidWhatItIs) {
  std::ofstream(dir / "empty.mp4");
  std::ofstream(dir / "notes.mp4") << "Wages are paid monthly.\nAsk for a written contract.\n";
  const std::pair<std::string, std::string> cases[] = {
      {KIOSK_TEST_MEDIA "/song.mp3", "sound only"},
      {KIOSK_TEST_MEDIA "/song-with-cover.mp3", "cover picture"},
      {KIOSK_TEST_MEDIA "/sound.mpg", "sound only"},
      {KIOSK_TEST_MEDIA "/photo.jpg", "picture"},
      {(dir / "empty.mp4").string(), "no video format"},
      {(dir / "notes.mp4").string(), "no video format"},
  };
  for (const auto& [path, why] : cases) {
    const base::Result<bool> probed = ProbeVideo(path);
    ASSERT_FALSE(probed.ok()) << path << " was taken for a video";
    EXPECT_NE(probed.error().find(path + ": not a video"), std::string::npos) << probed.error();
    EXPECT_NE(probed.error().find(why), std::string::npos) << probed.error();
  }
}

TEST_F(MediaProbeTest, PackBuildRefusesAnMp3GivenAsAVideoAndWritesNothing) {
  OneVideo("wages.mp3", KIOSK_TEST_MEDIA "/song-with-cover.mp3");
  const base::Result<Manifest> built = Build();
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.error().find("videos/wages.mp3: not a video"), std::string::npos)
      << built.error();
  EXPECT_NE(built.error().find("\"wages\""), std::string::npos) << "which video: " << built.error();
  EXPECT_FALSE(fs::exists(dir / "films.kpack"));
}

TEST_F(MediaProbeTest, PackBuildRefusesAPhotoAndAnEmptyFileNamedMp4) {
  OneVideo("wages.mp4", KIOSK_TEST_MEDIA "/photo.jpg");
  base::Result<Manifest> built = Build();
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.error().find("videos/wages.mp4: not a video: it is a picture"), std::string::npos)
      << built.error();

  std::ofstream(dir / "src/videos/wages.mp4", std::ios::trunc);  // a copy that never finished
  built = Build();
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.error().find("videos/wages.mp4: not a video"), std::string::npos)
      << built.error();
}

TEST_F(MediaProbeTest, PackBuildTakesADvdsMpeg2) {
  OneVideo("wages.mpg", KIOSK_TEST_MEDIA "/dvd.mpg");
  const base::Result<Manifest> built = Build();
  EXPECT_TRUE(built.ok()) << built.error();
}

TEST_F(MediaProbeTest, KioskctlExitsWith2NamingTheFile) {
  OneVideo("wages.mp4", KIOSK_TEST_MEDIA "/song.mp3");
  const std::string command = std::string(KIOSKCTL) + " pack build '" + (dir / "src").string() +
                              "' --key '" + (dir / "publisher.key").string() + "' --out '" +
                              (dir / "films.kpack").string() + "' 2>'" + (dir / "err").string() +
                              "'";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2) << "bad input";
  const std::string err = testing::ReadFile(dir / "err");
  EXPECT_NE(err.find("videos/wages.mp4: not a video: it holds sound only"), std::string::npos)
      << err;
}

}  // namespace
}  // namespace kiosk::packs
