// CSV as spreadsheets write it (RFC 4180): reading for the quiz sheets (also tab-separated, as
// Excel's "Unicode text") and the usage exports, writing for the exports. Any thread.
#include "base/base.h"

namespace kiosk::base {

std::vector<std::pair<int, std::vector<std::string>>> ParseCsv(const std::string& text,
                                                               char separator) {
  std::vector<std::pair<int, std::vector<std::string>>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  int line = 1, rowLine = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        if (ch == '\n') ++line;
        cell += ch;
      }
    } else if (ch == '"') {
      quoted = any = true;
    } else if (ch == separator) {
      row.push_back(cell);
      cell.clear();
      any = true;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !cell.empty()) {
        row.push_back(cell);
        rows.emplace_back(rowLine, row);
      }
      row.clear();
      cell.clear();
      any = false;
      rowLine = ++line;
    } else {
      cell += ch;
      any = true;
    }
  }
  if (any || !cell.empty()) {
    row.push_back(cell);
    rows.emplace_back(rowLine, row);
  }
  return rows;
}

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + '"';
}

}  // namespace kiosk::base
