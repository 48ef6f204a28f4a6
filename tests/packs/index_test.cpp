// A kiosk starts from an installed pack's index, not from every question (issue 13, item 14):
// the catalog it reads holds what the demo's content holds but the questions, which are read when
// a quiz is opened and are then the same; a pack installed without an index is read whole.
#include <gtest/gtest.h>

#include <filesystem>

#include "packs/packs.h"
#include "support/temp_dir.h"

namespace kiosk::packs {
namespace {

namespace fs = std::filesystem;

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(GenerateKey((m_temp / "bureau").string()).ok());
    fs::create_directories(m_temp / "trust");
    fs::copy_file(m_temp / "bureau.pub", m_temp / "trust/bureau.pub");
    const std::string pack = (m_temp / "demo.kpack").string();
    ASSERT_TRUE(BuildPack(KIOSK_DEMO_DIR, (m_temp / "bureau.key").string(), pack).ok());
    base::Result<Installed> installed =
        InstallPack(pack, m_store.string(), (m_temp / "trust").string(), Today());
    ASSERT_TRUE(installed.ok()) << installed.error();
    base::Result<Content> whole = LoadContent(KIOSK_DEMO_DIR);
    ASSERT_TRUE(whole.ok()) << whole.error();
    m_whole = whole.value();
  }

  const testing::TempDir m_temp{"kiosk-index-test"};
  const fs::path m_store = m_temp / "store";
  Content m_whole;
};

TEST_F(IndexTest, TheCatalogHasEveryTitleAndQuestionsAreReadWhenAQuizOpens) {
  ASSERT_TRUE(fs::exists(m_store / "demo/index.json"));
  base::Result<Content> catalog = LoadCatalog((m_store / "demo").string());
  ASSERT_TRUE(catalog.ok()) << catalog.error();
  const Content& c = catalog.value();
  ASSERT_EQ(c.topics.size(), m_whole.topics.size());
  EXPECT_EQ(c.topics[0].picture, m_whole.topics[0].picture);
  ASSERT_EQ(c.videos.size(), m_whole.videos.size());
  ASSERT_EQ(c.leaflets.size(), m_whole.leaflets.size());
  EXPECT_EQ(c.leaflets[0].title, m_whole.leaflets[0].title);
  EXPECT_EQ(c.leaflets[0].pages, m_whole.leaflets[0].pages);
  EXPECT_EQ(c.videos[0].subtitles, m_whole.videos[0].subtitles);
  ASSERT_EQ(c.help.size(), m_whole.help.size());
  EXPECT_EQ(c.help[0].contacts.size(), m_whole.help[0].contacts.size());
  ASSERT_EQ(c.quizzes.size(), m_whole.quizzes.size());
  ASSERT_EQ(c.contests.size(), m_whole.contests.size());
  ASSERT_EQ(c.surveys.size(), m_whole.surveys.size());
  for (std::size_t i = 0; i < c.quizzes.size(); ++i) {
    Quiz quiz = c.quizzes[i];
    EXPECT_EQ(quiz.title, m_whole.quizzes[i].title);
    EXPECT_TRUE(quiz.questions.empty()) << "read at start: " << quiz.id;
    EXPECT_EQ(quiz.questionCount, m_whole.quizzes[i].questions.size());
    ASSERT_TRUE(LoadQuestions((m_store / "demo/files").string(), &quiz, false).ok());
    ASSERT_EQ(quiz.questions.size(), m_whole.quizzes[i].questions.size());
    EXPECT_EQ(quiz.questions.back().answers[0].text,
              m_whole.quizzes[i].questions.back().answers[0].text);
  }
  Quiz contest = c.contests[0];
  ASSERT_TRUE(LoadQuestions((m_store / "demo/files").string(), &contest, true).ok());
  EXPECT_EQ(contest.tiebreak.size(), m_whole.contests[0].tiebreak.size());
  Survey survey = c.surveys[0];
  EXPECT_EQ(survey.questionCount, m_whole.surveys[0].questions.size());
  ASSERT_TRUE(LoadQuestions((m_store / "demo/files").string(), &survey).ok());
  EXPECT_EQ(survey.questions.size(), m_whole.surveys[0].questions.size());
}

TEST_F(IndexTest, APackInstalledWithoutAnIndexIsReadWhole) {
  fs::remove(m_store / "demo/index.json");
  base::Result<Content> catalog = LoadCatalog((m_store / "demo").string());
  ASSERT_TRUE(catalog.ok()) << catalog.error();
  ASSERT_EQ(catalog.value().quizzes.size(), m_whole.quizzes.size());
  EXPECT_EQ(catalog.value().quizzes[0].questions.size(), m_whole.quizzes[0].questions.size());
}

TEST_F(IndexTest, AFileCutShortSinceTheInstallIsFoundAtStart) {
  const fs::path sheet = m_store / "demo/files/quizzes/labour-rights.csv";
  fs::resize_file(sheet, fs::file_size(sheet) - 1);
  base::Result<Content> catalog = LoadCatalog((m_store / "demo").string());
  ASSERT_FALSE(catalog.ok());
  EXPECT_NE(catalog.error().find(sheet.string() + ": "), std::string::npos) << catalog.error();
  EXPECT_NE(catalog.error().find("damaged since"), std::string::npos) << catalog.error();
}

TEST_F(IndexTest, AQuizDamagedSinceItsInstallSaysWhichFileWhenOpened) {
  base::Result<Content> catalog = LoadCatalog((m_store / "demo").string());
  ASSERT_TRUE(catalog.ok()) << catalog.error();
  Quiz quiz = catalog.value().quizzes[0];
  const fs::path file = m_store / "demo/files/quizzes" / (quiz.id + ".json");
  fs::resize_file(file, fs::file_size(file) / 2);
  base::Result<bool> loaded = LoadQuestions((m_store / "demo/files").string(), &quiz, false);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().find(file.string() + ":"), std::string::npos) << loaded.error();
  EXPECT_TRUE(quiz.questions.empty());
}

}  // namespace
}  // namespace kiosk::packs
