// The log's memory of recent warnings and errors, which the staff's About screen lists: newest
// first, the last 20 only, no info lines, long lines cut at a character's end, whole lines when
// several threads log at once.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "base/base.h"

namespace kiosk::base {
namespace {

TEST(LogTest, TheLastTwentyWarningsAndErrorsAreKeptNewestFirstWithTheirTime) {
  const WallTime before = std::chrono::system_clock::now();
  for (int i = 0; i < 25; ++i) {
    Log(i % 2 ? LogLevel::kWarning : LogLevel::kError, "problem %d", i);
    Log(LogLevel::kInfo, "not a problem %d", i);
  }
  const std::vector<LogLine> recent = RecentProblems();
  ASSERT_EQ(recent.size(), kRecentProblems);
  EXPECT_EQ(recent.front().text, "problem 24");
  EXPECT_EQ(recent.front().level, LogLevel::kError);
  EXPECT_EQ(recent[1].text, "problem 23");
  EXPECT_EQ(recent[1].level, LogLevel::kWarning);
  EXPECT_EQ(recent.back().text, "problem 5") << "the oldest five are gone";
  EXPECT_GE(recent.front().time, before);
  EXPECT_LE(recent.front().time, std::chrono::system_clock::now());
}

TEST(LogTest, ALongLineIsCutAtTheEndOfACharacter) {
  // Three-byte characters: 240 bytes is exactly 80 of them, 241 would split one.
  std::string text = "x";
  for (int i = 0; i < 100; ++i) text += "ก";
  Log(LogLevel::kError, "%s", text.c_str());
  const std::string kept = RecentProblems().front().text;
  EXPECT_LE(kept.size(), kProblemBytes);
  EXPECT_EQ(kept.size(), 1 + 79 * 3u) << "no half character at the end";
  EXPECT_EQ(kept, text.substr(0, kept.size()));
}

TEST(LogTest, ThreadsLoggingAtOnceLeaveWholeLines) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 100; ++i) Log(LogLevel::kWarning, "thread %d line %03d", t, i);
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::vector<LogLine> recent = RecentProblems();
  ASSERT_EQ(recent.size(), kRecentProblems);
  for (const LogLine& line : recent) {
    EXPECT_EQ(line.text.size(), std::string("thread 0 line 000").size()) << line.text;
    EXPECT_EQ(line.text.rfind("thread ", 0), 0u) << line.text;
  }
}

}  // namespace
}  // namespace kiosk::base
