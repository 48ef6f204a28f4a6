// The kiosk's log: one line per message on stderr, which journald keeps for the service; and the
// message of many problems. Any thread; a mutex keeps log lines whole.
#include <cstdio>
#include <mutex>

#include "base/base.h"

namespace kiosk::base {

Error Problems(const std::vector<std::string>& problems) {
  std::string message;
  for (const std::string& p : problems) message += (message.empty() ? "" : "\n") + p;
  return Error{message};
}

void Log(LogLevel level, const char* fmt, ...) {
  static std::mutex mutex;
  const char* prefix = level == LogLevel::kError     ? "error: "
                       : level == LogLevel::kWarning ? "warning: "
                                                     : "";
  char line[2048];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(line, sizeof line, fmt, args);
  va_end(args);
  std::lock_guard lock(mutex);
  std::fprintf(stderr, "kiosk: %s%s\n", prefix, line);
}

}  // namespace kiosk::base
