// The content model: the demo pack that the build makes loads whole, and a broken source is
// reported file by file, field by field, all at once.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "packs/packs.h"
#include "support/temp_dir.h"

namespace kiosk::packs {
namespace {

namespace fs = std::filesystem;

TEST(ContentTest, TheDemoPackHasWhatStaffWereToldItHas) {
  base::Result<Content> content = LoadContent(KIOSK_DEMO_DIR);
  ASSERT_TRUE(content.ok()) << content.error();
  const Content& c = content.value();
  EXPECT_EQ(c.topics.size(), 4u);
  ASSERT_EQ(c.videos.size(), 3u);
  for (const Video& v : c.videos) {
    EXPECT_TRUE(v.files.count("zh_CN") && v.files.count("en")) << v.id;
    EXPECT_TRUE(v.subtitles.count("zh_CN")) << v.id;
  }
  ASSERT_EQ(c.quizzes.size(), 2u);
  for (const Quiz& q : c.quizzes) {
    // The safe migration quiz ends with a question answered by pictures.
    EXPECT_EQ(q.questions.size(), q.id == "safe-migration" ? 9u : 8u) << q.id;
    for (const Question& question : q.questions) {
      EXPECT_TRUE(question.text.count("zh_CN") && question.text.count("en")) << q.id;
      EXPECT_FALSE(question.explanation.empty()) << q.id << ": every answer is explained";
    }
  }
  ASSERT_EQ(c.contests.size(), 1u);
  EXPECT_EQ(c.contests[0].questions.size(), 10u);
  for (const Quiz* set : {&c.quizzes[1], &c.contests[0]}) {
    EXPECT_TRUE(std::any_of(set->questions.begin(), set->questions.end(),
                            [](const Question& q) {
                              return std::all_of(q.answers.begin(), q.answers.end(),
                                                 [](const Answer& a) {
                                                   return !a.picture.empty() && !a.text.empty();
                                                 });
                            }))
        << set->id << ": a question answered by captioned pictures";
  }
  EXPECT_GE(c.contests[0].tiebreak.size(), 1u) << "a level contest can be decided";
  ASSERT_EQ(c.surveys.size(), 1u);
  for (const Question& q : c.surveys[0].questions) {
    for (const Answer& a : q.answers) EXPECT_FALSE(a.correct) << "a survey has no right answer";
  }
  // A printed leaflet of four pages, in both languages, and a picture for every topic.
  ASSERT_EQ(c.leaflets.size(), 1u);
  EXPECT_EQ(c.leaflets[0].topic, "safe-migration");
  EXPECT_EQ(c.leaflets[0].pages.at("zh_CN").size(), 4u);
  EXPECT_EQ(c.leaflets[0].pages.at("en").size(), 4u);
  for (const Topic& t : c.topics) EXPECT_FALSE(t.picture.empty()) << t.id;
  ASSERT_EQ(c.help.size(), 1u);
  std::vector<std::string> numbers;
  for (const auto& contact : c.help[0].contacts) numbers.push_back(contact.number);
  for (const char* n : {"110", "12348", "12333"}) {
    EXPECT_NE(std::find(numbers.begin(), numbers.end(), n), numbers.end()) << n;
  }
  EXPECT_NE(c.help[0].body.at("en").find("verify"), std::string::npos);
}

TEST(ContentTest, QuestionsFromASpreadsheetKeepTheirAnswersAndLanguages) {
  base::Result<Content> content = LoadContent(KIOSK_DEMO_DIR);
  ASSERT_TRUE(content.ok()) << content.error();
  const Quiz* sheet = nullptr;
  for (const Quiz& q : content.value().quizzes) {
    if (q.id == "labour-rights") sheet = &q;
  }
  ASSERT_NE(sheet, nullptr);
  EXPECT_TRUE(sheet->shuffle);
  const Question& multiple = sheet->questions[6];
  EXPECT_EQ(multiple.kind, Question::Kind::kMultiple);
  ASSERT_EQ(multiple.answers.size(), 3u);
  EXPECT_TRUE(multiple.answers[0].correct && multiple.answers[1].correct);
  EXPECT_FALSE(multiple.answers[2].correct);
  EXPECT_EQ(multiple.answers[0].text.at("zh_CN"), "劳动保障监察部门");
}

TEST(ContentTest, WrongTypesAndOutsidePathsAreProblemsNotCrashes) {
  const testing::TempDir temp("kiosk-content-test");
  const fs::path& dir = temp.path();
  fs::create_directories(dir / "help");
  fs::create_directories(dir / "surveys");
  std::ofstream(dir / "topics.json") << R"([{"id": "help", "title": {"en": "Help"}}])";
  std::ofstream(dir / "videos.json")
      << R"([{"id": "v", "topic": "help", "title": {"en": "V"}, "files": {"en": "/etc/passwd"}}])";
  std::ofstream(dir / "help/lines.json")
      << R"({"title": {"en": "Lines"}, "contacts": [{"name": {"en": "Police"}, "number": 110}]})";
  std::ofstream(dir / "surveys/s.json") << R"({"title": {"en": "S"}, "questions": {}})";
  base::Result<Content> content = LoadContent(dir.string());
  ASSERT_FALSE(content.ok());
  const std::string& e = content.error();
  EXPECT_NE(e.find("files.en: '/etc/passwd' is absolute"), std::string::npos) << e;
  EXPECT_NE(e.find("lines.json: a value has the wrong type"), std::string::npos) << e;
  EXPECT_NE(e.find("s.json"), std::string::npos) << e;
}

TEST(ContentTest, EveryProblemInASourceIsReportedWithFileAndField) {
  const testing::TempDir temp("kiosk-content-test");
  const fs::path& dir = temp.path();
  fs::create_directories(dir / "quizzes");
  std::ofstream(dir / "topics.json") << R"([{"id": "rights", "title": {"zh_CN": "权益"}}])";
  std::ofstream(dir / "videos.json")
      << R"([{"id": "v", "topic": "nowhere", "title": {"en": "V"}, "files": {"en": "v.mp4"},
              "poster": {"en": "posters/v.png"}}])";
  std::ofstream(dir / "quizzes/q.json") << R"({"topic": "rights", "title": {"english": ""},
    "questions": [{"kind": "single", "text": {"en": "?"}, "explanation": {"en": "."},
                   "answers": [{"text": {"en": "a"}, "correct": true},
                               {"text": {"en": "b"}, "correct": true}]}]})";
  std::ofstream(dir / "quizzes/sheet.json")
      << R"({"topic": "rights", "title": {"en": "S"}, "questions_csv": "sheet.csv"})";
  std::ofstream(dir / "quizzes/sheet.csv")
      << "number,language,kind,question,answer_1,answer_2,answer_3,answer_4,answer_5,answer_6,"
         "correct,explanation\n1,en,single,Q,a,b,,,,,seven,E\n2,en,single,Q\n"
         "3,en,single,Q,a,b,,,,,1,E\n3,zh_CN,single,问,甲,乙,,,,,2,解\n3,en,single,Q,a,b,,,,,1,E\n";
  base::Result<Content> content = LoadContent(dir.string());
  ASSERT_FALSE(content.ok());
  const std::string& e = content.error();
  for (const char* expected :
       {"videos.json: [0]: topic: 'nowhere' is not in topics.json",
        "videos.json: [0]: files.en: 'v.mp4' is not a file in the pack",
        "videos.json: [0]: poster.en: 'posters/v.png' is not a file in the pack",
        "q.json: title.english:",
        "q.json: questions[0].answers: needs exactly one correct answer, has 2",
        "sheet.csv:2: correct: 'seven'", "sheet.csv:3: has 4 columns",
        "sheet.csv:5: kind and correct must be those of line 4",
        "sheet.csv:6: question 3 has a second 'en' row"}) {
    EXPECT_NE(e.find(expected), std::string::npos) << expected << "\n" << e;
  }
}

TEST(ContentTest, ALeafletNamesItsPagesPerLanguageEachAPictureInThePack) {
  const testing::TempDir temp("kiosk-content-test");
  const fs::path& dir = temp.path();
  fs::create_directories(dir / "leaflets");
  fs::create_directories(dir / "pages");
  std::ofstream(dir / "pages/1.png") << "a page";
  std::ofstream(dir / "topics.json")
      << R"([{"id": "work", "title": {"en": "Work"}, "picture": "pages/work.png"}])";
  std::ofstream(dir / "leaflets/good.json") << R"({"topic": "work", "title": {"en": "Good"},
    "pages": {"en": ["pages/1.png"], "zh_CN": ["pages/1.png"]}})";
  std::ofstream(dir / "leaflets/none.json") << R"({"topic": "work", "title": {"en": "None"}})";
  std::ofstream(dir / "leaflets/bad.json") << R"({"topic": "play", "title": {"en": "Bad"},
    "pages": {"english": ["pages/1.png"], "en": [], "th": ["pages/1.png", "pages/2.png"],
              "vi": "pages/1.png"}})";
  base::Result<Content> content = LoadContent(dir.string());
  ASSERT_FALSE(content.ok());
  const std::string& e = content.error();
  for (const char* expected :
       {"topics.json: [0].picture: 'pages/work.png' is not a file in the pack",
        "none.json: pages: must list each language's page pictures",
        "bad.json: topic: 'play' is not in topics.json",
        "bad.json: pages.english: is not a language code",
        "bad.json: pages.en: must list 1 to 100 page pictures",
        "bad.json: pages.th[1]: 'pages/2.png' is not a file in the pack",
        "bad.json: pages.vi: must list 1 to 100 page pictures"}) {
    EXPECT_NE(e.find(expected), std::string::npos) << expected << "\n" << e;
  }
  EXPECT_EQ(e.find("good.json"), std::string::npos) << e;
}

TEST(ContentTest, AContestQuestionHasOneRightAnswerOfAtMostFourAndOnlyAContestHasTieBreaks) {
  const testing::TempDir temp("kiosk-content-test");
  const fs::path& dir = temp.path();
  fs::create_directories(dir / "quizzes");
  fs::create_directories(dir / "contests");
  const std::string question = R"({"kind": "KIND", "text": {"en": "?"}, "explanation": {"en": "."},
    "answers": [{"text": {"en": "a"}, "correct": true}, {"text": {"en": "b"}, "correct": true}]})";
  auto with = [&](const char* kind) {
    return std::regex_replace(question, std::regex("KIND"), kind);
  };
  const std::string five = R"({"kind": "single", "text": {"en": "?"}, "explanation": {"en": "."},
    "answers": [{"text": {"en": "a"}, "correct": true}, {"text": {"en": "b"}},
                {"text": {"en": "c"}}, {"text": {"en": "d"}}, {"text": {"en": "e"}}]})";
  std::ofstream(dir / "contests/kids.json")
      << R"({"title": {"en": "K"}, "questions": [)" << with("single") << "," << five
      << R"(], "tiebreak": [)" << with("multiple") << "]}";
  std::ofstream(dir / "quizzes/q.json")
      << R"({"title": {"en": "Q"}, "questions": [)" << with("multiple") << R"(], "tiebreak": []})";
  base::Result<Content> content = LoadContent(dir.string());
  ASSERT_FALSE(content.ok());
  const std::string& e = content.error();
  for (const char* expected :
       {"kids.json: questions[0].answers: needs exactly one correct answer, has 2",
        "kids.json: tiebreak[0].kind: a contest question has one right answer",
        "kids.json: questions[1].answers: a contest question has 2 to 4 answers, not 5",
        "q.json: tiebreak: only a contest set has tie-break questions"}) {
    EXPECT_NE(e.find(expected), std::string::npos) << expected << "\n" << e;
  }
  EXPECT_EQ(e.find("q.json: questions[0].kind"), std::string::npos)
      << "a quiz may have several right answers\n"
      << e;
}

}  // namespace
}  // namespace kiosk::packs
