// Usage counts in SQLite: one row per (day, event, pack, item, language, detail) with a count,
// added to by UPSERT in batched transactions. WAL journal: a killed process leaves the database
// as of its last committed batch. Main thread.
#include "stats/stats.h"

#include <sqlite3.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
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

int Exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

// What kind of trouble an SQLite primary result code and the system's errno (0: none) mean.
Trouble Classify(int primary, int error) {
  if (primary == SQLITE_FULL || error == ENOSPC || error == EDQUOT) return Trouble::kDiskFull;
  if (primary == SQLITE_READONLY || primary == SQLITE_PERM || primary == SQLITE_AUTH ||
      error == EACCES || error == EPERM || error == EROFS) {
    return Trouble::kNoPermission;
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Trouble::kLocked;
  return Trouble::kFailed;
}

const char* TroubleText(Trouble trouble) {
  switch (trouble) {
    case Trouble::kNone:
      return "saved";
    case Trouble::kDiskFull:
      return "the disk is full";
    case Trouble::kNoPermission:
      return "no permission to write";
    case Trouble::kLocked:
      return "locked by another program";
    case Trouble::kFailed:
      return "cannot be written";
  }
  return "?";
}

// Every count in the database at `path` from the day `since` on (all: ""), oldest day first;
// fails naming the file. The day leads the table's key, so SQLite reads only those rows.
base::Result<std::vector<Row>> SelectRows(sqlite3* db, const std::string& path,
                                          const std::string& since) {
  std::vector<Row> rows;
  sqlite3_stmt* select = nullptr;
  const bool prepared =
      sqlite3_prepare_v2(db,
                         "SELECT day, event, pack, item, lang, detail, count FROM counts "
                         "WHERE day >= ?1 ORDER BY day, event, pack, item, lang, detail",
                         -1, &select, nullptr) == SQLITE_OK &&
      sqlite3_bind_text(select, 1, since.c_str(), static_cast<int>(since.size()),
                        SQLITE_TRANSIENT) == SQLITE_OK;
  int step = SQLITE_DONE;
  while (prepared && (step = sqlite3_step(select)) == SQLITE_ROW) {
    auto text = [&](int i) {
      const unsigned char* t = sqlite3_column_text(select, i);
      return std::string(t ? reinterpret_cast<const char*>(t) : "");
    };
    rows.push_back(
        {text(0), text(1), text(2), text(3), text(4), text(5), sqlite3_column_int64(select, 6)});
  }
  const int error = sqlite3_system_errno(db);
  const std::string why = (sqlite3_extended_errcode(db) & 0xff) == SQLITE_IOERR && error
                              ? std::strerror(error)
                              : sqlite3_errmsg(db);
  sqlite3_finalize(select);
  if (!prepared || step != SQLITE_DONE) {
    return base::Error{path + ": cannot be read: " + why, true};
  }
  return rows;
}

// SQLITE_OK when SQLite's quick_check ran; `damage` is then what it found wrong, if anything.
// Else the result code: a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) or the machine's failure.
int QuickCheck(sqlite3* db, std::string* damage) {
  sqlite3_stmt* statement = nullptr;
  int code = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &statement, nullptr);
  if (code == SQLITE_OK) {
    code = sqlite3_step(statement);
    if (code == SQLITE_ROW) {
      const auto* result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
      if (std::string_view(result ? result : "") != "ok") *damage = result ? result : "?";
      code = SQLITE_OK;
    }
  }
  sqlite3_finalize(statement);
  return code;
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
    case Event::kLeafletOpened:
      return "leaflet_opened";
    case Event::kLeafletCompleted:
      return "leaflet_completed";
  }
  return "unknown";
}

base::Result<std::unique_ptr<Counter>> Counter::Open(const std::string& stateDir,
                                                     std::function<std::string()> today,
                                                     std::string* notice) {
  // An empty name would put usage.db in whatever folder the process runs in.
  if (stateDir.empty()) return base::Error{"no state folder is set: usage counts are off"};
  std::unique_ptr<Counter> counter(new Counter());
  counter->m_dir = stateDir;
  counter->m_path = (fs::path(stateDir) / "usage.db").string();
  counter->m_today = std::move(today);
  std::error_code error;
  fs::create_directories(stateDir, error);
  if (error) {
    counter->SetHealth({Classify(0, error.value()), stateDir, error.message()});
  } else if (!counter->Connect(notice) && counter->m_health.trouble == Trouble::kNone) {
    return base::Error{counter->m_path + ": damaged again as soon as it was made afresh", true};
  }
  return counter;
}

bool Counter::Connect(std::string* notice) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    int code =
        sqlite3_open_v2(m_path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::string damage;  // what quick_check found wrong, if it ran
    if (code == SQLITE_OK) {
      sqlite3_busy_timeout(m_db, 2000);
      code = QuickCheck(m_db, &damage);
    }
    if (code == SQLITE_OK && damage.empty()) {
      code = Exec(m_db, "PRAGMA journal_mode=WAL");
      if (code == SQLITE_OK) code = Exec(m_db, "PRAGMA synchronous=NORMAL");
      if (code == SQLITE_OK) code = Exec(m_db, kSchema);
      if (code == SQLITE_OK) return true;
    }
    const int primary = (m_db ? sqlite3_extended_errcode(m_db) : code) & 0xff;
    if (damage.empty() && primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB) {
      // The machine's fault (a full disk, a folder that may not be written, a lock): the file
      // stays as it is. (Before, a full disk's "disk I/O error" from quick_check had it set aside
      // as damaged, and an empty file then hid its counts from the exports.)
      const Health health = Diagnose(code);
      sqlite3_close(m_db);
      m_db = nullptr;
      SetHealth(health);
      return false;
    }
    if (damage.empty()) damage = sqlite3_errmsg(m_db);
    sqlite3_close(m_db);
    m_db = nullptr;
    // Damaged, as SQLite itself says: kept aside for staff with its journal (which may hold the
    // last counts), never deleted.
    const std::string aside = m_path + ".damaged-" + m_today();
    std::error_code error;
    fs::rename(m_path, aside, error);
    if (error) {
      SetHealth(
          {Classify(0, error.value()), m_dir,
           m_path + " is damaged (" + damage + ") and cannot be set aside: " + error.message()});
      return false;
    }
    std::error_code ignored;  // the journals may not be there
    fs::rename(m_path + "-wal", aside + "-wal", ignored);
    fs::remove(m_path + "-shm", ignored);
    const std::string said = m_path + ": damaged (" + damage + "); kept as " + aside;
    if (notice) {
      *notice = said;
    } else {
      base::Log(base::LogLevel::kError, "%s", said.c_str());
    }
  }
  return false;
}

Health Counter::Diagnose(int code) const {
  const int extended = m_db ? sqlite3_extended_errcode(m_db) : code;
  // The system's errno tells a full disk from a folder that may not be written when SQLite says
  // only "disk I/O error" or "unable to open database file"; it is stale after other errors.
  const int primary = extended & 0xff;
  const bool system = primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN ||
                      primary == SQLITE_FULL || primary == SQLITE_READONLY;
  int error = m_db && system ? sqlite3_system_errno(m_db) : 0;
  if (primary == SQLITE_FULL && error == 0) error = ENOSPC;  // "database or disk is full"
  Health health{
      Classify(primary, error), m_path,
      error ? std::strerror(error) : (m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(extended))};
  // A folder that may not be written is named rather than the file, which may not exist. (SQLite
  // tries read-only after EACCES, so its errno is then that attempt's ENOENT.)
  if (system && access(m_dir.c_str(), W_OK) != 0 && errno != ENOENT) {
    health = {Classify(0, errno), m_dir, std::strerror(errno)};
  }
  return health;
}

void Counter::SetHealth(Health health) {
  if (health == m_health) return;
  if (health.trouble == Trouble::kNone) {
    base::Log(base::LogLevel::kInfo, "usage counts are saved again in %s", m_path.c_str());
  } else {
    base::Log(base::LogLevel::kError,
              "usage counts are not being saved: %s: %s (%s); %lld kept in memory until it can be "
              "written",
              health.where.c_str(), TroubleText(health.trouble), health.reason.c_str(),
              static_cast<long long>(Unsaved()));
  }
  m_health = std::move(health);
}

Counter::~Counter() {
  (void)Flush();
  if (const std::int64_t lost = Unsaved(); lost > 0) {
    base::Log(base::LogLevel::kError, "usage counts: %lld counts not written to %s are lost",
              static_cast<long long>(lost), m_path.c_str());
  }
  sqlite3_close(m_db);
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
  // In trouble, each count would be one more failed write: the caller's Flush() tries again.
  if (m_pending.size() >= kBatch && m_health.trouble == Trouble::kNone) (void)Flush();
}

std::int64_t Counter::Unsaved() const {
  std::int64_t unsaved = 0;
  for (const auto& [key, count] : m_pending) unsaved += count;
  return unsaved;
}

bool Counter::Write(Counts::const_iterator first, Counts::const_iterator last) {
  sqlite3_stmt* upsert = nullptr;
  int code = Exec(m_db, "BEGIN IMMEDIATE");
  if (code == SQLITE_OK) {
    code = sqlite3_prepare_v2(m_db,
                              "INSERT INTO counts VALUES (?, ?, ?, ?, ?, ?, ?) "
                              "ON CONFLICT DO UPDATE SET count = count + excluded.count",
                              -1, &upsert, nullptr);
  }
  for (auto it = first; code == SQLITE_OK && it != last; ++it) {
    const auto& [day, event, pack, item, lang, detail] = it->first;
    int column = 1;
    for (const std::string* text : {&day, &event, &pack, &item, &lang, &detail}) {
      sqlite3_bind_text(upsert, column++, text->c_str(), -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(upsert, column, it->second);
    code = sqlite3_step(upsert);
    if (code == SQLITE_DONE) code = sqlite3_reset(upsert);
  }
  std::optional<Health> failed;
  if (code != SQLITE_OK) failed = Diagnose(code);
  sqlite3_finalize(upsert);
  if (!failed && (code = Exec(m_db, "COMMIT")) != SQLITE_OK) failed = Diagnose(code);
  if (!failed) return true;
  // SQLite has already rolled back after a full disk or an I/O error; after others it has not.
  if (!sqlite3_get_autocommit(m_db)) Exec(m_db, "ROLLBACK");
  SetHealth(*failed);
  return false;
}

base::Result<bool> Counter::Flush() {
  if (m_pending.empty()) return true;
  if (!m_db && !Connect(nullptr)) {
    return base::Error{m_health.where + ": counts not saved: " + m_health.reason, true};
  }
  if (Write(m_pending.begin(), m_pending.end())) {
    m_pending.clear();
  } else {
    // The batch did not fit on the disk: each count alone, so that what fits is written (one
    // count's row takes less room than a batch's).
    for (auto it = m_pending.begin();
         m_health.trouble == Trouble::kDiskFull && it != m_pending.end();) {
      it = Write(it, std::next(it)) ? m_pending.erase(it) : std::next(it);
    }
  }
  if (!m_pending.empty()) {
    // Opened again at the next attempt: a file opened read-only stays so, and a file found
    // damaged is set aside then.
    sqlite3_close(m_db);
    m_db = nullptr;
    return base::Error{m_health.where + ": counts not saved: " + m_health.reason, true};
  }
  SetHealth({});
  return true;
}

base::Result<std::vector<Row>> Counter::Rows(const std::string& since) {
  if (!m_db && !Connect(nullptr)) {
    return base::Error{m_health.where + ": cannot be read: " + m_health.reason, true};
  }
  return SelectRows(m_db, m_path, since);
}

base::Result<std::vector<Row>> ReadCounts(const std::string& stateDir, const std::string& since) {
  const std::string path = (fs::path(stateDir) / "usage.db").string();
  if (!fs::is_regular_file(path)) {
    return base::Error{path + ": no usage counts here (is " + stateDir +
                       " the kiosk's state folder?)"};
  }
  // Read only: the kiosk may be counting into it right now, and nothing here may change it.
  int primary = SQLITE_OK, error = 0;  // why the last read failed
  auto read = [&](bool exclusive) -> base::Result<std::vector<Row>> {
    sqlite3* db = nullptr;
    const int flags = exclusive ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      const std::string why = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      return base::Error{path + ": cannot be read: " + why, true};
    }
    sqlite3_busy_timeout(db, 2000);
    if (exclusive) {
      // Exclusive locking keeps the WAL index in memory, not in usage.db-shm, which a full disk
      // has no room for (SQLITE_IOERR_SHMSIZE even to read). query_only and no checkpoint on close
      // keep this connection from writing anything.
      sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
      Exec(db, "PRAGMA query_only=1");
      Exec(db, "PRAGMA locking_mode=EXCLUSIVE");
    }
    base::Result<std::vector<Row>> rows = SelectRows(db, path, since);
    primary = sqlite3_extended_errcode(db) & 0xff;
    error = sqlite3_system_errno(db);
    sqlite3_close(db);
    return rows;
  };
  base::Result<std::vector<Row>> rows = read(false);
  if (!rows && primary == SQLITE_IOERR && error == ENOSPC) rows = read(true);
  if (!rows && (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)) {
    return base::Error{
        rows.error() + " (start the kiosk, which keeps a damaged file aside and starts afresh)",
        true};
  }
  return rows;
}

}  // namespace kiosk::stats
