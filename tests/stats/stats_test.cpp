// Usage counts in a real SQLite file: the count that went up, per day, surviving a restart, a
// damaged file kept for staff, and a process killed mid-write leaving whole batches only.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "stats/stats.h"
#include "support/temp_dir.h"

namespace kiosk::stats {
namespace {

namespace fs = std::filesystem;

class StatsTest : public ::testing::Test {
 protected:
  std::unique_ptr<Counter> Open(std::string* notice = nullptr) {
    base::Result<std::unique_ptr<Counter>> counter = Counter::Open(
        temp.path().string(), [this] { return day; }, notice);
    EXPECT_TRUE(counter.ok()) << counter.error();
    return counter.ok() ? std::move(counter.value()) : nullptr;
  }

  std::int64_t Total(Counter& counter, const char* event) {
    std::int64_t total = 0;
    const std::vector<Row> rows = counter.Rows().value();  // not a temporary's member: it dies
    for (const Row& row : rows) total += row.event == event ? row.count : 0;
    return total;
  }

  testing::TempDir temp{"kiosk-stats-test"};
  std::string day = "2026-11-30";
};

TEST_F(StatsTest, ACountGoesUpAndSurvivesARestart) {
  {
    std::unique_ptr<Counter> counter = Open();
    for (int i = 0; i < 3; ++i) counter->Count(Event::kVideoStarted, "demo", "wages", "zh_CN");
    counter->Count(Event::kVideoStarted, "demo", "wages", "en");
  }  // closing writes what is pending
  std::unique_ptr<Counter> counter = Open();
  const std::vector<Row> rows = counter->Rows().value();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].lang, "zh_CN");
  EXPECT_EQ(rows[1].count, 3);
  EXPECT_EQ(rows[1].event, "video_started");
  EXPECT_EQ(rows[1].item, "wages");
}

TEST_F(StatsTest, CountsAreKeptPerDayAndNothingFiner) {
  std::unique_ptr<Counter> counter = Open();
  counter->Count(Event::kHelpShown);
  day = "2026-12-01";
  counter->Count(Event::kHelpShown);
  counter->Count(Event::kHelpShown);
  ASSERT_TRUE(counter->Flush().ok());
  const std::vector<Row> rows = counter->Rows().value();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].day, "2026-11-30");
  EXPECT_EQ(rows[0].count, 1);
  EXPECT_EQ(rows[1].day, "2026-12-01");
  EXPECT_EQ(rows[1].count, 2);
}

TEST_F(StatsTest, CountsAreWrittenInBatches) {
  std::unique_ptr<Counter> writer = Open();
  for (int i = 0; i < 10; ++i) writer->Count(Event::kScreenShown, "", "home");
  EXPECT_EQ(writer->Pending(), 1u) << "ten counts of one thing are one pending row";
  std::unique_ptr<Counter> reader = Open();
  EXPECT_EQ(Total(*reader, "screen_shown"), 0) << "nothing written before the batch";
  ASSERT_TRUE(writer->Flush().ok());
  EXPECT_EQ(Total(*reader, "screen_shown"), 10);
  for (std::size_t i = 0; i < Counter::kBatch; ++i) {
    writer->Count(Event::kSurveyAnswer, "demo", "needs", "en", "q1/" + std::to_string(i));
  }
  EXPECT_EQ(writer->Pending(), 0u) << "a full batch writes itself";
}

TEST_F(StatsTest, ADamagedDatabaseIsKeptAsideAndReported) {
  std::ofstream(temp / "usage.db") << std::string(4096, 'x');
  std::string notice;
  std::unique_ptr<Counter> counter = Open(&notice);
  ASSERT_NE(counter, nullptr) << "the kiosk keeps counting in a fresh file";
  EXPECT_NE(notice.find("damaged"), std::string::npos) << notice;
  const fs::path aside = temp / "usage.db.damaged-2026-11-30";
  ASSERT_TRUE(fs::exists(aside)) << notice;
  EXPECT_EQ(testing::ReadFile(aside), std::string(4096, 'x')) << "kept as it was, for staff";
  counter->Count(Event::kSessionStarted);
  EXPECT_TRUE(counter->Flush().ok());
}

TEST_F(StatsTest, AProcessKilledMidWriteLeavesWholeBatches) {
  std::mt19937 random(7);
  for (int run = 0; run < 10; ++run) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      std::unique_ptr<Counter> counter = Open();
      for (;;) {
        for (int i = 0; i < 10; ++i) counter->Count(Event::kQuizCompleted, "demo", "wages", "en");
        if (!counter->Flush().ok()) _exit(1);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + random() % 60));
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    std::string notice;
    std::unique_ptr<Counter> counter = Open(&notice);
    ASSERT_NE(counter, nullptr);
    EXPECT_TRUE(notice.empty()) << "run " << run << ": " << notice;
    EXPECT_EQ(Total(*counter, "quiz_completed") % 10, 0) << "run " << run << ": half a batch";
  }
  std::unique_ptr<Counter> counter = Open();
  EXPECT_GT(Total(*counter, "quiz_completed"), 0) << "the children never wrote: nothing tested";
}

}  // namespace
}  // namespace kiosk::stats
