// Usage counts in a real SQLite file: the count that went up, per day, surviving a restart, a
// damaged file kept for staff, and a process killed mid-write leaving whole batches only.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <sqlite3.h>

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

TEST_F(StatsTest, TheCountsFromADayOnAreReadAloneByTheKioskAndFromTheFile) {
  std::unique_ptr<Counter> counter = Open();
  for (const char* d : {"2021-11-30", "2026-11-04", "2026-11-05", "2026-12-01"}) {
    day = d;
    counter->Count(Event::kHelpShown);
  }
  day = "2026-11";  // a survey answer's month
  counter->Count(Event::kSurveyAnswer, "demo", "needs", "en", "Q1 A2");
  ASSERT_TRUE(counter->Flush().ok());
  // Each read kept whole: a temporary Result's rows die with it.
  const base::Result<std::vector<Row>> kiosk = counter->Rows("2026-11-05");
  const base::Result<std::vector<Row>> file = ReadCounts(temp.path().string(), "2026-11-05");
  for (const base::Result<std::vector<Row>>* read : {&kiosk, &file}) {
    ASSERT_TRUE(read->ok()) << read->error();
    std::vector<std::string> days;
    for (const Row& row : read->value()) days.push_back(row.day);
    EXPECT_EQ(days, (std::vector<std::string>{"2026-11-05", "2026-12-01"}));
  }
  EXPECT_EQ(counter->Rows().value().size(), 5u) << "no day given: every count";
}

TEST_F(StatsTest, AProcessKilledMidWriteLeavesWholeBatches) {
  std::mt19937 random(7);
  for (int run = 0; run < 10; ++run) {
    // The child says when its first batch is written, and is killed at a random time after:
    // a loaded machine (a sanitizer build beside other tests) may take longer than any fixed
    // time to open the database.
    int written[2];
    ASSERT_EQ(pipe(written), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(written[0]);
      std::unique_ptr<Counter> counter = Open();
      for (bool told = false;; told = true) {
        for (int i = 0; i < 10; ++i) counter->Count(Event::kQuizCompleted, "demo", "wages", "en");
        if (!counter->Flush().ok()) _exit(1);
        if (!told && write(written[1], "w", 1) != 1) _exit(1);
      }
    }
    close(written[1]);
    char byte = 0;
    EXPECT_EQ(read(written[0], &byte, 1), 1) << "run " << run << ": the child wrote nothing";
    close(written[0]);
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 40));
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

TEST_F(StatsTest, AFileAnotherProgramLocksIsKeptAndWrittenWhenItLetsGo) {
  std::unique_ptr<Counter> counter = Open();
  counter->Count(Event::kHelpShown);
  ASSERT_TRUE(counter->Flush().ok());
  // Another program (an sqlite3 shell left open by a technician) holds the write lock.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((temp / "usage.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  counter->Count(Event::kHelpShown);
  EXPECT_FALSE(counter->Flush().ok());
  EXPECT_EQ(counter->GetHealth().trouble, Trouble::kLocked);
  EXPECT_EQ(counter->Unsaved(), 1) << "kept in memory";
  EXPECT_TRUE(fs::exists(temp / "usage.db")) << "a locked file is not damaged";
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  ASSERT_TRUE(counter->Flush().ok());
  EXPECT_EQ(counter->GetHealth().trouble, Trouble::kNone);
  EXPECT_EQ(Total(*counter, "help_shown"), 2);
}

// A state folder on a small tmpfs of its own, which a test fills up and frees, as a kiosk's disk
// fills with logs or videos. Mounting needs root: elsewhere these tests are skipped.
class FullDiskTest : public StatsTest {
 protected:
  void SetUp() override {
    if (mount("tmpfs", temp.path().c_str(), "tmpfs", 0, "size=256k") != 0) {
      GTEST_SKIP() << "a tmpfs cannot be mounted here (" << std::strerror(errno)
                   << "): the full disk needs root";
    }
    mounted = true;
  }
  void TearDown() override {
    if (mounted) umount2(temp.path().c_str(), MNT_DETACH);
  }
  // Fills the disk to its last byte.
  void Fill() {
    std::ofstream fill(temp / "fill", std::ios::binary);
    const std::string block(4096, 'x');
    while (fill.write(block.data(), block.size()) && fill.flush()) {
    }
  }
  void Free() { fs::remove(temp / "fill"); }

  std::int64_t Saved(const char* event) {
    const base::Result<std::vector<Row>> rows = ReadCounts(temp.path().string());
    EXPECT_TRUE(rows.ok()) << rows.error();
    std::int64_t total = 0;
    for (const Row& row : rows ? rows.value() : std::vector<Row>{}) {
      total += row.event == event ? row.count : 0;
    }
    return total;
  }

  bool mounted = false;
};

TEST_F(FullDiskTest, ASoundFileOnAFullDiskIsKeptAndWrittenWhenThereIsRoom) {
  {
    std::unique_ptr<Counter> counter = Open();
    for (int i = 0; i < 3; ++i) counter->Count(Event::kHelpShown);
  }
  ASSERT_FALSE(fs::exists(temp / "usage.db-shm")) << "closed cleanly, as a kiosk stopped";
  Fill();
  std::string notice;
  std::unique_ptr<Counter> counter = Open(&notice);
  ASSERT_NE(counter, nullptr);
  EXPECT_EQ(notice, "") << "a full disk is not a damaged file";
  for (const auto& entry : fs::directory_iterator(temp.path())) {
    EXPECT_EQ(entry.path().filename().string().find("damaged"), std::string::npos) << entry.path();
  }
  EXPECT_EQ(counter->GetHealth().trouble, Trouble::kDiskFull);
  EXPECT_EQ(counter->GetHealth().reason, std::strerror(ENOSPC));
  EXPECT_EQ(Saved("help_shown"), 3) << "the export still reads the old counts";
  counter->Count(Event::kHelpShown);
  EXPECT_FALSE(counter->Flush().ok());
  EXPECT_EQ(counter->Unsaved(), 1) << "kept in memory";
  Free();
  ASSERT_TRUE(counter->Flush().ok());
  EXPECT_EQ(counter->GetHealth().trouble, Trouble::kNone);
  EXPECT_EQ(Saved("help_shown"), 4);
}

TEST_F(FullDiskTest, CountsMadeBeforeAndWhileTheDiskIsFullAreWrittenOnceThereIsRoom) {
  std::unique_ptr<Counter> counter = Open();
  counter->Count(Event::kVideoStarted, "demo", "wages", "en");
  ASSERT_TRUE(counter->Flush().ok());
  counter->Count(Event::kVideoStarted, "demo", "wages", "en");
  Fill();
  // Many new rows: more than one page, more than the disk has.
  for (int i = 0; i < 300; ++i) {
    counter->Count(Event::kSurveyAnswer, "demo", "needs", "en", "1/" + std::to_string(i));
  }
  EXPECT_FALSE(counter->Flush().ok());
  EXPECT_EQ(counter->GetHealth().trouble, Trouble::kDiskFull);
  EXPECT_EQ(counter->Unsaved(), 301);
  EXPECT_EQ(Saved("video_started"), 1) << "what was written before stays";
  Free();
  ASSERT_TRUE(counter->Flush().ok());
  EXPECT_EQ(Saved("video_started"), 2);
  EXPECT_EQ(Saved("survey_answer"), 300);
}

TEST_F(FullDiskTest, ACountThatFitsIsWrittenWhenTheBatchDoesNot) {
  std::unique_ptr<Counter> counter = Open();
  for (int i = 0; i < 40; ++i) counter->Count(Event::kScreenShown, "", "s" + std::to_string(i));
  ASSERT_TRUE(counter->Flush().ok());
  Fill();
  // Room for a few pages: a few new rows fit, a batch of them does not.
  fs::resize_file(temp / "fill", fs::file_size(temp / "fill") - 6 * 4096);
  counter->Count(Event::kScreenShown, "", "s1");
  for (int i = 0; i < 200; ++i) {
    counter->Count(Event::kSurveyAnswer, "demo", "needs", "en",
                   std::string(200, 'a') + std::to_string(i));
  }
  EXPECT_FALSE(counter->Flush().ok());
  const std::int64_t written = Saved("survey_answer");
  EXPECT_GT(written, 0) << "some counts were written one by one";
  EXPECT_EQ(counter->Unsaved(), 201 - written) << "and only they left memory";
  Free();
  const base::Result<bool> flushed = counter->Flush();
  ASSERT_TRUE(flushed.ok()) << flushed.error();
  EXPECT_EQ(Saved("screen_shown"), 41);
  EXPECT_EQ(Saved("survey_answer"), 200);
}

}  // namespace
}  // namespace kiosk::stats
