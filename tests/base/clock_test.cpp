// Wall times written as the kiosk's local days and times: the days the usage counts are kept by
// and the charts show, counted on the calendar across month ends, leap days and clock changes.
#include <gtest/gtest.h>

#include <ctime>

#include "base/base.h"

namespace kiosk::base {
namespace {

// hh:mm on a local day.
WallTime At(int year, int month, int day, int hour, int minute) {
  std::tm local{};
  local.tm_year = year - 1900;
  local.tm_mon = month - 1;
  local.tm_mday = day;
  local.tm_hour = hour;
  local.tm_min = minute;
  local.tm_isdst = -1;
  return std::chrono::system_clock::from_time_t(std::mktime(&local));
}

TEST(LocalDayTest, DaysAreCountedOnTheCalendar) {
  EXPECT_EQ(LocalDay(At(2024, 3, 1, 0, 30)), "2024-03-01");
  EXPECT_EQ(LocalDay(At(2024, 3, 1, 0, 30), 1), "2024-02-29") << "a leap day";
  EXPECT_EQ(LocalDay(At(2023, 3, 1, 23, 59), 1), "2023-02-28");
  EXPECT_EQ(LocalDay(At(2026, 1, 1, 8, 0), 1), "2025-12-31");
  EXPECT_EQ(LocalDay(At(2026, 11, 30, 0, 5), 365), "2025-11-30");
  // Just after midnight, a day back from a 23-hour or 25-hour day is still yesterday.
  for (int month : {3, 4, 10, 11}) {
    for (int day = 1; day <= 28; ++day) {
      const WallTime early = At(2026, month, day, 0, 10);
      EXPECT_EQ(LocalDay(early, 1),
                LocalText(At(2026, month, day, 0, 10) - std::chrono::hours(12), "%Y-%m-%d"))
          << month << "-" << day;
    }
  }
}

TEST(LocalTextTest, WritesTheLocalTime) {
  EXPECT_EQ(LocalText(At(2026, 11, 30, 7, 5), "%H:%M"), "07:05");
  EXPECT_EQ(LocalText(At(2026, 11, 30, 7, 5), "%Y-%m-%d %H:%M:%S"), "2026-11-30 07:05:00");
}

}  // namespace
}  // namespace kiosk::base
