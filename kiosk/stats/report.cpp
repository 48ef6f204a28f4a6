// The federation's report of merged usage exports: one self-contained XHTML page with inline SVG
// charts and tables, no scripts and nothing fetched, that any browser opens offline. Any thread.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "stats/stats.h"

namespace kiosk::stats {
namespace {

constexpr int kChartWidth = 760;

std::string Escape(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string Number(std::int64_t n) {
  return std::to_string(n);
}

// A count that may include suppressed cells: "12", "12 + fewer than 5 more", "fewer than 5".
struct Tally {
  std::int64_t shown = 0;
  int hidden = 0;  // cells of 1 to 4, not shown
  void Add(const std::optional<std::int64_t>& count) {
    if (count) {
      shown += *count;
    } else {
      ++hidden;
    }
  }
  std::string Text() const {
    const std::string few = "fewer than " + Number(kSuppressBelow);
    const std::string hiddenText =
        hidden == 1 ? few : Number(hidden) + " times " + few;  // several months or kiosks
    if (hidden == 0) return Number(shown);
    if (shown == 0) return hiddenText;
    return Number(shown) + " + " + hiddenText;
  }
};

// The day after a YYYY-MM-DD day, or "" when it is not a date.
std::string NextDay(const std::string& day) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (std::sscanf(day.c_str(), "%d-%u-%u", &y, &m, &d) != 3) return "";
  const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(m),
                                         std::chrono::day(d)};
  if (!date.ok()) return "";
  const std::chrono::year_month_day next{std::chrono::sys_days(date) + std::chrono::days(1)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(next.year()),
                static_cast<unsigned>(next.month()), static_cast<unsigned>(next.day()));
  return text;
}

// One bar a day from the first day to the last, days without counts at zero.
std::string DailyChart(std::map<std::string, std::int64_t> perDay) {
  if (perDay.empty()) return "<p>No visits counted.</p>\n";
  // The days between, at zero (at most ten years of them: the rest is a damaged export).
  const std::string last = perDay.rbegin()->first;
  std::string between = perDay.begin()->first;
  for (int i = 0; i < 3660 && !between.empty() && between < last; ++i) {
    between = NextDay(between);
    perDay.try_emplace(between, 0);
  }
  std::int64_t most = 1;
  for (const auto& [day, count] : perDay) most = std::max(most, count);
  const int height = 160, top = 10, bottom = 30, left = 40;
  const int bars = static_cast<int>(perDay.size());
  const double step = static_cast<double>(kChartWidth - left - 10) / bars;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Number(kChartWidth) +
                    "\" height=\"" + Number(height + top + bottom) +
                    "\" role=\"img\" aria-label=\"Visits per day\">\n";
  svg += "<line x1=\"" + Number(left) + "\" y1=\"" + Number(top + height) + "\" x2=\"" +
         Number(kChartWidth - 10) + "\" y2=\"" + Number(top + height) +
         "\" stroke=\"#555\"/>\n<text x=\"" + Number(left - 4) + "\" y=\"" + Number(top + 10) +
         "\" text-anchor=\"end\">" + Number(most) + "</text>\n";
  int i = 0;
  for (const auto& [day, count] : perDay) {
    const double h =
        static_cast<double>(height) * static_cast<double>(count) / static_cast<double>(most);
    char rect[256];
    std::snprintf(rect, sizeof rect,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1e5aa8\">",
                  left + i * step, top + height - h, std::max(step - 1, 1.0), h);
    svg += std::string(rect) + "<title>" + Escape(day) + ": " + Number(count) + "</title></rect>\n";
    ++i;
  }
  svg += "<text x=\"" + Number(left) + "\" y=\"" + Number(top + height + 20) + "\">" +
         Escape(perDay.begin()->first) + "</text>\n<text x=\"" + Number(kChartWidth - 10) +
         "\" y=\"" + Number(top + height + 20) + "\" text-anchor=\"end\">" +
         Escape(perDay.rbegin()->first) + "</text>\n</svg>\n";
  return svg;
}

// A bar a label, longest first.
std::string BarChart(std::vector<std::pair<std::string, std::int64_t>> bars,
                     const std::string& what) {
  if (bars.empty()) return "<p>None counted.</p>\n";
  std::sort(bars.begin(), bars.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::int64_t most = 1;
  for (const auto& [label, count] : bars) most = std::max(most, count);
  const int row = 22, labelWidth = 220, barWidth = kChartWidth - labelWidth - 70;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Number(kChartWidth) +
                    "\" height=\"" + Number(row * static_cast<int>(bars.size()) + 4) +
                    "\" role=\"img\" aria-label=\"" + Escape(what) + "\">\n";
  int y = 0;
  for (const auto& [label, count] : bars) {
    const int w = static_cast<int>(static_cast<double>(barWidth) * static_cast<double>(count) /
                                   static_cast<double>(most));
    svg += "<text x=\"" + Number(labelWidth - 6) + "\" y=\"" + Number(y + 15) +
           "\" text-anchor=\"end\">" + Escape(label.empty() ? "(none)" : label) + "</text>\n";
    svg += "<rect x=\"" + Number(labelWidth) + "\" y=\"" + Number(y + 3) + "\" width=\"" +
           Number(std::max(w, 1)) + "\" height=\"" + Number(row - 6) + "\" fill=\"#1b7340\"/>\n";
    svg += "<text x=\"" + Number(labelWidth + std::max(w, 1) + 6) + "\" y=\"" + Number(y + 15) +
           "\">" + Number(count) + "</text>\n";
    y += row;
  }
  return svg + "</svg>\n";
}

// A table: a header row, then rows of cells (already escaped).
std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows) {
  if (rows.empty()) return "<p>None counted.</p>\n";
  std::string html = "<table>\n<tr>";
  for (const std::string& h : header) html += "<th>" + Escape(h) + "</th>";
  html += "</tr>\n";
  for (const auto& cells : rows) {
    html += "<tr>";
    for (const std::string& cell : cells) html += "<td>" + cell + "</td>";
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

}  // namespace

std::string ReportHtml(const std::vector<ExportRow>& rows, std::string_view today) {
  // What the page shows, summed over every centre unless it says otherwise.
  std::map<std::string, std::int64_t> visitsPerDay, visitsByCentre, languages;
  std::set<std::pair<std::string, std::string>> kiosks;
  std::string first, last;
  // (event, pack/item, detail) → tally
  std::map<std::string, std::map<std::string, Tally>> videos, leaflets, quizzes, contests, surveys;
  std::map<std::string, std::map<std::string, Tally>> byCentre;
  // (set, question) → right, wrong; questions in their order, the tie-break ones after them.
  std::map<std::pair<std::string, std::string>, std::map<std::string, Tally>> contestQuestions;
  for (const ExportRow& r : rows) {
    kiosks.insert({r.centre, r.kiosk});
    if (r.day.size() == 10) {
      first = first.empty() ? r.day : std::min(first, r.day);
      last = std::max(last, r.day);
    }
    const std::int64_t n = r.count.value_or(0);
    const std::string item = r.pack.empty() ? r.item : r.pack + " / " + r.item;
    byCentre[r.centre][r.event].Add(r.count);
    if (r.event == "session_started") {
      visitsPerDay[r.day] += n;
      visitsByCentre[r.centre] += n;
    } else if (r.event == "language_chosen") {
      languages[r.lang] += n;
    } else if (r.event == "video_started" || r.event == "video_completed") {
      videos[item][r.event].Add(r.count);
    } else if (r.event == "leaflet_opened" || r.event == "leaflet_completed") {
      leaflets[item][r.event].Add(r.count);
    } else if (r.event == "quiz_started" || r.event == "quiz_completed") {
      quizzes[item][r.event == "quiz_started" ? r.event : r.detail].Add(r.count);
    } else if (r.event == "contest_started" || r.event == "contest_finished") {
      contests[item][r.event].Add(r.count);
    } else if (r.event == "contest_answer") {
      const std::size_t slash = r.detail.rfind('/');
      std::string question = r.detail.substr(0, slash);
      const std::string answered = slash == std::string::npos ? "" : r.detail.substr(slash + 1);
      // "3" → "Question 003" for the order; "tiebreak-1" → "Tie-break 1".
      question = question.starts_with("tiebreak-")
                     ? "Tie-break " + question.substr(9)
                     : "Question " +
                           std::string(3 - std::min<std::size_t>(3, question.size()), '0') +
                           question;
      contestQuestions[{item, question}][answered].Add(r.count);
    } else if (r.event == "survey_answer") {
      surveys[item][r.detail].Add(r.count);
    }
  }

  std::string html =
      "<!DOCTYPE html>\n"
      "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n<head>\n"
      "<meta charset=\"UTF-8\"/>\n<title>Women's Home kiosks: usage report</title>\n"
      "<style>body{font-family:sans-serif;max-width:800px;margin:1em auto;padding:0 1em;"
      "color:#111}table{border-collapse:collapse;margin:0.5em 0 1em}td,th{border:1px solid #bbb;"
      "padding:2px 8px;text-align:left}td+td{text-align:right}.note{background:#fff4cc;"
      "padding:0.5em}svg text{font:12px sans-serif}</style>\n</head>\n<body>\n"
      "<h1>Women's Home kiosks: usage report</h1>\n";
  html += "<p>Made " + Escape(today) + " from " + Number(static_cast<int>(byCentre.size())) +
          " centre(s) and " + Number(static_cast<int>(kiosks.size())) + " kiosk(s)" +
          (first.empty() ? std::string(".") : ", counts from " + first + " to " + last + ".") +
          "</p>\n";
  html +=
      "<p class=\"note\">Counts only: how often each thing was used, per day and language. "
      "Nothing here says who used the kiosk. Survey answers are summed by month, and an answer "
      "chosen 1 to 4 times in a month is not shown (it appears as \"fewer than 5\"), so that a "
      "few answers cannot point at the women who gave them.</p>\n";

  html += "<h2>Visits per day</h2>\n" + DailyChart(visitsPerDay);
  html += "<h2>Visits by centre</h2>\n" +
          BarChart({visitsByCentre.begin(), visitsByCentre.end()}, "Visits by centre");
  html += "<h2>Languages chosen</h2>\n" +
          BarChart({languages.begin(), languages.end()}, "Languages chosen");

  auto cell = [](const std::map<std::string, Tally>& tallies, const std::string& key) {
    auto it = tallies.find(key);
    return Escape(it == tallies.end() ? "0" : it->second.Text());
  };
  std::vector<std::vector<std::string>> table;
  for (const auto& [item, t] : videos) {
    table.push_back({Escape(item), cell(t, "video_started"), cell(t, "video_completed")});
  }
  html += "<h2>Videos</h2>\n" + Table({"Video", "Started", "Watched to the end (90 %)"}, table);
  table.clear();
  for (const auto& [item, t] : leaflets) {
    table.push_back({Escape(item), cell(t, "leaflet_opened"), cell(t, "leaflet_completed")});
  }
  html += "<h2>Leaflets</h2>\n" + Table({"Leaflet", "Opened", "Read to the last page"}, table);
  table.clear();
  for (const auto& [item, t] : quizzes) {
    table.push_back({Escape(item), cell(t, "quiz_started"), cell(t, "0-49"), cell(t, "50-79"),
                     cell(t, "80-100")});
  }
  html += "<h2>Quizzes</h2>\n" +
          Table({"Quiz", "Started", "Finished, 0-49 % right", "50-79 %", "80-100 %"}, table);
  table.clear();
  for (const auto& [item, t] : contests) {
    table.push_back({Escape(item), cell(t, "contest_started"), cell(t, "contest_finished")});
  }
  html += "<h2>Children's contests</h2>\n" + Table({"Question set", "Started", "Finished"}, table);
  table.clear();
  for (const auto& [question, t] : contestQuestions) {
    std::string label = question.second;
    if (label.starts_with("Question ")) label.erase(9, label.find_first_not_of('0', 9) - 9);
    table.push_back({Escape(question.first), Escape(label), cell(t, "right"), cell(t, "wrong")});
  }
  html += Table({"Question set", "Question", "A team answered right", "No team did"}, table);
  table.clear();
  for (const auto& [item, answers] : surveys) {
    for (const auto& [answer, t] : answers) {
      table.push_back({Escape(item), Escape(answer), Escape(t.Text())});
    }
  }
  html += "<h2>Surveys</h2>\n" + Table({"Survey", "Question / answer", "Times chosen"}, table);
  table.clear();
  for (const auto& [centre, t] : byCentre) {
    table.push_back({Escape(centre.empty() ? "(no name)" : centre), cell(t, "session_started"),
                     cell(t, "video_started"), cell(t, "quiz_started"), cell(t, "contest_started"),
                     cell(t, "help_shown")});
  }
  html += "<h2>By centre</h2>\n" + Table({"Centre", "Visits", "Videos started", "Quizzes started",
                                          "Contests", "Help pages shown"},
                                         table);
  return html + "</body>\n</html>\n";
}

}  // namespace kiosk::stats
