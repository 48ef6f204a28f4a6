// Staff mode's usage screen: the anonymous usage counts as charts, for the centre's review on the
// spot. Uses by day (the last 30 days, bars), the videos, quizzes and contests used most
// (horizontal bars with their titles), and sessions and language choices by language. The counts
// are read once, when the screen is entered (and again in another language, for the titles);
// drawing reads only what that made, so a frame allocates nothing of its own, and nothing moves by
// itself: the kiosk draws no frame until a finger touches it. Survey answers are left out: they are
// kept by month for privacy, never by day. Main thread.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <tuple>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 3;
constexpr int kDays = 30;
constexpr std::size_t kMostUsed = 12;  // the items listed
constexpr float kDayChartMm = 38;      // the day chart's bars at their tallest
constexpr float kBarMm = 6;            // a horizontal bar's thickness

// What a horizontal bar shows.
struct Line {
  std::string label;  // a title in the current language, or a language's own name
  std::string value;  // the count, as drawn
  std::int64_t count = 0;
  ImU32 color = ui::colors::kVideos;
};

struct Day {
  std::string value;  // "" for a day without use
  std::string date;   // "MM-DD" under every 7th bar back from today, else ""
  std::int64_t count = 0;
};

// The local days of the last `count` days up to the wall clock's, oldest first, as YYYY-MM-DD.
std::vector<std::string> LastDays(base::WallTime wall, int count) {
  std::vector<std::string> days;
  for (int back = count - 1; back >= 0; --back) days.push_back(base::LocalDay(wall, back));
  return days;
}

// A pack item's feature, for its bar's colour and its title; none for what is not an item used.
enum class Kind { kNone, kVideo, kLeaflet, kQuiz, kContest };

Kind KindOf(const std::string& event) {
  if (event == stats::EventName(stats::Event::kVideoStarted)) return Kind::kVideo;
  if (event == stats::EventName(stats::Event::kLeafletOpened)) return Kind::kLeaflet;
  if (event == stats::EventName(stats::Event::kQuizStarted)) return Kind::kQuiz;
  if (event == stats::EventName(stats::Event::kContestStarted)) return Kind::kContest;
  return Kind::kNone;
}

// The item's title in the current language where a loaded pack has it, else its id.
std::string TitleOf(const Context& context, Kind kind, const std::string& pack,
                    const std::string& item) {
  for (const Context::Pack& loaded : context.packs) {
    if (loaded.id != pack) continue;
    const packs::Content& c = loaded.content;
    auto pick = [&](const auto& items) -> std::string {
      for (const auto& i : items) {
        const char* title = i.id == item ? context.translator.Pick(i.title) : "";
        if (*title) return title;
      }
      return item;
    };
    switch (kind) {
      case Kind::kVideo:
        return pick(c.videos);
      case Kind::kLeaflet:
        return pick(c.leaflets);
      case Kind::kQuiz:
        return pick(c.quizzes);
      default:
        return pick(c.contests);
    }
  }
  return item;
}

// Most first; equal counts by label, so the order does not change between visits.
void SortLines(std::vector<Line>* lines) {
  std::sort(lines->begin(), lines->end(), [](const Line& a, const Line& b) {
    return a.count != b.count ? a.count > b.count : a.label < b.label;
  });
}

class StaffUsageScreen final : public Screen {
 public:
  explicit StaffUsageScreen(Context& context) : m_context(context) {}

  void OnEnter() override { Read(); }

  std::optional<base::Duration> IdleTimeout() const override { return kStaffIdle; }

  void Draw(ui::Ui& ui) override {
    if (m_readIn != &m_context.translator.Current()) Read();  // the titles in this language
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float left = margin, right = size.x - margin;
    const ImRect view = Header(ui, m_context, m_context.Tr("Usage"));
    float y = view.Min.y + ui.BeginScroll("usage", view, m_height);
    const float top = y;
    y += ui.Text(m_context.Tr("Counts are anonymous and kept by day. Survey answers are not shown "
                              "here: they are kept by month."),
                 ImRect(left, y, right, size.y), ui::FontSize::kSmall, ui::colors::kTextDim);
    y += gap;
    if (!m_error.empty()) {
      y += ui.Text(m_error.c_str(), ImRect(left, y, right, size.y), ui::FontSize::kBody,
                   ui::colors::kAccent);
    } else {
      y = DrawDays(ui, left, right, y + gap);
      y = Heading(ui, m_context.Tr("Most used, the last 30 days"), left, right, y + 2 * gap);
      y = Legend(ui, left, right, y);
      y = DrawLines(ui, m_items, left, right, y);
      y = Heading(ui, m_context.Tr("Sessions and language choices, by language"), left, right,
                  y + 2 * gap);
      y = DrawLines(ui, m_languages, left, right, y);
    }
    ui.EndScroll();
    m_height = y - top + margin;
  }

 private:
  // The counts of the days shown (written first, so that today's latest uses show), made into
  // the charts' lines.
  void Read() {
    m_readIn = &m_context.translator.Current();
    m_error.clear();
    m_days.assign(kDays, Day{});
    m_mostInADay = 0;
    m_items.clear();
    m_languages.clear();
    const std::vector<std::string> days = LastDays(m_context.clock.Wall(), kDays);
    // Only the days shown are read: years of counts cost what a month does.
    base::Result<std::vector<stats::Row>> rows = ReadRows(days.front());
    if (!rows) {
      m_error = i18n::Fill(m_context.Tr("The usage counts cannot be read: {}"), rows.error());
      base::Log(base::LogLevel::kError, "usage screen: %s", rows.error().c_str());
      return;
    }
    std::map<std::tuple<Kind, std::string, std::string>, std::int64_t> items;
    std::map<std::string, std::int64_t> languages;
    for (const stats::Row& row : rows.value()) {
      // Survey answers are kept by month ("YYYY-MM"): no day of theirs is shown.
      const auto day = std::lower_bound(days.begin(), days.end(), row.day);
      if (day == days.end() || *day != row.day) continue;
      const Kind kind = KindOf(row.event);
      if (kind != Kind::kNone || row.event == stats::EventName(stats::Event::kHelpShown)) {
        m_days[static_cast<std::size_t>(day - days.begin())].count += row.count;
      }
      if (kind != Kind::kNone) items[{kind, row.pack, row.item}] += row.count;
      if (row.event == stats::EventName(stats::Event::kSessionStarted) ||
          row.event == stats::EventName(stats::Event::kLanguageChosen)) {
        languages[row.lang] += row.count;
      }
    }
    for (int i = 0; i < kDays; ++i) {
      Day& d = m_days[static_cast<std::size_t>(i)];
      if (d.count > 0) d.value = std::to_string(d.count);
      if ((kDays - 1 - i) % 7 == 0) d.date = days[static_cast<std::size_t>(i)].substr(5);
      m_mostInADay = std::max(m_mostInADay, d.count);
    }
    for (const auto& [key, count] : items) {
      const auto& [kind, pack, item] = key;
      // Leaflets are in the video library, and take its colour.
      const ImU32 color = kind == Kind::kVideo || kind == Kind::kLeaflet ? ui::colors::kVideos
                          : kind == Kind::kQuiz                          ? ui::colors::kQuizzes
                                                                         : ui::colors::kContest;
      m_items.push_back(
          {TitleOf(m_context, kind, pack, item), std::to_string(count), count, color});
    }
    SortLines(&m_items);
    if (m_items.size() > kMostUsed) m_items.resize(kMostUsed);
    for (const auto& [code, count] : languages) {
      const i18n::Language* language = i18n::FindLanguage(code);
      m_languages.push_back(
          {language ? language->ownName : code, std::to_string(count), count, ui::colors::kHelp});
    }
    SortLines(&m_languages);
    m_mostText = std::to_string(m_mostInADay);
  }

  base::Result<std::vector<stats::Row>> ReadRows(const std::string& since) {
    if (!m_context.counter) return stats::ReadCounts(m_context.stateDir, since);
    base::Result<bool> flushed = m_context.counter->Flush();
    if (!flushed) return base::Error{flushed.error()};
    return m_context.counter->Rows(since);
  }

  float Heading(ui::Ui& ui, const char* text, float left, float right, float y) {
    return y +
           ui.Text(text, ImRect(left, y, right, y + ui.Mm(40)), ui::FontSize::kTitle,
                   ui::colors::kText) +
           ui.Mm(kGapMm);
  }

  // Uses by day: a bar a day, oldest on the left, today's in the accent colour; the most in a
  // day and 0 beside the axis, each bar's count above it where it fits, and the date under
  // every 7th bar back from today. Returns the y below.
  float DrawDays(ui::Ui& ui, float left, float right, float y) {
    y = Heading(ui, m_context.Tr("Uses by day, the last 30 days"), left, right, y);
    y += ui.Text(
             m_context.Tr("Videos, leaflets, quizzes and contests started, and help pages opened."),
             ImRect(left, y, right, y + ui.Mm(40)), ui::FontSize::kSmall, ui::colors::kTextDim) +
         ui.Mm(kGapMm);
    // Not an empty chart with 0 at both ends of its axis: the words the other charts use.
    if (m_mostInADay == 0) {
      return y + ui.Text(m_context.Tr("Nothing counted yet."),
                         ImRect(left, y, right, y + ui.Mm(40)), ui::FontSize::kBody,
                         ui::colors::kTextDim);
    }
    const float small = ui.TextHeight("0", 0, ui::FontSize::kSmall);
    const float axis = ui.TextWidth(m_mostText.c_str(), ui::FontSize::kSmall) + ui.Mm(2);
    const float chartLeft = left + axis;
    const float barsTop = y + small;  // room for the tallest bar's count
    const float base = barsTop + ui.Mm(kDayChartMm);
    const float slot = (right - chartLeft) / static_cast<float>(kDays);
    ui.Text(m_mostText.c_str(), ImRect(left, barsTop - small / 2, chartLeft, base),
            ui::FontSize::kSmall, ui::colors::kTextDim);
    const float zero = chartLeft - ui.Mm(2) - ui.TextWidth("0", ui::FontSize::kSmall);
    ui.Text("0", ImRect(zero, base - small, chartLeft, base), ui::FontSize::kSmall,
            ui::colors::kTextDim);
    ui.Fill(ImRect(chartLeft, base, right, base + ui.Mm(0.5f)), ui::colors::kTextDim);
    for (int i = 0; i < kDays; ++i) {
      const Day& d = m_days[static_cast<std::size_t>(i)];
      const float x = chartLeft + static_cast<float>(i) * slot;
      const float height = m_mostInADay > 0 ? ui.Mm(kDayChartMm) * static_cast<float>(d.count) /
                                                  static_cast<float>(m_mostInADay)
                                            : 0;
      if (d.count > 0) {
        ui.Fill(ImRect(x + slot * 0.15f, base - std::max(height, ui.Mm(1)), x + slot * 0.85f, base),
                i == kDays - 1 ? ui::colors::kAccent : ui::colors::kVideos);
        if (ui.TextWidth(d.value.c_str(), ui::FontSize::kSmall) <= slot) {
          ui.Text(d.value.c_str(), ImRect(x, base - height - small, x + slot, base),
                  ui::FontSize::kSmall, ui::colors::kText, ui::Align::kCenter);
        }
      }
      if (!d.date.empty()) {
        // Centred under its bar, kept inside the chart at the right end.
        const float width = ui.TextWidth(d.date.c_str(), ui::FontSize::kSmall);
        const float dateLeft = std::min(x + slot / 2 - width / 2, right - width);
        ui.Text(d.date.c_str(),
                ImRect(dateLeft, base + ui.Mm(1), dateLeft + width + 1, base + ui.Mm(10)),
                ui::FontSize::kSmall, ui::colors::kTextDim);
      }
    }
    return base + ui.Mm(1) + small;
  }

  // What the colours of "most used" stand for.
  float Legend(ui::Ui& ui, float left, float right, float y) {
    const float swatch = ui.Mm(4), height = ui.TextHeight("0", 0, ui::FontSize::kSmall);
    float x = left;
    for (const Feature& feature : Features()) {
      if (feature.id == ScreenId::kHelp) continue;
      const char* name = m_context.Tr(feature.title);
      const float width = swatch + ui.Mm(1.5f) + ui.TextWidth(name, ui::FontSize::kSmall);
      if (x > left && x + width > right) {
        x = left;
        y += height + ui.Mm(1);
      }
      ui.Fill(ImRect(x, y + (height - swatch) / 2, x + swatch, y + (height + swatch) / 2),
              feature.color);
      ui.Text(name, ImRect(x + swatch + ui.Mm(1.5f), y, right, y + height), ui::FontSize::kSmall,
              ui::colors::kTextDim);
      x += width + ui.Mm(5);
    }
    return y + height + ui.Mm(kGapMm);
  }

  // A line each: its label, wrapped, and under it a bar as long as its share of the first (the
  // most), with the count at its end. Returns the y below.
  float DrawLines(ui::Ui& ui, const std::vector<Line>& lines, float left, float right, float y) {
    if (lines.empty()) {
      return y + ui.Text(m_context.Tr("Nothing counted yet."),
                         ImRect(left, y, right, y + ui.Mm(40)), ui::FontSize::kBody,
                         ui::colors::kTextDim);
    }
    const float most = static_cast<float>(lines.front().count);
    const float countWidth = ui.TextWidth(lines.front().value.c_str(), ui::FontSize::kSmall);
    const float longest = right - left - countWidth - ui.Mm(2);
    // The bar, and the count beside it, in one row under the label.
    const float small = ui.TextHeight("0", 0, ui::FontSize::kSmall);
    const float row = std::max(ui.Mm(kBarMm), small);
    for (const Line& line : lines) {
      y += ui.Text(line.label.c_str(), ImRect(left, y, right, y + ui.Mm(40)), ui::FontSize::kBody,
                   ui::colors::kText);
      const float end = left + std::max(ui.Mm(1), longest * static_cast<float>(line.count) / most);
      const float barTop = y + (row - ui.Mm(kBarMm)) / 2;
      ui.Fill(ImRect(left, barTop, end, barTop + ui.Mm(kBarMm)), line.color);
      ui.Text(line.value.c_str(), ImRect(end + ui.Mm(2), y + (row - small) / 2, right, y + row),
              ui::FontSize::kSmall, ui::colors::kText);
      y += row + ui.Mm(kGapMm);
    }
    return y;
  }

  Context& m_context;
  std::vector<Day> m_days;  // the last kDays days, oldest first
  std::int64_t m_mostInADay = 0;
  std::string m_mostText;
  std::vector<Line> m_items;      // used most first
  std::vector<Line> m_languages;  // likewise
  std::string m_error;            // the counts could not be read
  const i18n::Language* m_readIn = nullptr;
  float m_height = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeStaffUsageScreen(Context& context) {
  return std::make_unique<StaffUsageScreen>(context);
}

}  // namespace kiosk::screens
