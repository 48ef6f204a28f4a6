// Opening hours: when the kiosk shows itself, by the local wall clock. Main thread.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <regex>
#include <sstream>

#include "app/app.h"

namespace kiosk::app {
namespace {

// Minutes since local midnight at `wall`.
int MinuteOfDay(base::WallTime wall) {
  const std::time_t t = std::chrono::system_clock::to_time_t(wall);
  std::tm local{};
  localtime_r(&t, &local);
  return local.tm_hour * 60 + local.tm_min;
}

}  // namespace

base::Result<OpeningHours> OpeningHours::Parse(const std::string& text) {
  OpeningHours hours;
  hours.m_text = text;
  if (text.find_first_not_of(" \t") == std::string::npos) return hours;  // always open
  const std::regex range(R"(\s*([01]?\d|2[0-4]):([0-5]\d)\s*-\s*([01]?\d|2[0-4]):([0-5]\d)\s*)");
  std::istringstream parts(text);
  for (std::string part; std::getline(parts, part, ',');) {
    std::smatch m;
    const int from = std::regex_match(part, m, range) ? std::stoi(m[1]) * 60 + std::stoi(m[2]) : -1;
    const int to = from >= 0 ? std::stoi(m[3]) * 60 + std::stoi(m[4]) : -1;
    if (from < 0 || from >= 24 * 60 || to > 24 * 60 || from == to) {
      return base::Error{"'" + part + "' is not a range of the day like 08:00-18:00"};
    }
    hours.m_ranges.emplace_back(from, to);
  }
  if (hours.m_ranges.size() !=
      static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) + 1) {
    return base::Error{"'" + text + "' has a comma with no range after it"};
  }
  return hours;
}

base::Result<OpeningHours> OpeningHours::FromRanges(
    const std::vector<std::pair<int, int>>& ranges) {
  std::string text;
  for (const auto& [from, to] : ranges) {
    char range[64];  // room for any int, which the compiler cannot rule out
    std::snprintf(range, sizeof range, "%02d:%02d-%02d:%02d", from / 60, from % 60, to / 60,
                  to % 60);
    text += (text.empty() ? "" : ", ") + std::string(range);
  }
  return Parse(text);
}

bool OpeningHours::IsOpen(base::WallTime wall) const {
  if (m_ranges.empty()) return true;
  const int minute = MinuteOfDay(wall);
  for (const auto& [from, to] : m_ranges) {
    if (from < to ? minute >= from && minute < to : minute >= from || minute < to) return true;
  }
  return false;
}

base::WallTime OpeningHours::NextChange(base::WallTime wall) const {
  // The nearest start or end of a range ahead, by the local clock's minutes; where a change of
  // daylight saving moves it, the kiosk's look at the clock each minute catches up.
  const int now = MinuteOfDay(wall);
  int soonest = 24 * 60;
  for (const auto& [from, to] : m_ranges) {
    for (int boundary : {from, to}) {
      const int ahead = (boundary % (24 * 60) - now + 24 * 60) % (24 * 60);
      soonest = std::min(soonest, ahead == 0 ? 24 * 60 : ahead);
    }
  }
  return std::chrono::floor<std::chrono::minutes>(wall) + std::chrono::minutes(soonest);
}

}  // namespace kiosk::app
