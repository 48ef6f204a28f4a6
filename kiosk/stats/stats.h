// Anonymous usage counts: how often each thing was used, per day, per language — never who, and
// no time finer than a day. SQLite (WAL) in the state folder; counts are held in memory and
// written in batches, so a busy day costs little. The only module that includes sqlite3.
// Main thread (one Counter per process).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/base.h"

struct sqlite3;

namespace kiosk::stats {

enum class Event {
  kSessionStarted,    // first touch after idle
  kLanguageChosen,    // lang: the language chosen
  kScreenShown,       // item: the screen
  kVideoStarted,      // pack, item: the video
  kVideoCompleted,    // at least 90 % watched
  kQuizStarted,       //
  kQuizCompleted,     // detail: the score band ("0-49", "50-79", "80-100")
  kSurveyAnswer,      // item: survey, detail: "question/answer"; by month, no language
  kHelpShown,         //
  kPlaybackError,     //
  kContestStarted,    //
  kContestFinished,   //
  kContestAnswer,     // detail: "question/right" or "question/wrong", never per team
  kLeafletOpened,     // pack, item: the leaflet
  kLeafletCompleted,  // its last page was shown
};
const char* EventName(Event event);

struct Row {
  std::string day;  // YYYY-MM-DD, local; YYYY-MM for survey answers (kept by month)
  std::string event, pack, item, lang, detail;
  std::int64_t count;
};

// Why counts are not reaching usage.db. Each is the machine's fault, never the counts': they are
// kept in memory meanwhile and written once the file can be written again.
enum class Trouble {
  kNone,
  kDiskFull,      // ENOSPC, SQLITE_FULL: written once space comes back
  kNoPermission,  // EACCES, EPERM, EROFS, SQLITE_READONLY: the folder or file may not be written
  kLocked,        // SQLITE_BUSY: another program holds the file
  kFailed,        // any other I/O failure
};
struct Health {
  Trouble trouble = Trouble::kNone;
  std::string where;   // the folder or file that could not be written
  std::string reason;  // the system's (or SQLite's) words: "No space left on device"
  bool operator==(const Health&) const = default;
};

class Counter {
 public:
  // Opens (or makes) stateDir/usage.db. Only a file that SQLite itself finds damaged
  // (SQLITE_CORRUPT, SQLITE_NOTADB, quick_check) is kept aside as usage.db.damaged-<day>, its
  // journal beside it (never deleted), and reported in `notice`; counting then starts afresh. A
  // full disk, a folder or file that may not be written, or a file another program locks is not
  // damage: the file is left as it is, counts are kept in memory (GetHealth()) and each Flush()
  // tries again. Fails when no folder is named, or when a damaged file cannot be set aside.
  // `today` gives the local day, YYYY-MM-DD (injectable for tests).
  static base::Result<std::unique_ptr<Counter>> Open(const std::string& stateDir,
                                                     std::function<std::string()> today,
                                                     std::string* notice);
  ~Counter();  // writes what is pending
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  // Counts one use, in memory; written by Flush() (and on its own every kBatch counts while the
  // file can be written: while it cannot, only Flush() tries again, at the caller's pace).
  void Count(Event event, std::string_view pack = {}, std::string_view item = {},
             std::string_view lang = {}, std::string_view detail = {});
  // Writes every pending count in one transaction (opening the file first if it could not be
  // opened before). When that fails, as many as fit are written one by one, and the rest stay
  // pending. Fails naming the file and the reason; GetHealth() then says what kind it is. A change
  // of trouble is logged once, not each attempt.
  base::Result<bool> Flush();
  // Rows not yet written (one per day, event, item, language and detail).
  std::size_t Pending() const { return m_pending.size(); }
  // Uses counted and not yet written.
  std::int64_t Unsaved() const;
  // Why the last attempt to write failed; kNone when it did not.
  const Health& GetHealth() const { return m_health; }
  // Every count written from the day `since` (YYYY-MM-DD) on, or all with none, oldest day
  // first; fails while the file cannot be read. By the table's key: the cost is what is read.
  base::Result<std::vector<Row>> Rows(const std::string& since = "");

  static constexpr std::size_t kBatch = 256;

 private:
  using Key =
      std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
  using Counts = std::map<Key, std::int64_t>;

  Counter() = default;
  // Opens and checks the file, setting a damaged one aside; false, with m_health set, when the
  // machine does not let it be opened.
  bool Connect(std::string* notice);
  // Writes counts in one transaction; false (nothing written) when it failed.
  bool Write(Counts::const_iterator first, Counts::const_iterator last);
  // Sets m_health, logging a change.
  void SetHealth(Health health);
  // The trouble SQLite's last error on m_db (or `code`) means, naming the file or folder.
  Health Diagnose(int code) const;
  sqlite3* m_db = nullptr;
  std::string m_dir, m_path;
  std::function<std::string()> m_today;
  Health m_health;
  Counts m_pending;
};

// [SECTION] Exports: the counts on a USB stick for the centre's review, and the federation's
// merge and report of many centres' exports (export.cpp, report.cpp).

// A survey answer chosen fewer times than this in a month is not shown in exports and reports.
constexpr std::int64_t kSuppressBelow = 5;

struct ExportRow {
  std::string centre, kiosk;  // the centre's name, and the kiosk's id (KioskId)
  std::string day;            // YYYY-MM-DD; YYYY-MM for survey answers, summed by month
  std::string event, pack, item, lang, detail;
  std::optional<std::int64_t> count;  // nullopt: a survey answer chosen 1 to 4 times, not shown
};

// The counts as an export: as kept, except survey answers, which are by month over every language,
// only for months over by `today` (YYYY-MM-DD), and suppressed when 1 to 4.
std::vector<ExportRow> ExportRows(const std::vector<Row>& rows, std::string_view centre,
                                  std::string_view kiosk, std::string_view today);
// The CSV file, UTF-8 with a byte-order mark for spreadsheets: a header line
// (centre,kiosk,day,event,pack,item,lang,detail,count), then a row each; a suppressed count is
// written "<5". What a spreadsheet would change stays text: survey answers are written "Q1 A4"
// (not "1/4", a date) and score bands "score 80-100", and a cell it would run as a formula or
// read as a number or date (a pack id "3-1", a kiosk id of digits) gets a ' before it.
std::string ToCsv(const std::vector<ExportRow>& rows);
// Reads an export, of this version or an older one (details as the kiosk keeps them); details
// come back as the kiosk keeps them. Fails naming the file, line and column of every problem,
// among them a detail not of its event's form (an answer a spreadsheet turned into "4-Jan") and
// survey answers that an export never holds (by day, by language, or 1 to 4 shown).
base::Result<std::vector<ExportRow>> ParseExport(const std::string& text, const std::string& file);
struct NamedExport {
  std::string file;
  std::vector<ExportRow> rows;
};
// Many exports as one, each kiosk's rows kept apart. A row of a kiosk found in several (the same
// file twice, or two exports of one kiosk that cover the same days) is kept once, with its
// largest count: a day's count only grows. Fails when one kiosk has two centre names.
base::Result<std::vector<ExportRow>> Merge(const std::vector<NamedExport>& exports);
// Every count in stateDir/usage.db (from the day `since` on, as Counter::Rows), read only (the
// kiosk may be counting): nothing is changed. Fails naming the file when it is missing or damaged.
base::Result<std::vector<Row>> ReadCounts(const std::string& stateDir,
                                          const std::string& since = "");
// One self-contained HTML page (XHTML, inline SVG charts, no scripts, nothing fetched) of merged
// exports, for a federation officer's browser. `today` (YYYY-MM-DD) is printed as its date.
std::string ReportHtml(const std::vector<ExportRow>& rows, std::string_view today);

// This kiosk's id, stateDir/kiosk-id: made at random the first time, 12 hex digits, a letter
// first (kept as it is when made before without one). It names no person.
base::Result<std::string> KioskId(const std::string& stateDir);
// The counts in stateDir (ReadCounts) as this kiosk's export (ExportRows, with its KioskId): what
// `kioskctl stats export` and the USB screen write. Fails as those do.
base::Result<std::vector<ExportRow>> ExportState(const std::string& stateDir,
                                                 std::string_view centre, std::string_view today);

}  // namespace kiosk::stats
