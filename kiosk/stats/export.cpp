// What leaves the kiosk: the usage counts as a CSV file for the centre's periodic review, stamped
// with the centre's name and the kiosk's id; the federation's merge of many such files; the
// kiosk's id; and an atomic write for files on a USB stick. Any thread.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
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

using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string,
                       std::string, std::string>;

Key KeyOf(const ExportRow& r) {
  return {r.centre, r.kiosk, r.day, r.event, r.pack, r.item, r.lang, r.detail};
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
                                  std::string_view kiosk) {
  std::map<Key, std::int64_t> sums;
  for (const Row& row : rows) {
    // Survey answers are summed by month over every language, and a sum of 1 to 4 is not shown:
    // a few answers on one day could point at the few women who gave them.
    const bool survey = row.event == EventName(Event::kSurveyAnswer);
    sums[Key{std::string(centre), std::string(kiosk), survey ? row.day.substr(0, 7) : row.day,
             row.event, row.pack, row.item, survey ? "" : row.lang, row.detail}] += row.count;
  }
  std::vector<ExportRow> out;
  out.reserve(sums.size());
  for (const auto& [key, count] : sums) {
    const auto& [c, k, day, event, pack, item, lang, detail] = key;
    const bool hidden = event == EventName(Event::kSurveyAnswer) && count < kSuppressBelow;
    out.push_back({c, k, day, event, pack, item, lang, detail,
                   hidden ? std::nullopt : std::optional<std::int64_t>(count)});
  }
  return out;
}

std::string ToCsv(const std::vector<ExportRow>& rows) {
  std::string csv = std::string(kHeader) + "\r\n";
  for (const ExportRow& r : rows) {
    for (const std::string* cell :
         {&r.centre, &r.kiosk, &r.day, &r.event, &r.pack, &r.item, &r.lang, &r.detail}) {
      csv += base::CsvField(*cell) + ",";
    }
    csv += (r.count ? std::to_string(*r.count) : kSuppressed) + "\r\n";
  }
  return csv;
}

base::Result<std::vector<ExportRow>> ParseExport(const std::string& text, const std::string& file) {
  const auto rows = base::ParseCsv(text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text);
  std::vector<std::string> problems;
  std::vector<ExportRow> out;
  std::string header;
  for (const std::string& cell : rows.empty() ? std::vector<std::string>{} : rows.front().second) {
    header += (header.empty() ? "" : ",") + cell;
  }
  if (header != kHeader) {
    return base::Error{file + ":1: not a usage export: the first line must be " +
                       std::string(kHeader)};
  }
  const std::regex day(R"(\d{4}-\d{2}(-\d{2})?)");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& [line, cells] = rows[i];
    const std::string where = file + ":" + std::to_string(line) + ": ";
    if (cells.size() != 9) {
      problems.push_back(where + "has " + std::to_string(cells.size()) + " columns, not 9");
      continue;
    }
    ExportRow row{cells[0], cells[1], cells[2], cells[3],    cells[4],
                  cells[5], cells[6], cells[7], std::nullopt};
    if (!std::regex_match(row.day, day)) {
      problems.push_back(where + "day: '" + row.day + "' is not YYYY-MM-DD or YYYY-MM");
    }
    if (row.event.empty()) problems.push_back(where + "event: is empty");
    if (cells[8] != kSuppressed) {
      char* end = nullptr;
      const long long count = std::strtoll(cells[8].c_str(), &end, 10);
      if (cells[8].empty() || *end != '\0' || count < 0) {
        problems.push_back(where + "count: '" + cells[8] + "' is not a count (or <5)");
      }
      row.count = count;
    }
    out.push_back(std::move(row));
  }
  if (!problems.empty()) {
    std::string message;
    for (const std::string& p : problems) message += (message.empty() ? "" : "\n") + p;
    return base::Error{message};
  }
  return out;
}

std::vector<ExportRow> Merge(const std::vector<std::vector<ExportRow>>& exports) {
  std::map<Key, std::optional<std::int64_t>> merged;
  for (const std::vector<ExportRow>& rows : exports) {
    for (const ExportRow& row : rows) {
      auto [it, added] = merged.try_emplace(KeyOf(row), row.count);
      if (!added) it->second = Larger(it->second, row.count);
    }
  }
  std::vector<ExportRow> out;
  out.reserve(merged.size());
  for (const auto& [key, count] : merged) {
    const auto& [centre, kiosk, day, event, pack, item, lang, detail] = key;
    out.push_back({centre, kiosk, day, event, pack, item, lang, detail, count});
  }
  return out;
}

base::Result<std::string> KioskId(const std::string& stateDir) {
  const fs::path path = fs::path(stateDir) / "kiosk-id";
  std::string id;
  if (std::ifstream in(path);
      in && std::getline(in, id) && std::regex_match(id, std::regex("[0-9a-f]{12}"))) {
    return id;
  }
  // A random name for this kiosk, not for anyone using it: it tells the kiosks of one centre
  // apart in a merge.
  std::random_device random;
  char hex[13];
  std::snprintf(hex, sizeof hex, "%06x%06x", random() & 0xffffff, random() & 0xffffff);
  base::Result<bool> written = WriteAtomically(path.string(), std::string(hex) + "\n");
  if (!written) return base::Error{written.error(), true};
  return std::string(hex);
}

base::Result<bool> WriteAtomically(const std::string& path, const std::string& text) {
  const std::string temp = path + ".part";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return base::Error{temp + ": cannot be written (is the stick read-only?)", true};
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  const bool synced = done == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  std::error_code error;
  if (!synced) {
    fs::remove(temp, error);
    return base::Error{path + ": not written: the disk is full or was removed", true};
  }
  fs::rename(temp, path, error);
  if (error) {
    fs::remove(temp, error);
    return base::Error{path + ": cannot be put in place: " + error.message(), true};
  }
  // The rename itself reaches the stick before it is called safe to remove.
  const int dir =
      ::open(fs::path(path).parent_path().empty() ? "." : fs::path(path).parent_path().c_str(),
             O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return true;
}

}  // namespace kiosk::stats
