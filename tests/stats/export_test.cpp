// What leaves the kiosk and what the federation makes of it: exports from a real SQLite file, the
// suppression of small survey cells, the CSV read back, the merge of many centres (the same file
// twice counted once), the report, and the kiosk's id.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "stats/stats.h"
#include "support/temp_dir.h"

namespace kiosk::stats {
namespace {

namespace fs = std::filesystem;

class ExportTest : public ::testing::Test {
 protected:
  // Counts made through the kiosk's own Counter, on the days given, read back from SQLite.
  std::vector<Row> Counted(const std::function<void(Counter&, std::string& day)>& use) {
    std::string day = "2026-06-01";
    base::Result<std::unique_ptr<Counter>> counter = Counter::Open(
        temp.path().string(), [&day] { return day; }, nullptr);
    EXPECT_TRUE(counter.ok()) << counter.error();
    use(*counter.value(), day);
    EXPECT_TRUE(counter.value()->Flush().ok());
    return counter.value()->Rows().value();
  }

  static const ExportRow* FindRow(const std::vector<ExportRow>& rows, std::string_view event,
                                  std::string_view day, std::string_view detail = {}) {
    for (const ExportRow& row : rows) {
      if (row.event == event && row.day == day && row.detail == detail) return &row;
    }
    return nullptr;
  }

  testing::TempDir temp{"kiosk-export-test"};
};

TEST_F(ExportTest, SurveyAnswersGoByMonthOnceItIsOverAndAreHiddenWhenFewerThanFive) {
  const std::vector<Row> rows = Counted([](Counter& c, std::string& day) {
    for (const char* d : {"2026-06-01", "2026-06-02", "2026-06-20"}) {
      day = d;
      c.Count(Event::kSessionStarted, "", "", "zh_CN");
      c.Count(Event::kSurveyAnswer, "demo", "needs", "zh_CN", "1/2");  // 3 in June: hidden
      c.Count(Event::kSurveyAnswer, "demo", "needs", "th", "2/1");
      c.Count(Event::kSurveyAnswer, "demo", "needs", "en", "2/1");  // 6 in June: shown
    }
    day = "2026-07-01";
    for (int i = 0; i < 5; ++i) c.Count(Event::kSurveyAnswer, "demo", "needs", "vi", "1/2");
  });
  for (const Row& row : rows) {
    if (row.event == "survey_answer") {
      EXPECT_EQ(row.day.size(), 7u) << "the kiosk itself keeps answers by month";
      EXPECT_EQ(row.lang, "") << "and without their language";
    }
  }
  const std::vector<ExportRow> out = ExportRows(rows, "Mengla", "k1", "2026-08-15");
  const ExportRow* june12 = FindRow(out, "survey_answer", "2026-06", "1/2");
  ASSERT_NE(june12, nullptr) << "survey answers are summed by month";
  EXPECT_FALSE(june12->count) << "3 answers in a month are not shown";
  const ExportRow* june21 = FindRow(out, "survey_answer", "2026-06", "2/1");
  ASSERT_NE(june21, nullptr);
  EXPECT_EQ(june21->count, 6) << "over every language";
  EXPECT_EQ(FindRow(out, "survey_answer", "2026-07", "1/2")->count, 5) << "5 is shown";
  const ExportRow* visits = FindRow(out, "session_started", "2026-06-02");
  ASSERT_NE(visits, nullptr) << "everything else stays per day";
  EXPECT_EQ(visits->count, 1);
  EXPECT_EQ(visits->lang, "zh_CN");
  for (const ExportRow& row : out) {
    EXPECT_EQ(row.centre, "Mengla");
    EXPECT_EQ(row.kiosk, "k1");
  }
  // In July, July's answers are not exported yet: two exports within a month would differ by
  // the answers given between them.
  const std::vector<ExportRow> july = ExportRows(rows, "Mengla", "k1", "2026-07-20");
  EXPECT_EQ(FindRow(july, "survey_answer", "2026-07", "1/2"), nullptr);
  EXPECT_NE(FindRow(july, "survey_answer", "2026-06", "2/1"), nullptr);
}

TEST_F(ExportTest, TheCsvReadsBackAsWrittenAndIsSafeInASpreadsheet) {
  const std::vector<ExportRow> rows = {{"Jinghong, \"city\" drop-in", "k2", "2026-06-01",
                                        "video_started", "demo", "wages", "my", "", 7},
                                       {"=HYPERLINK(\"http://x\")", "k3", "2026-06",
                                        "survey_answer", "demo", "needs", "", "1/2", std::nullopt}};
  const std::string csv = ToCsv(rows);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF") << "marked as UTF-8 for spreadsheets";
  EXPECT_NE(csv.find("centre,kiosk,day,event,pack,item,lang,detail,count\r\n"), std::string::npos);
  EXPECT_NE(csv.find(",<5\r\n"), std::string::npos) << "a hidden count is written <5";
  EXPECT_NE(csv.find("\"'=HYPERLINK("), std::string::npos) << "a formula is written as text";
  base::Result<std::vector<ExportRow>> read = ParseExport(csv, "a.csv");
  ASSERT_TRUE(read.ok()) << read.error();
  ASSERT_EQ(read.value().size(), 2u);
  EXPECT_EQ(read.value()[0].centre, "Jinghong, \"city\" drop-in");
  EXPECT_EQ(read.value()[0].count, 7);
  EXPECT_EQ(read.value()[1].centre, "=HYPERLINK(\"http://x\")") << "and read back as written";
  EXPECT_FALSE(read.value()[1].count);
}

TEST_F(ExportTest, ABrokenOrUnsafeExportIsRefusedNamingFileLineAndColumn) {
  EXPECT_NE(ParseExport("day,count\r\n", "x.csv").error().find("x.csv:1: not a usage export"),
            std::string::npos);
  const std::string bad =
      "centre,kiosk,day,event,pack,item,lang,detail,count\n"
      "A,k,2026-06-01,session_started,,,en,,lots\n"
      "A,k,2026-13-40,session_started,,,en,,1\n"
      "A,k,2026-06-01\n"
      "A,k,2026-06-01,session_started,,,en,,+5\n"
      "A,k,2026-06-01,session_started,,,en,,99999999999999999999\n"
      "A,k,2026-06,survey_answer,demo,needs,,1/2,3\n"
      "A,k,2026-06-01,survey_answer,demo,needs,,1/2,<5\n"
      "A\x01,k,2026-06-01,session_started,,,en,,1\n";
  base::Result<std::vector<ExportRow>> read = ParseExport(bad, "x.csv");
  ASSERT_FALSE(read.ok());
  for (const char* expected :
       {"x.csv:2:9: count: 'lots' is not a count", "x.csv:3:3: day: '2026-13-40'",
        "x.csv:4: has 3 columns, not 9", "x.csv:5:9: count: '+5'",
        "x.csv:6:9: count: '99999999999999999999'", "x.csv:7: a survey answer must be by month",
        "x.csv:8: a survey answer must be by month", "x.csv:9: is not clean UTF-8 text"}) {
    EXPECT_NE(read.error().find(expected), std::string::npos) << expected << "\n" << read.error();
  }
}

TEST_F(ExportTest, CellsASpreadsheetWouldTurnIntoDatesOrNumbersAreWrittenAsText) {
  // What Excel makes of a cell on opening a CSV: 1/4 and 3-1 are dates (4-Jan, 1-Mar), 1e5 and
  // 120034005678 numbers (100000, 1.2E+11), 80-100 near enough.
  const std::vector<ExportRow> rows = {
      {"Mengla", "120034005678", "2026-06", "survey_answer", "demo", "needs", "", "1/4", 7},
      {"Mengla", "5e1234567890", "2026-06-01", "quiz_completed", "3-1", "1e5", "en", "80-100", 2},
      {"Mengla", "a1b2c3d4e5f6", "2026-06-01", "contest_answer", "demo", "set", "en",
       "tiebreak-1/right", 1},
      {"'80", "a1b2c3d4e5f6", "2026-06-01", "screen_shown", "", "4-Jan", "en", "", 1}};
  const std::string csv = ToCsv(rows);
  for (const char* written :
       {",'120034005678,2026-06,survey_answer,demo,needs,,Q1 A4,7\r\n",
        ",'5e1234567890,2026-06-01,quiz_completed,'3-1,'1e5,en,score 80-100,2\r\n",
        ",tiebreak-1/right,", "\r\n''80,a1b2c3d4e5f6,2026-06-01,screen_shown,,'4-Jan,en,,1\r\n"}) {
    EXPECT_NE(csv.find(written), std::string::npos) << written << "\n" << csv;
  }
  base::Result<std::vector<ExportRow>> read = ParseExport(csv, "a.csv");
  ASSERT_TRUE(read.ok()) << read.error();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(ToCsv({read.value()[i]}), ToCsv({rows[i]})) << "read back as it was counted";
    EXPECT_EQ(read.value()[i].detail, rows[i].detail);
    EXPECT_EQ(read.value()[i].kiosk, rows[i].kiosk);
    EXPECT_EQ(read.value()[i].pack, rows[i].pack);
    EXPECT_EQ(read.value()[i].centre, rows[i].centre);
  }
}

TEST_F(ExportTest, AnOldExportStillReadsAndAReSavedOneIsRefusedNamingTheCell) {
  // As exports were written before: details as the kiosk keeps them.
  const std::string old =
      "centre,kiosk,day,event,pack,item,lang,detail,count\r\n"
      "A,k1,2026-05,survey_answer,demo,needs,,1/4,6\r\n"
      "A,k1,2026-05-02,quiz_completed,demo,rights,en,0-49,2\r\n";
  base::Result<std::vector<ExportRow>> read = ParseExport(old, "old.csv");
  ASSERT_TRUE(read.ok()) << read.error();
  EXPECT_EQ(read.value()[0].detail, "1/4");
  EXPECT_EQ(read.value()[1].detail, "0-49");
  // The same file once Excel has opened and saved it: 1/4 became 4-Jan.
  const std::string resaved =
      "centre,kiosk,day,event,pack,item,lang,detail,count\r\n"
      "A,k1,2026-05,survey_answer,demo,needs,,4-Jan,6\r\n"
      "A,k1,2026-05-02,quiz_completed,demo,rights,en,49,2\r\n"
      "A,k1,2026-05-02,video_started,demo,wages,en,1/4,2\r\n"
      "A,k1,2026-05-02,contest_started,demo,set,en,teacher/9,1\r\n";
  read = ParseExport(resaved, "resaved.csv");
  ASSERT_FALSE(read.ok());
  for (const char* expected :
       {"resaved.csv:2:8: detail: '4-Jan' is not a question and an answer, Q1 A4",
        "resaved.csv:3:8: detail: '49' is not a score band",
        "resaved.csv:4:8: detail: '1/4' is "
        "not empty",
        "resaved.csv:5:8: detail: 'teacher/9' is not how teams answer",
        "saved again by a spreadsheet"}) {
    EXPECT_NE(read.error().find(expected), std::string::npos) << expected << "\n" << read.error();
  }
  // Both forms of one answer are one row in a merge, not two.
  base::Result<std::vector<ExportRow>> now = ParseExport(ToCsv(ParseExport(old, "o").value()), "n");
  ASSERT_TRUE(now.ok()) << now.error();
  base::Result<std::vector<ExportRow>> merged =
      Merge({{"old.csv", ParseExport(old, "old.csv").value()}, {"new.csv", now.value()}});
  ASSERT_TRUE(merged.ok()) << merged.error();
  EXPECT_EQ(merged.value().size(), 2u);
}

TEST_F(ExportTest, MergingKeepsKiosksApartAndCountsARowSeenTwiceOnce) {
  const std::vector<ExportRow> mengla = {
      {"Mengla", "k1", "2026-06-01", "session_started", "", "", "zh_CN", "", 4},
      {"Mengla", "k1", "2026-06-02", "session_started", "", "", "zh_CN", "", 3}};
  const std::vector<ExportRow> jinghong = {
      {"Jinghong", "k2", "2026-06-01", "session_started", "", "", "zh_CN", "", 10}};
  // Mengla's kiosk exported again later: June 2 had grown by evening, and June 3 is new.
  const std::vector<ExportRow> menglaLater = {
      {"Mengla", "k1", "2026-06-02", "session_started", "", "", "zh_CN", "", 5},
      {"Mengla", "k1", "2026-06-03", "session_started", "", "", "zh_CN", "", 1}};
  base::Result<std::vector<ExportRow>> merged =
      Merge({{"a.csv", mengla}, {"b.csv", jinghong}, {"a.csv", mengla}, {"c.csv", menglaLater}});
  ASSERT_TRUE(merged.ok()) << merged.error();
  std::int64_t menglaVisits = 0, jinghongVisits = 0;
  for (const ExportRow& row : merged.value()) {
    (row.centre == "Mengla" ? menglaVisits : jinghongVisits) += row.count.value_or(0);
  }
  EXPECT_EQ(menglaVisits, 4 + 5 + 1) << "the same file twice is not counted twice";
  EXPECT_EQ(jinghongVisits, 10) << "each kiosk keeps its own rows";
  EXPECT_EQ(merged.value().size(), 4u);
  // Merging a merge again changes nothing.
  EXPECT_EQ(ToCsv(Merge({{"m", merged.value()}, {"m", merged.value()}}).value()),
            ToCsv(merged.value()));
  // A hidden cell stays hidden unless another copy of the row shows it.
  const ExportRow hidden{"A",     "k", "2026-06", "survey_answer", "demo",
                         "needs", "",  "1/2",     std::nullopt};
  ExportRow shown = hidden;
  shown.count = 6;
  EXPECT_FALSE(Merge({{"x", {hidden}}, {"y", {hidden}}}).value()[0].count);
  EXPECT_EQ(Merge({{"x", {hidden}}, {"y", {shown}}}).value()[0].count, 6);
  // One kiosk exported under two names is refused: it would be counted as two.
  std::vector<ExportRow> renamed = mengla;
  for (ExportRow& row : renamed) row.centre = "Mengla Women's Home";
  base::Result<std::vector<ExportRow>> twice = Merge({{"a.csv", mengla}, {"d.csv", renamed}});
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().find("d.csv: kiosk k1 is called 'Mengla Women's Home', but 'Mengla' in "
                               "a.csv"),
            std::string::npos)
      << twice.error();
}

TEST_F(ExportTest, TheReportSaysWhatWasHiddenAndRunsNothing) {
  const std::vector<ExportRow> rows = {
      {"<script>alert(1)</script>", "k", "2026-06-01", "session_started", "", "", "zh_CN", "", 4},
      {"Mengla", "k1", "2026-06-02", "session_started", "", "", "th", "", 9},
      {"Mengla", "k1", "2026-06", "survey_answer", "demo", "needs", "", "1/2", std::nullopt},
      {"Mengla", "k1", "2026-06-02", "contest_answer", "demo", "children", "zh_CN", "10/right", 2},
      {"Mengla", "k1", "2026-06-02", "contest_answer", "demo", "children", "zh_CN", "2/wrong", 1}};
  const std::string html = ReportHtml(rows, "2026-12-01");
  EXPECT_EQ(html.find("<script"), std::string::npos) << "a centre's name is text, not code";
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos) << "nothing is fetched";
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<td>fewer than 5</td>"), std::string::npos) << "the hidden answer says so";
  EXPECT_NE(html.find("from 2026-06-01 to 2026-06-02"), std::string::npos);
  EXPECT_NE(html.find("2 centre(s)"), std::string::npos);
  EXPECT_LT(html.find("Question 2<"), html.find("Question 10<")) << "questions in their order";
  // Visits per day: a bar for each day from the first to the last, a day without visits too.
  const std::string july =
      ReportHtml({{"A", "k", "2026-06-29", "session_started", "", "", "en", "", 2},
                  {"A", "k", "2026-07-02", "session_started", "", "", "en", "", 5}},
                 "2026-12-01");
  for (const char* day : {"2026-06-29: 2", "2026-06-30: 0", "2026-07-01: 0", "2026-07-02: 5"}) {
    EXPECT_NE(july.find(day), std::string::npos) << day;
  }
}

TEST_F(ExportTest, TheKioskIdIsMadeOnceAndKept) {
  base::Result<std::string> id = KioskId(temp.path().string());
  ASSERT_TRUE(id.ok()) << id.error();
  EXPECT_EQ(id.value().size(), 12u);
  EXPECT_EQ(KioskId(temp.path().string()).value(), id.value());
  testing::TempDir other{"kiosk-export-test"};
  EXPECT_NE(KioskId(other.path().string()).value(), id.value()) << "another kiosk, another id";
  for (int i = 0; i < 50; ++i) {
    testing::TempDir kiosk{"kiosk-id-test"};
    const std::string made = KioskId(kiosk.path().string()).value();
    EXPECT_TRUE(std::isalpha(static_cast<unsigned char>(made[0])))
        << made << ": a spreadsheet would read an id of digits as a number";
  }
}

TEST_F(ExportTest, ReadingTheCountsChangesNothingAndADamagedFileIsNamed) {
  Counted([](Counter& c, std::string&) { c.Count(Event::kHelpShown); });
  base::Result<std::vector<Row>> rows = ReadCounts(temp.path().string());
  ASSERT_TRUE(rows.ok()) << rows.error();
  EXPECT_EQ(rows.value().size(), 1u);
  testing::TempDir broken{"kiosk-export-test"};
  std::ofstream(broken / "usage.db") << std::string(8192, 'x');
  base::Result<std::vector<Row>> refused = ReadCounts(broken.path().string());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("usage.db: cannot be read"), std::string::npos) << refused.error();
  EXPECT_EQ(testing::ReadFile(broken / "usage.db"), std::string(8192, 'x')) << "left as it was";
  EXPECT_EQ(std::distance(fs::directory_iterator(broken.path()), fs::directory_iterator()), 1)
      << "nothing kept aside or made";
  EXPECT_NE(ReadCounts((broken / "nowhere").string()).error().find("no usage counts here"),
            std::string::npos);
}

}  // namespace
}  // namespace kiosk::stats
