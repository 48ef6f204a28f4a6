// The manual clock's start on the wall: 07:00 today, local time, so that tests and scripts of
// opening hours begin before a centre opens. Any thread.
#include <ctime>

#include "base/base.h"

namespace kiosk::base {

ManualClock::ManualClock() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  local.tm_hour = 7;
  local.tm_min = 0;
  local.tm_sec = 0;
  local.tm_isdst = -1;  // as the local rules say for that day
  m_wallStart = std::chrono::system_clock::from_time_t(std::mktime(&local));
}

}  // namespace kiosk::base
