// The kiosk's log: one line per message on stderr, which journald keeps for the service, and the
// last warnings and errors in memory for staff (RecentProblems); and the message of many
// problems. Any thread; one mutex keeps log lines whole and guards the recent problems.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "base/base.h"

namespace kiosk::base {
namespace {

// The recent problems in fixed slots, so that logging one allocates nothing: a worker may log
// while memory is short, and an idle kiosk that logs a warning a minute must not fragment its heap.
struct Slot {
  WallTime time;
  LogLevel level;
  char text[kProblemBytes + 1];
};

struct Journal {
  std::mutex mutex;
  std::array<Slot, kRecentProblems> recent{};
  std::size_t logged = 0;  // problems since start; the newest is at (logged - 1) % size
};

Journal& TheJournal() {
  static Journal journal;
  return journal;
}

// How many of text's first `limit` bytes hold whole UTF-8 characters.
std::size_t WholeCharacters(const char* text, std::size_t limit) {
  std::size_t length = strnlen(text, limit + 1);
  if (length <= limit) return length;
  length = limit;
  while (length > 0 && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) --length;
  return length;
}

}  // namespace

Error Problems(const std::vector<std::string>& problems) {
  std::string message;
  for (const std::string& p : problems) message += (message.empty() ? "" : "\n") + p;
  return Error{message};
}

void Log(LogLevel level, const char* fmt, ...) {
  const char* prefix = level == LogLevel::kError     ? "error: "
                       : level == LogLevel::kWarning ? "warning: "
                                                     : "";
  char line[2048];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(line, sizeof line, fmt, args);
  va_end(args);
  const WallTime now = std::chrono::system_clock::now();
  Journal& log = TheJournal();
  std::lock_guard lock(log.mutex);
  std::fprintf(stderr, "kiosk: %s%s\n", prefix, line);
  if (level == LogLevel::kInfo) return;
  Slot& slot = log.recent[log.logged++ % log.recent.size()];
  slot.time = now;
  slot.level = level;
  const std::size_t length = WholeCharacters(line, kProblemBytes);
  std::memcpy(slot.text, line, length);
  slot.text[length] = '\0';
}

std::vector<LogLine> RecentProblems() {
  Journal& log = TheJournal();
  std::vector<LogLine> lines;
  lines.reserve(kRecentProblems);
  std::lock_guard lock(log.mutex);
  const std::size_t kept = std::min(log.logged, log.recent.size());
  for (std::size_t i = 1; i <= kept; ++i) {
    const Slot& slot = log.recent[(log.logged - i) % log.recent.size()];
    lines.push_back({slot.time, slot.level, slot.text});
  }
  return lines;
}

}  // namespace kiosk::base
