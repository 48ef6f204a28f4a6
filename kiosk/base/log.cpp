// The kiosk's log: one line per message on stderr, which journald keeps for the service.
// Any thread; a mutex keeps lines whole.
#include <cstdio>
#include <mutex>

#include "base/base.h"

namespace kiosk::base {

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
