// Small shared vocabulary of every module: Result<T> for anything that comes from outside, the
// injectable Clock that all timing goes through, and the log. Plain C++, any thread.
#pragma once

#include <chrono>
#include <cstdarg>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace kiosk::base {

// [SECTION] Result

struct Error {
  std::string message;       // names the file, the field and the reason
  bool environment = false;  // the machine failed (disk full, unreadable device), not the input
  // Why, as a code of the module that refused (packs::Refusal), for a screen that tells staff in
  // plain words; 0 when it gives none.
  int reason = 0;
};

// Every problem a validator found, one a line, as one Error.
Error Problems(const std::vector<std::string>& problems);

// A value, or an Error that says what was wrong with the input. No exceptions cross modules.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_value(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : m_value(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(m_value); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(m_value); }
  const T& value() const { return std::get<T>(m_value); }
  const std::string& error() const { return std::get<Error>(m_value).message; }
  bool environmentError() const { return !ok() && std::get<Error>(m_value).environment; }
  // The whole error, to hand on as it is.
  const Error& failure() const { return std::get<Error>(m_value); }

 private:
  std::variant<T, Error> m_value;
};

// [SECTION] Clock

using Duration = std::chrono::steady_clock::duration;
using TimePoint = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

// All timing (animation, inertia, idle timeouts, schedules) reads this, so tests can move time.
class Clock {
 public:
  virtual ~Clock() = default;
  // For intervals: never jumps.
  virtual TimePoint Now() const = 0;
  // The calendar time, for opening hours: it may jump (a clock set right, a time zone).
  virtual WallTime Wall() const = 0;
};

class SteadyClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::steady_clock::now(); }
  WallTime Wall() const override { return std::chrono::system_clock::now(); }
};

// Time that moves only when told. Its wall time starts at 07:00 today, local time, and moves with
// it, unless a test makes it jump.
class ManualClock final : public Clock {
 public:
  ManualClock();
  TimePoint Now() const override { return m_now; }
  WallTime Wall() const override { return m_wallStart + (m_now - kStart); }
  void Advance(Duration d) { m_now += d; }
  // The wall clock alone jumps (set right by hand, or by the network).
  void JumpWall(Duration d) { m_wallStart += std::chrono::duration_cast<WallTime::duration>(d); }

 private:
  static constexpr TimePoint kStart{std::chrono::hours(1)};
  TimePoint m_now = kStart;
  WallTime m_wallStart;
};

// The wall time on the kiosk's local clock, as strftime writes it with `format` ("%H:%M").
std::string LocalText(WallTime wall, const char* format);
// The local day `daysBefore` days before the wall time's, YYYY-MM-DD: the day the usage counts
// are kept by.
std::string LocalDay(WallTime wall, int daysBefore = 0);

inline double Seconds(Duration d) {
  return std::chrono::duration<double>(d).count();
}

// [SECTION] CSV (RFC 4180: quotes, doubled quotes, line breaks inside quotes)

// Splits CSV text into rows of cells, each row with the line it starts on; blank lines are left
// out. `separator`: ',' or, for Excel's "Unicode text", '\t'.
std::vector<std::pair<int, std::vector<std::string>>> ParseCsv(const std::string& text,
                                                               char separator = ',');
// A cell as CSV writes it: quoted when it holds a comma, a quote or a line break.
std::string CsvField(std::string_view text);

// [SECTION] Files

// Writes a file so that it is either whole or absent, even if the power fails or the stick is
// pulled: a temporary file beside it, fsync, rename, fsync of the folder. Fails naming the file
// and the system's reason (read-only, full, gone).
Result<bool> WriteAtomically(const std::string& path, const std::string& text, int mode = 0644);

// Writes `text` as a new file `name` (one name, no folder) in `folder`, a folder that anyone may
// have prepared (a USB stick): whole or not at all, as WriteAtomically, but nothing there is
// followed or written through: not `folder` if it is a link, not a link, FIFO or folder at
// `name` (it stays as it is, and the file is written as "<name>-2.<ext>" beside it), nor one at
// the temporary file's name (random, created only if absent). A regular file at `name` (an
// earlier file of the kiosk's own) is replaced. Returns the name written; fails naming the file
// and the system's reason (read-only, full, gone), leaving nothing behind.
Result<std::string> WriteNewFile(const std::string& folder, const std::string& name,
                                 const std::string& text);

// Opens `path` for reading only if it is a regular file, as fstat() of the open descriptor says:
// never waits on a FIFO or a device, and with `followLinks` false opens no link either. Returns
// the descriptor (the caller closes it); fails naming the file and what it is ("a FIFO (a pipe),
// not a file") or the system's reason.
Result<int> OpenRegular(const std::string& path, bool followLinks = true);

// [SECTION] Log

enum class LogLevel { kInfo, kWarning, kError };

// One line on stderr ("kiosk: warning: ..."). Warnings and errors are also kept in memory, the
// last kRecentProblems of them, for the staff's About screen. Thread-safe.
void Log(LogLevel level, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

// A warning or an error as it was logged; the text is cut (at a character's end) past
// kProblemBytes bytes.
struct LogLine {
  WallTime time;
  LogLevel level;
  std::string text;
};
constexpr std::size_t kRecentProblems = 20;
constexpr std::size_t kProblemBytes = 240;
// The warnings and errors logged since the process started, newest first, at most
// kRecentProblems. Thread-safe; Log() itself allocates nothing to keep them.
std::vector<LogLine> RecentProblems();

}  // namespace kiosk::base
