// The text files publishers really make (issue 13, items 8 and 11): the demo's own sheet and
// subtitles saved the way Chinese Excel and subtitle tools save them (made here with iconv), built
// into a real signed pack, installed, and read back as the Chinese they were; a binary file named
// like a sheet, a wrong header and a trailing comma in JSON refused, naming the file and where.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "base/base.h"
#include "packs/packs.h"
#include "support/temp_dir.h"

namespace kiosk::packs {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;

// Runs a shell command (iconv) and fails the test when it fails.
void Shell(const std::string& command) {
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

// A file converted in place by iconv, to `encoding`.
void Reencode(const fs::path& file, const std::string& encoding) {
  Shell("iconv -f UTF-8 -t " + encoding + " '" + file.string() + "' >'" + file.string() +
        ".new' && mv '" + file.string() + ".new' '" + file.string() + "'");
}

class EncodingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy(KIOSK_DEMO_DIR, m_source, fs::copy_options::recursive);
    ASSERT_TRUE(GenerateKey((m_temp / "bureau").string()).ok());
    fs::create_directories(m_temp / "trust");
    fs::copy_file(m_temp / "bureau.pub", m_temp / "trust/bureau.pub");
  }

  // Builds the source into a signed pack, installs it, and reads the installed content.
  base::Result<Content> BuildAndInstall() {
    const std::string pack = (m_temp / "demo.kpack").string();
    base::Result<Manifest> built =
        BuildPack(m_source.string(), (m_temp / "bureau.key").string(), pack);
    if (!built) return built.failure();
    base::Result<Installed> installed =
        InstallPack(pack, m_store.string(), (m_temp / "trust").string(), Today());
    if (!installed) return installed.failure();
    return LoadContent((m_store / "demo/files").string());
  }

  const Quiz* QuizNamed(const Content& content, const std::string& id) {
    for (const Quiz& q : content.quizzes) {
      if (q.id == id) return &q;
    }
    return nullptr;
  }

  const testing::TempDir m_temp{"kiosk-encoding-test"};
  const fs::path m_source = m_temp / "src";
  const fs::path m_store = m_temp / "store";
};

TEST_F(EncodingTest, ChineseExcelSheetsAndSubtitleToolsFilesShowTheirChinese) {
  const std::string srt = ReadFile(m_source / "videos/wages.zh_CN.srt");
  const std::string srtUtf16 = ReadFile(m_source / "videos/safe-migration.zh_CN.srt");
  ASSERT_NE(srt.find("工资"), std::string::npos) << "the demo's subtitles changed";
  // Excel's "CSV" in a Chinese Windows is GBK; its "Unicode text" is UTF-16LE, BOM, tabs: made
  // from the same sheet, with a quiz of its own.
  const fs::path sheet = m_source / "quizzes/labour-rights.csv";
  std::string tabs;
  for (const auto& [line, cells] : base::ParseCsv(ReadFile(sheet))) {
    for (std::size_t c = 0; c < cells.size(); ++c) tabs += (c ? "\t" : "") + cells[c];
    tabs += "\r\n";
  }
  std::ofstream(m_source / "quizzes/excel.txt", std::ios::binary) << tabs;
  Reencode(m_source / "quizzes/excel.txt", "UTF-16");
  ASSERT_EQ(ReadFile(m_source / "quizzes/excel.txt").substr(0, 2), "\xFF\xFE")
      << "iconv's UTF-16 has a little-endian BOM, as Excel's";
  std::string quiz = ReadFile(m_source / "quizzes/labour-rights.json");
  quiz.replace(quiz.find("labour-rights.csv"), 17, "excel.txt");
  std::ofstream(m_source / "quizzes/excel.json") << quiz;
  Reencode(sheet, "GB18030");
  Reencode(m_source / "videos/wages.zh_CN.srt", "GB18030");
  Reencode(m_source / "videos/safe-migration.zh_CN.srt", "UTF-16");
  // And big-endian UTF-16, whose BOM iconv leaves out when asked for UTF-16BE.
  Reencode(m_source / "topics.json", "UTF-16BE");
  Shell("printf '\\376\\377' | cat - '" + (m_source / "topics.json").string() + "' >'" +
        (m_source / "topics.bom").string() + "' && mv '" + (m_source / "topics.bom").string() +
        "' '" + (m_source / "topics.json").string() + "'");

  base::Result<Content> content = BuildAndInstall();
  ASSERT_TRUE(content.ok()) << content.error();
  for (const char* id : {"labour-rights", "excel"}) {
    const Quiz* q = QuizNamed(content.value(), id);
    ASSERT_NE(q, nullptr) << id;
    ASSERT_GE(q->questions.size(), 7u) << id;
    EXPECT_EQ(q->questions[0].text.at("zh_CN"), "工作时应该和老板签书面劳动合同吗？") << id;
    EXPECT_EQ(q->questions[1].answers[0].text.at("en"), "Double wages for each month") << id;
    EXPECT_EQ(q->questions[6].answers[0].text.at("zh_CN"), "劳动保障监察部门") << id;
  }
  EXPECT_EQ(content.value().topics[0].title.at("zh_CN"), "安全外出务工");
  // The kiosk's player (libvlc) is handed UTF-8, whatever the publisher's tool wrote.
  EXPECT_EQ(ReadFile(m_store / "demo/files/videos/wages.zh_CN.srt"), srt);
  EXPECT_EQ(ReadFile(m_store / "demo/files/videos/safe-migration.zh_CN.srt"), srtUtf16);
  EXPECT_EQ(ReadFile(m_store / "demo/files/quizzes/labour-rights.csv").substr(0, 6), "number");
}

TEST_F(EncodingTest, ABinaryFileNamedLikeASheetIsRefusedNamingTheFileAndWhere) {
  // A real binary: one of the demo's narration recordings, saved over the sheet's name.
  fs::path audio;
  for (const auto& e : fs::recursive_directory_iterator(m_source)) {
    if (e.path().extension() == ".ogg") audio = e.path();
  }
  ASSERT_FALSE(audio.empty());
  fs::copy_file(audio, m_source / "quizzes/labour-rights.csv",
                fs::copy_options::overwrite_existing);
  base::Result<Content> content = BuildAndInstall();
  ASSERT_FALSE(content.ok());
  const std::string& e = content.error();
  EXPECT_NE(e.find("quizzes/labour-rights.csv:1: byte "), std::string::npos) << e;
  EXPECT_NE(e.find("not a text file"), std::string::npos) << e;
  EXPECT_EQ(e.find("labour-rights.json"), std::string::npos)
      << "the quiz that names the sheet is not blamed for it\n"
      << e;
  EXPECT_FALSE(fs::exists(m_temp / "demo.kpack"));
}

TEST_F(EncodingTest, SpreadsheetLeftoversAreIgnoredAndAWrongHeaderSaysWhichColumn) {
  const fs::path sheet = m_source / "quizzes/labour-rights.csv";
  // What a spreadsheet adds: an empty column after the last one, blank rows at the end.
  std::string text = ReadFile(sheet), padded;
  for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    padded += text.substr(start, end - start) + ",\r\n";
  }
  std::ofstream(sheet, std::ios::binary) << padded << ",,,,,,,,,,,,\r\n,,,,,,,,,,,,\r\n";
  base::Result<Content> content = BuildAndInstall();
  ASSERT_TRUE(content.ok()) << content.error();
  base::Result<Content> demo = LoadContent(KIOSK_DEMO_DIR);
  ASSERT_TRUE(demo.ok()) << demo.error();
  EXPECT_EQ(QuizNamed(content.value(), "labour-rights")->questions.size(),
            QuizNamed(demo.value(), "labour-rights")->questions.size());

  std::string wrong = ReadFile(sheet);
  wrong.replace(wrong.find("question"), 8, "questoin");
  std::ofstream(sheet, std::ios::binary) << wrong;
  base::Result<Manifest> built = BuildPack(m_source.string(), (m_temp / "bureau.key").string(),
                                           (m_temp / "wrong.kpack").string());
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.error().find("labour-rights.csv:1: column 4: expected 'question', found "
                               "'questoin'"),
            std::string::npos)
      << built.error();
  EXPECT_EQ(built.error().find("has no questions"), std::string::npos) << built.error();
}

TEST_F(EncodingTest, ATrailingCommaInTopicsIsShownWhereItIsAndBlamesNoOtherFile) {
  std::string topics = ReadFile(m_source / "topics.json");
  const std::size_t last = topics.rfind('}');
  topics.insert(last + 1, ",");
  std::ofstream(m_source / "topics.json", std::ios::binary) << topics;
  int line = 1;
  for (std::size_t i = 0; i <= last + 1; ++i) line += topics[i] == '\n';
  base::Result<Manifest> built = BuildPack(m_source.string(), (m_temp / "bureau.key").string(),
                                           (m_temp / "demo.kpack").string());
  ASSERT_FALSE(built.ok());
  const std::string& e = built.error();
  // The ']' after the comma is where JSON stopped: the next line, first column.
  EXPECT_NE(e.find("topics.json:" + std::to_string(line + 1) + ":1: not valid JSON"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("remove the comma"), std::string::npos) << e;
  EXPECT_EQ(e.find("is not in topics.json"), std::string::npos) << e;
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 0) << "one problem, not its follow-ons\n" << e;
}

}  // namespace
}  // namespace kiosk::packs
