// Anonymous usage counts: how often each thing was used, per day, per language — never who, and
// no time finer than a day. SQLite (WAL) in the state folder; counts are held in memory and
// written in batches, so a busy day costs little. The only module that includes sqlite3.
// Main thread (one Counter per process).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/base.h"

struct sqlite3;

namespace kiosk::stats {

enum class Event {
  kSessionStarted,   // first touch after idle
  kLanguageChosen,   // lang: the language chosen
  kScreenShown,      // item: the screen
  kVideoStarted,     // pack, item: the video
  kVideoCompleted,   // at least 90 % watched
  kQuizStarted,      //
  kQuizCompleted,    // detail: the score band ("0-49", "50-79", "80-100")
  kSurveyAnswer,     // item: survey, detail: "question/answer"
  kHelpShown,        //
  kPlaybackError,    //
  kContestStarted,   //
  kContestFinished,  //
  kContestAnswer,    // detail: "question/right" or "question/wrong", never per team
};
const char* EventName(Event event);

struct Row {
  std::string day;  // YYYY-MM-DD, local
  std::string event, pack, item, lang, detail;
  std::int64_t count;
};

class Counter {
 public:
  // Opens (or makes) stateDir/usage.db. A file that fails SQLite's quick_check is kept aside as
  // usage.db.damaged-<day> (never deleted) and reported in `notice`, and counting starts afresh.
  // `today` gives the local day, YYYY-MM-DD (injectable for tests).
  static base::Result<std::unique_ptr<Counter>> Open(const std::string& stateDir,
                                                     std::function<std::string()> today,
                                                     std::string* notice);
  ~Counter();  // writes what is pending
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  // Counts one use, in memory; written by Flush() (and on its own every kBatch counts).
  void Count(Event event, std::string_view pack = {}, std::string_view item = {},
             std::string_view lang = {}, std::string_view detail = {});
  // Writes every pending count in one transaction. Fails naming the file (disk full...), and
  // keeps the counts pending then.
  base::Result<bool> Flush();
  std::size_t Pending() const { return m_pending.size(); }
  // Every count, oldest day first.
  base::Result<std::vector<Row>> Rows();

  static constexpr std::size_t kBatch = 256;

 private:
  Counter() = default;
  sqlite3* m_db = nullptr;
  std::string m_path;
  std::function<std::string()> m_today;
  using Key =
      std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
  std::map<Key, std::int64_t> m_pending;
};

}  // namespace kiosk::stats
