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

// What a spreadsheet opening the file would make of a cell that is text: a formula (=, +, -, @
// first), a number ("001", "1e5", "12%"), a date or time ("1/4", "3-1", "4-Jan", "1:30"), a
// truth value. Excel does so on opening a CSV, and writes back what it made ("4-Jan") on saving;
// LibreOffice likewise unless told not to. Days are dates and counts numbers: they are not text.
bool SpreadsheetWouldChange(const std::string& cell) {
  if (cell.empty()) return false;
  // A ' first is guarded too, so that reading takes off only what writing put on.
  if (std::strchr("=+-@\t\r'", cell.front())) return true;
  static const std::regex numberOrDate(
      R"([\s$€£¥(]*[0-9.,][0-9.,\s/:%\-]*([eE][+-]?[0-9]+)?\)?\s*(am|pm|AM|PM)?\s*)");
  static const std::regex monthName(
      R"((?=.*[0-9])[0-9\s/.,\-]*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[0-9\s/.,\-]*)",
      std::regex::icase);
  static const std::regex truth("true|false", std::regex::icase);
  return std::regex_match(cell, numberOrDate) || std::regex_match(cell, monthName) ||
         std::regex_match(cell, truth);
}

// Such a cell is written with a ' before it. Neither Excel nor LibreOffice takes the ' off a CSV
// cell (they do in a typed cell): it is shown, and saved again with the cell, so the text comes
// back whole; reading takes it off again. (="1/4" would be a formula, and a tab or an invisible
// character would change the text.)
std::string Guarded(const std::string& cell) {
  return SpreadsheetWouldChange(cell) ? "'" + cell : cell;
}
std::string Unguarded(const std::string& cell) {
  return cell.size() > 1 && cell.front() == '\'' && SpreadsheetWouldChange(cell.substr(1))
             ? cell.substr(1)
             : cell;
}

// [SECTION] Details: each event's own form, as the kiosk keeps it and as an export writes it.
//
// A survey answer is kept "1/4" (question 1, answer 4), which every spreadsheet reads as a date
// (4-Jan or 1-Apr) and saves back so; a score band "80-100" is near enough. Exports write them in
// words no spreadsheet reads as a number or date, "Q1 A4" and "score 80-100", and read both those
// and the old forms, so that exports written before stay readable.

const std::regex kSurveyAnswer(R"(([0-9]{1,4})/([0-9]{1,4}))");
const std::regex kSurveyAnswerWritten(R"(Q([0-9]{1,4}) A([0-9]{1,4}))");
constexpr std::string_view kScorePrefix = "score ";

bool IsBand(std::string_view detail) {
  return detail == "0-49" || detail == "50-79" || detail == "80-100";
}

// The detail as an export writes it.
std::string WrittenDetail(const std::string& event, const std::string& detail) {
  std::smatch m;
  if (IsSurvey(event) && std::regex_match(detail, m, kSurveyAnswer)) {
    return "Q" + m[1].str() + " A" + m[2].str();
  }
  if (event == EventName(Event::kQuizCompleted) && IsBand(detail)) {
    return std::string(kScorePrefix) + detail;
  }
  return detail;
}

// The detail as the kiosk keeps it, from an export's (either form); nullopt when it is not of its
// event's form, with what the form is in `form`. Events this version does not know keep theirs.
std::optional<std::string> KeptDetail(const std::string& event, const std::string& detail,
                                      std::string* form) {
  std::smatch m;
  if (IsSurvey(event)) {
    *form = "a question and an answer, Q1 A4";
    if (std::regex_match(detail, m, kSurveyAnswerWritten)) return m[1].str() + "/" + m[2].str();
    if (std::regex_match(detail, kSurveyAnswer)) return detail;
    return std::nullopt;
  }
  if (event == EventName(Event::kQuizCompleted)) {
    *form = "a score band, score 0-49, score 50-79 or score 80-100";
    const std::string band =
        detail.starts_with(kScorePrefix) ? detail.substr(kScorePrefix.size()) : detail;
    if (IsBand(band)) return band;
    return std::nullopt;
  }
  if (event == EventName(Event::kContestAnswer)) {
    *form = "a question and who answered, 3/right or tiebreak-1/wrong";
    static const std::regex answer(R"((tiebreak-)?[0-9]{1,4}/(right|wrong))");
    if (std::regex_match(detail, answer)) return detail;
    return std::nullopt;
  }
  if (event == EventName(Event::kContestStarted)) {
    *form = "how teams answer and how many, teacher/2 teams or zones/4 teams";
    static const std::regex started(R"((teacher|zones)/[0-9] teams)");
    if (std::regex_match(detail, started)) return detail;
    return std::nullopt;
  }
  if (event == EventName(Event::kContestFinished)) {
    *form = "all questions, or ended early";
    if (detail == "all questions" || detail == "ended early") return detail;
    return std::nullopt;
  }
  for (Event known :
       {Event::kSessionStarted, Event::kLanguageChosen, Event::kScreenShown, Event::kVideoStarted,
        Event::kVideoCompleted, Event::kQuizStarted, Event::kHelpShown, Event::kPlaybackError,
        Event::kLeafletOpened, Event::kLeafletCompleted}) {
    if (event == EventName(known)) {
      *form = "empty";
      if (detail.empty()) return detail;
      return std::nullopt;
    }
  }
  return detail;
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
    const std::string detail = WrittenDetail(r.event, r.detail);
    for (const std::string* cell :
         {&r.centre, &r.kiosk, &r.day, &r.event, &r.pack, &r.item, &r.lang, &detail}) {
      // The day is a date to a spreadsheet, rightly.
      csv += base::CsvField(cell == &r.day ? *cell : Guarded(*cell)) + ",";
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
    // Each cell's problem names its column: a spreadsheet shows the file by them.
    auto at = [&, line = line](int column) {
      return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
    };
    const char* resaved =
        ": was the file saved again by a spreadsheet? Use the file as the kiosk wrote it";
    if (!IsDayOrMonth(row.day)) {
      problems.push_back(at(3) + "day: '" + row.day + "' is not a day YYYY-MM-DD or month YYYY-MM" +
                         resaved);
    }
    if (row.event.empty()) problems.push_back(at(4) + "event: is empty");
    std::string form;
    if (std::optional<std::string> kept = KeptDetail(row.event, row.detail, &form)) {
      row.detail = std::move(*kept);
    } else {
      // Two names for one answer ("1/4" and Excel's "4-Jan") would be counted twice in a report.
      problems.push_back(at(8) + "detail: '" + row.detail + "' is not " + form + " (as " +
                         row.event + " has)" + resaved);
    }
    if (cells[8] != kSuppressed) {
      errno = 0;
      char* end = nullptr;
      const long long count = std::strtoll(cells[8].c_str(), &end, 10);
      if (cells[8].empty() || cells[8].find_first_not_of("0123456789") != std::string::npos ||
          *end != '\0' || errno == ERANGE || count > INT_MAX) {
        problems.push_back(at(9) + "count: '" + cells[8] + "' is not a count (or <5)");
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
  // A letter first: an id of digits ("120034005678") or digits around an e ("5e1234567890", one
  // id in 25) is a number to a spreadsheet, which shows and saves it as 1.2E+11.
  hex[0] = "abcdef"[random() % 6];
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
