// The manual clock's start on the wall: 07:00 today, local time, so that tests and scripts of
// opening hours begin before a centre opens; and wall times written as local days and times. Any
// thread.
#include <cstdio>
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

std::string LocalText(WallTime wall, const char* format) {
  const std::time_t t = std::chrono::system_clock::to_time_t(wall);
  std::tm local{};
  localtime_r(&t, &local);
  char text[64];
  return std::strftime(text, sizeof text, format, &local) ? text : "";
}

std::string LocalDay(WallTime wall, int daysBefore) {
  using namespace std::chrono;
  const std::time_t t = system_clock::to_time_t(wall);
  std::tm local{};
  localtime_r(&t, &local);
  // Counted on the calendar, not in 24-hour steps, which a daylight-saving change would upset.
  const year_month_day day{
      sys_days{year_month_day{year{local.tm_year + 1900},
                              month{static_cast<unsigned>(local.tm_mon + 1)},
                              std::chrono::day{static_cast<unsigned>(local.tm_mday)}}} -
      days{daysBefore}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return text;
}

}  // namespace kiosk::base
