// Picture answers and leaflet pages checked when a pack is built, as the kiosk will decode them:
// pictures made by ImageMagick pass; a decompression bomb, a JPEG cut short, a GIF named .png, a
// PDF and a picture of 1×1 are refused by kioskctl with exit 2, naming the file, the reason and
// the answer or page that names it, and nothing is written.
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

class PackPicturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(GenerateKey((dir / "publisher").string()).ok());
    fs::create_directories(dir / "src/quizzes");
    fs::create_directories(dir / "src/pictures");
    std::ofstream(dir / "src/pack.json")
        << R"({"id": "help", "version": 1, "expires": "2099-12-31", "publisher": "Bureau"})";
    std::ofstream(dir / "src/topics.json") << R"([{"id": "work", "title": {"en": "Work"}}])";
    std::ofstream(dir / "src/quizzes/help.json") << R"({"topic": "work", "title": {"en": "Help"},
      "questions": [{"kind": "single", "text": {"en": "Where can you ask for help?"},
        "explanation": {"en": "At the Women's Home."},
        "answers": [
          {"text": {"en": "The Women's Home"}, "correct": true, "picture": "pictures/home.png"},
          {"text": {"en": "A stranger's car"}, "picture": "pictures/car.jpg"},
          {"text": {"en": "A bar at night"}, "picture": "pictures/bar.webp"}]}]})";
    fs::create_directories(dir / "src/leaflets");
    std::ofstream(dir / "src/leaflets/check.json") << R"({"topic": "work",
      "title": {"en": "What to check"},
      "pages": {"en": ["pictures/page-1.png", "pictures/page-2.jpg"]}})";
    Convert("-size 620x877 xc:white", "page-1.png");
    Convert("-size 620x877 xc:ivory", "page-2.jpg");
    Convert("-size 400x300 xc:skyblue", "home.png");
    Convert("-size 400x300 xc:purple -interlace JPEG", "car.jpg");
    Convert("-size 400x300 xc:navy", "bar.webp");
  }

  void Convert(const std::string& args, const std::string& out) {
    const std::string command =
        "convert " + args + " '" + (dir / "src/pictures" / out).string() + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }

  // kioskctl pack build: its exit status, and what it said in `*err`.
  int Build(std::string* err) {
    const std::string command = std::string(KIOSKCTL) + " pack build '" + (dir / "src").string() +
                                "' --key '" + (dir / "publisher.key").string() + "' --out '" +
                                (dir / "help.kpack").string() + "' 2>'" + (dir / "err").string() +
                                "'";
    const int status = std::system(command.c_str());
    *err = testing::ReadFile(dir / "err");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  testing::TempDir temp{"kiosk-pack-pictures-test"};
  const fs::path dir = temp.path();
};

TEST_F(PackPicturesTest, PngJpegAndWebpPass) {
  std::string err;
  EXPECT_EQ(Build(&err), 0) << err;
  EXPECT_TRUE(fs::exists(dir / "help.kpack"));
}

TEST_F(PackPicturesTest, BadPicturesAreRefusedNamingFileReasonAndAnswer) {
  // A PNG whose header claims 100000×100000 pixels.
  std::string png = testing::ReadFile(dir / "src/pictures/home.png");
  for (int at : {16, 20}) png.replace(at, 4, std::string("\x00\x01\x86\xA0", 4));
  std::ofstream(dir / "src/pictures/home.png", std::ios::binary | std::ios::trunc) << png;
  // A JPEG whose copy stopped half way.
  const std::string jpeg = testing::ReadFile(dir / "src/pictures/car.jpg");
  std::ofstream(dir / "src/pictures/car.jpg", std::ios::binary | std::ios::trunc)
      << jpeg.substr(0, jpeg.size() / 2);
  // A GIF renamed.
  fs::remove(dir / "src/pictures/bar.webp");
  Convert("-size 64x64 xc:navy", "bar.gif");
  fs::rename(dir / "src/pictures/bar.gif", dir / "src/pictures/bar.webp");

  // A leaflet page that is a PDF, and another 1×1 pixel.
  std::ofstream(dir / "src/pictures/page-1.png", std::ios::binary | std::ios::trunc)
      << "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n";
  Convert("-size 1x1 xc:white", "page-2.jpg");

  std::string err;
  EXPECT_EQ(Build(&err), 2) << "bad input: " << err;
  for (const char* expected :
       {"pictures/home.png: PNG of 100000×100000 pixels: too large (at most 8192 a side and 40 "
        "megapixels) (quiz \"help\": questions[0].answers[0].picture)",
        "pictures/car.jpg: not a whole JPEG picture: it is cut short (quiz \"help\": "
        "questions[0].answers[1].picture)",
        "pictures/bar.webp: not a PNG, JPEG or WebP picture: it is a GIF picture (quiz \"help\": "
        "questions[0].answers[2].picture)",
        "pictures/page-1.png: not a PNG, JPEG or WebP picture: it is a PDF document (leaflet "
        "\"check\": pages.en[0])",
        "(leaflet \"check\": pages.en[1])"}) {
    EXPECT_NE(err.find(expected), std::string::npos) << expected << "\nin: " << err;
  }
  EXPECT_FALSE(fs::exists(dir / "help.kpack"));
}

}  // namespace
}  // namespace kiosk::packs
