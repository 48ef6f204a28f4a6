// Usage counts in SQLite: one row per (day, event, pack, item, language, detail) with a count,
// added to by UPSERT in batched transactions. WAL journal: a killed process leaves the database
// as of its last committed batch. Main thread.
#include "stats/stats.h"

#include <sqlite3.h>

#include <filesystem>

namespace kiosk::stats {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"(
  CREATE TABLE IF NOT EXISTS counts (
    day TEXT NOT NULL,     -- YYYY-MM-DD, local: no time finer than a day
    event TEXT NOT NULL,
    pack TEXT NOT NULL,
    item TEXT NOT NULL,
    lang TEXT NOT NULL,
    detail TEXT NOT NULL,  -- score band, survey answer: never anything about a person
    count INTEGER NOT NULL,
    PRIMARY KEY (day, event, pack, item, lang, detail)
  ) WITHOUT ROWID;)";

bool Exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Every count in the database at `path`, oldest day first; fails naming the file.
base::Result<std::vector<Row>> SelectRows(sqlite3* db, const std::string& path) {
  std::vector<Row> rows;
  sqlite3_stmt* select = nullptr;
  const bool prepared = sqlite3_prepare_v2(db,
                                           "SELECT day, event, pack, item, lang, detail, count "
                                           "FROM counts ORDER BY day, event, pack, item, lang, "
                                           "detail",
                                           -1, &select, nullptr) == SQLITE_OK;
  int step = SQLITE_DONE;
  while (prepared && (step = sqlite3_step(select)) == SQLITE_ROW) {
    auto text = [&](int i) {
      const unsigned char* t = sqlite3_column_text(select, i);
      return std::string(t ? reinterpret_cast<const char*>(t) : "");
    };
    rows.push_back(
        {text(0), text(1), text(2), text(3), text(4), text(5), sqlite3_column_int64(select, 6)});
  }
  const std::string why = sqlite3_errmsg(db);
  sqlite3_finalize(select);
  if (!prepared || step != SQLITE_DONE) {
    return base::Error{path + ": cannot be read: " + why, true};
  }
  return rows;
}

// "ok" when the file passes SQLite's quick_check; else what it says.
std::string QuickCheck(sqlite3* db) {
  sqlite3_stmt* statement = nullptr;
  std::string result = "cannot be read";
  if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  return result;
}

}  // namespace

const char* EventName(Event event) {
  switch (event) {
    case Event::kSessionStarted:
      return "session_started";
    case Event::kLanguageChosen:
      return "language_chosen";
    case Event::kScreenShown:
      return "screen_shown";
    case Event::kVideoStarted:
      return "video_started";
    case Event::kVideoCompleted:
      return "video_completed";
    case Event::kQuizStarted:
      return "quiz_started";
    case Event::kQuizCompleted:
      return "quiz_completed";
    case Event::kSurveyAnswer:
      return "survey_answer";
    case Event::kHelpShown:
      return "help_shown";
    case Event::kPlaybackError:
      return "playback_error";
    case Event::kContestStarted:
      return "contest_started";
    case Event::kContestFinished:
      return "contest_finished";
    case Event::kContestAnswer:
      return "contest_answer";
  }
  return "unknown";
}

base::Result<std::unique_ptr<Counter>> Counter::Open(const std::string& stateDir,
                                                     std::function<std::string()> today,
                                                     std::string* notice) {
  std::error_code error;
  fs::create_directories(stateDir, error);
  std::unique_ptr<Counter> counter(new Counter());
  counter->m_path = (fs::path(stateDir) / "usage.db").string();
  counter->m_today = std::move(today);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (sqlite3_open(counter->m_path.c_str(), &counter->m_db) != SQLITE_OK) {
      const std::string why = counter->m_db ? sqlite3_errmsg(counter->m_db) : "out of memory";
      sqlite3_close(counter->m_db);
      counter->m_db = nullptr;
      return base::Error{counter->m_path + ": cannot be opened: " + why, true};
    }
    sqlite3_busy_timeout(counter->m_db, 2000);
    const std::string check = QuickCheck(counter->m_db);
    if (check == "ok") break;
    // Damaged (a disk fault, a foreign file): kept aside for staff, never silently deleted.
    sqlite3_close(counter->m_db);
    counter->m_db = nullptr;
    const std::string aside = counter->m_path + ".damaged-" + counter->m_today();
    fs::rename(counter->m_path, aside, error);
    fs::remove(counter->m_path + "-wal", error);
    fs::remove(counter->m_path + "-shm", error);
    if (notice) *notice = counter->m_path + ": damaged (" + check + "); kept as " + aside;
    if (attempt == 1) return base::Error{counter->m_path + ": cannot start afresh", true};
  }
  if (!Exec(counter->m_db, "PRAGMA journal_mode=WAL") ||
      !Exec(counter->m_db, "PRAGMA synchronous=NORMAL") || !Exec(counter->m_db, kSchema)) {
    return base::Error{counter->m_path + ": cannot be prepared: " + sqlite3_errmsg(counter->m_db),
                       true};
  }
  return counter;
}

Counter::~Counter() {
  if (m_db) {
    (void)Flush();
    sqlite3_close(m_db);
  }
}

void Counter::Count(Event event, std::string_view pack, std::string_view item,
                    std::string_view lang, std::string_view detail) {
  // A survey answer is kept by month, without its language: a day's few answers in a rarely
  // chosen language could point at the woman who gave them.
  const bool survey = event == Event::kSurveyAnswer;
  const std::string day = m_today();
  ++m_pending[Key{survey ? day.substr(0, 7) : day, EventName(event), std::string(pack),
                  std::string(item), survey ? std::string() : std::string(lang),
                  std::string(detail)}];
  if (m_pending.size() >= kBatch) (void)Flush();
}

base::Result<bool> Counter::Flush() {
  if (m_pending.empty()) return true;
  sqlite3_stmt* upsert = nullptr;
  bool ok = Exec(m_db, "BEGIN IMMEDIATE") &&
            sqlite3_prepare_v2(m_db,
                               "INSERT INTO counts VALUES (?, ?, ?, ?, ?, ?, ?) "
                               "ON CONFLICT DO UPDATE SET count = count + excluded.count",
                               -1, &upsert, nullptr) == SQLITE_OK;
  for (auto it = m_pending.begin(); ok && it != m_pending.end(); ++it) {
    const auto& [day, event, pack, item, lang, detail] = it->first;
    int column = 1;
    for (const std::string* text : {&day, &event, &pack, &item, &lang, &detail}) {
      sqlite3_bind_text(upsert, column++, text->c_str(), -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(upsert, column, it->second);
    ok = sqlite3_step(upsert) == SQLITE_DONE && sqlite3_reset(upsert) == SQLITE_OK;
  }
  sqlite3_finalize(upsert);
  if (!ok || !Exec(m_db, "COMMIT")) {
    const std::string why = sqlite3_errmsg(m_db);
    Exec(m_db, "ROLLBACK");
    return base::Error{m_path + ": counts not saved: " + why + " (disk full?)", true};
  }
  m_pending.clear();
  return true;
}

base::Result<std::vector<Row>> Counter::Rows() {
  return SelectRows(m_db, m_path);
}

base::Result<std::vector<Row>> ReadCounts(const std::string& stateDir) {
  const std::string path = (fs::path(stateDir) / "usage.db").string();
  if (!fs::is_regular_file(path)) {
    return base::Error{path + ": no usage counts here (is " + stateDir +
                       " the kiosk's state folder?)"};
  }
  // Read only: the kiosk may be counting into it right now, and nothing here may change it.
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return base::Error{path + ": cannot be read: " + why, true};
  }
  sqlite3_busy_timeout(db, 2000);
  base::Result<std::vector<Row>> rows = SelectRows(db, path);
  sqlite3_close(db);
  if (!rows) {
    return base::Error{
        rows.error() + " (start the kiosk, which keeps a damaged file aside and starts afresh)",
        true};
  }
  return rows;
}

}  // namespace kiosk::stats
