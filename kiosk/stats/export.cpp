// What leaves the kiosk: the usage counts as a CSV file for the centre's periodic review, stamped
// with the centre's name and the kiosk's id; the federation's merge of many such files; and the
// kiosk's id. Any thread.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <tuple>

#include "stats/stats.h"

namespace kiosk::stats {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHeader = "centre,kiosk,day,event,pack,item,lang,detail,count";
constexpr const char* kSuppressed = "<5";
constexpr const char* kBom = "\xEF\xBB\xBF";  // so that spreadsheets read the file as UTF-8

// A row's place in a merge: its kiosk and what it counts (the centre is the kiosk's name).
using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string,
                       std::string>;

Key KeyOf(const ExportRow& r) {
  return {r.kiosk, r.day, r.event, r.pack, r.item, r.lang, r.detail};
}

bool IsSurvey(std::string_view event) {
  return event == EventName(Event::kSurveyAnswer);
}

// A cell a spreadsheet would run as a formula (=, +, -, @ first) is written with a ' before it,
// which spreadsheets show as text; reading takes it off again.
std::string Guarded(const std::string& cell) {
  return !cell.empty() && std::strchr("=+-@", cell.front()) ? "'" + cell : cell;
}
std::string Unguarded(const std::string& cell) {
  return cell.size() > 1 && cell.front() == '\'' && std::strchr("=+-@", cell[1]) ? cell.substr(1)
                                                                                 : cell;
}

// Well-formed UTF-8 without control characters (a tab is allowed).
bool CleanText(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80             ? 1
                               : (lead & 0xE0) == 0xC0 ? 2
                               : (lead & 0xF0) == 0xE0 ? 3
                               : (lead & 0xF8) == 0xF0 ? 4
                                                       : 0;
    if (length == 0 || i + length > text.size() || lead == 0xC0 || lead == 0xC1) return false;
    if (length == 1 && ((lead < 0x20 && lead != '\t') || lead == 0x7F)) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// A real calendar day YYYY-MM-DD, or a month YYYY-MM.
bool IsDayOrMonth(const std::string& text) {
  static const std::regex shape(R"((\d{4})-(\d{2})(-(\d{2}))?)");
  std::smatch m;
  if (!std::regex_match(text, m, shape)) return false;
  const std::chrono::year_month_day date{
      std::chrono::year(std::stoi(m[1])),
      std::chrono::month(static_cast<unsigned>(std::stoul(m[2]))),
      std::chrono::day(m[4].matched ? static_cast<unsigned>(std::stoul(m[4])) : 1u)};
  return date.ok();
}

// Of two counts of one row, the one to keep: counts only grow, so the larger; a suppressed one
// (1 to 4) is smaller than any shown.
std::optional<std::int64_t> Larger(std::optional<std::int64_t> a, std::optional<std::int64_t> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

}  // namespace

std::vector<ExportRow> ExportRows(const std::vector<Row>& rows, std::string_view centre,
                                  std::string_view kiosk, std::string_view today) {
  std::map<Key, std::int64_t> sums;
  for (const Row& row : rows) {
    // Survey answers go by month, over every language, and only once the month is over: two
    // exports within one month would otherwise differ by the few answers given in between.
    const bool survey = IsSurvey(row.event);
    const std::string day = survey ? row.day.substr(0, 7) : row.day;
    if (survey && day >= today.substr(0, 7)) continue;
    sums[Key{std::string(kiosk), day, row.event, row.pack, row.item, survey ? "" : row.lang,
             row.detail}] += row.count;
  }
  std::vector<ExportRow> out;
  out.reserve(sums.size());
  for (const auto& [key, count] : sums) {
    const auto& [k, day, event, pack, item, lang, detail] = key;
    const bool hidden = IsSurvey(event) && count < kSuppressBelow;
    out.push_back({std::string(centre), k, day, event, pack, item, lang, detail,
                   hidden ? std::nullopt : std::optional<std::int64_t>(count)});
  }
  return out;
}

std::string ToCsv(const std::vector<ExportRow>& rows) {
  std::string csv = std::string(kBom) + kHeader + "\r\n";
  for (const ExportRow& r : rows) {
    for (const std::string* cell :
         {&r.centre, &r.kiosk, &r.day, &r.event, &r.pack, &r.item, &r.lang, &r.detail}) {
      csv += base::CsvField(Guarded(*cell)) + ",";
    }
    csv += (r.count ? std::to_string(*r.count) : kSuppressed) + "\r\n";
  }
  return csv;
}

base::Result<std::vector<ExportRow>> ParseExport(const std::string& text, const std::string& file) {
  const auto rows = base::ParseCsv(text.starts_with(kBom) ? text.substr(3) : text);
  std::string header;
  for (const std::string& cell : rows.empty() ? std::vector<std::string>{} : rows.front().second) {
    header += (header.empty() ? "" : ",") + cell;
  }
  if (header != kHeader) {
    return base::Error{file + ":1: not a usage export: the first line must be " +
                       std::string(kHeader)};
  }
  std::vector<std::string> problems;
  std::vector<ExportRow> out;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& [line, raw] = rows[i];
    const std::string where = file + ":" + std::to_string(line) + ": ";
    if (raw.size() != 9) {
      problems.push_back(where + "has " + std::to_string(raw.size()) + " columns, not 9");
      continue;
    }
    std::vector<std::string> cells;
    for (const std::string& cell : raw) cells.push_back(Unguarded(cell));
    if (!std::all_of(cells.begin(), cells.end(), CleanText)) {
      problems.push_back(where + "is not clean UTF-8 text (saved in another encoding?)");
      continue;
    }
    ExportRow row{cells[0], cells[1], cells[2], cells[3],    cells[4],
                  cells[5], cells[6], cells[7], std::nullopt};
    if (!IsDayOrMonth(row.day)) {
      problems.push_back(where + "day: '" + row.day + "' is not a day YYYY-MM-DD or month YYYY-MM");
    }
    if (row.event.empty()) problems.push_back(where + "event: is empty");
    if (cells[8] != kSuppressed) {
      errno = 0;
      char* end = nullptr;
      const long long count = std::strtoll(cells[8].c_str(), &end, 10);
      if (cells[8].empty() || cells[8].find_first_not_of("0123456789") != std::string::npos ||
          *end != '\0' || errno == ERANGE || count > INT_MAX) {
        problems.push_back(where + "count: '" + cells[8] + "' is not a count (or <5)");
      }
      row.count = count;
    }
    // What the kiosk never exports, a file must not bring in: survey answers by day, by
    // language, or as 1 to 4.
    if (IsSurvey(row.event) && (row.day.size() != 7 || !row.lang.empty() ||
                                (row.count && *row.count > 0 && *row.count < kSuppressBelow))) {
      problems.push_back(where +
                         "a survey answer must be by month, without a language, and hidden (<5) "
                         "when chosen 1 to 4 times");
    }
    out.push_back(std::move(row));
  }
  if (!problems.empty()) return base::Problems(problems);
  return out;
}

base::Result<std::vector<ExportRow>> Merge(const std::vector<NamedExport>& exports) {
  std::map<Key, std::optional<std::int64_t>> merged;
  std::map<std::string, std::pair<std::string, std::string>> centreOf;  // kiosk → centre, file
  std::vector<std::string> problems;
  for (const NamedExport& named : exports) {
    for (const ExportRow& row : named.rows) {
      auto [centre, added] = centreOf.try_emplace(row.kiosk, row.centre, named.file);
      if (!added && centre->second.first != row.centre) {
        problems.push_back(named.file + ": kiosk " + row.kiosk + " is called '" + row.centre +
                           "', but '" + centre->second.first + "' in " + centre->second.second +
                           ": export it again with one centre name");
        centre->second.first = row.centre;  // said once for each new name
      }
      auto [it, first] = merged.try_emplace(KeyOf(row), row.count);
      if (!first) it->second = Larger(it->second, row.count);
    }
  }
  if (!problems.empty()) return base::Problems(problems);
  std::vector<ExportRow> out;
  out.reserve(merged.size());
  for (const auto& [key, count] : merged) {
    const auto& [kiosk, day, event, pack, item, lang, detail] = key;
    out.push_back({centreOf[kiosk].first, kiosk, day, event, pack, item, lang, detail, count});
  }
  return out;
}

base::Result<std::string> KioskId(const std::string& stateDir) {
  const fs::path path = fs::path(stateDir) / "kiosk-id";
  std::string id;
  if (std::ifstream in(path); in && std::getline(in, id)) {
    id.erase(id.find_last_not_of(" \t\r") + 1);
    std::transform(id.begin(), id.end(), id.begin(), [](char c) { return std::tolower(c); });
    if (std::regex_match(id, std::regex("[0-9a-f]{12}"))) return id;
  }
  // A random name for this kiosk, not for anyone using it: it tells the kiosks of one centre
  // apart in a merge.
  std::random_device random;
  char hex[13];
  std::snprintf(hex, sizeof hex, "%06x%06x", random() & 0xffffff, random() & 0xffffff);
  base::Result<bool> written = base::WriteAtomically(path.string(), std::string(hex) + "\n");
  if (!written) return base::Error{written.error(), true};
  return std::string(hex);
}

base::Result<std::vector<ExportRow>> ExportState(const std::string& stateDir,
                                                 std::string_view centre, std::string_view today) {
  base::Result<std::vector<Row>> rows = ReadCounts(stateDir);
  if (!rows) return rows.failure();
  base::Result<std::string> kiosk = KioskId(stateDir);
  if (!kiosk) return kiosk.failure();
  return ExportRows(rows.value(), centre, kiosk.value(), today);
}

}  // namespace kiosk::stats
