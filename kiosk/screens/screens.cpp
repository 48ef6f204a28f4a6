// The registry of screens and the router. Main thread.
#include <algorithm>
#include <cstdio>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;  // around every screen
constexpr float kGapMm = 4;     // between tiles

}  // namespace

const Feature (&Features())[4] {
  static const Feature kFeatures[4] = {
      {ScreenId::kVideos, i18n::N_("Videos"), ui::colors::kVideos, ui::Icon::kPlay},
      {ScreenId::kQuizzes, i18n::N_("Quizzes"), ui::colors::kQuizzes, ui::Icon::kQuiz},
      {ScreenId::kContest, i18n::N_("Contest"), ui::colors::kContest, ui::Icon::kStar},
      {ScreenId::kHelp, i18n::N_("Help"), ui::colors::kHelp, ui::Icon::kHelp},
  };
  return kFeatures;
}

const Feature& FeatureFor(ScreenId id) {
  for (const Feature& feature : Features()) {
    if (feature.id == id) return feature;
  }
  IM_ASSERT(false && "FeatureFor() takes a feature screen, not the home screen");
  return Features()[0];
}

bool Available(ScreenId id, const Context& context) {
  for (const Context::Pack& pack : context.packs) {
    const packs::Content& c = pack.content;
    switch (id) {
      case ScreenId::kVideos:
        // Leaflets are in the library too, and need no player.
        if ((context.videoPlayer && !c.videos.empty()) || !c.leaflets.empty()) return true;
        break;
      case ScreenId::kQuizzes:
        if (!c.quizzes.empty() || !c.surveys.empty()) return true;
        break;
      case ScreenId::kContest:
        if (!c.contests.empty()) return true;
        break;
      case ScreenId::kHelp:
        if (!c.help.empty()) return true;
        break;
      default:
        return false;
    }
  }
  return false;
}

namespace {

template <class Item, class... Contest>
Item* Loaded(Context& context, const Context::Pack& pack, Item& item, Contest... contest) {
  if (!item.questions.empty()) return &item;
  const base::Result<bool> loaded = packs::LoadQuestions(pack.folder, &item, contest...);
  if (loaded) return &item;
  base::Log(base::LogLevel::kError, "%s", loaded.error().c_str());
  context.staffNotices.push_back(
      {i18n::N_("For staff: the pack {} is damaged and is not shown. Install it again."),
       pack.id + " (" + loaded.error().substr(0, loaded.error().find('\n')) + ")", true});
  return nullptr;
}

}  // namespace

packs::Quiz* WithQuestions(Context& context, std::size_t pack, std::size_t item, bool contest) {
  Context::Pack& p = context.packs.at(pack);
  return Loaded(context, p, (contest ? p.content.contests : p.content.quizzes).at(item), contest);
}

packs::Survey* WithQuestions(Context& context, std::size_t pack, std::size_t item) {
  Context::Pack& p = context.packs.at(pack);
  return Loaded(context, p, p.content.surveys.at(item));
}

std::string SizeText(double bytes) {
  const bool gigabytes = bytes >= 1e9;
  const double value = gigabytes ? bytes / 1e9 : bytes / 1e6;
  char text[32];
  std::snprintf(text, sizeof text, value < 10 ? "%.1f\u00a0%s" : "%.0f\u00a0%s", value,
                gigabytes ? "GB" : "MB");
  return text;
}

std::string VideoTime(std::int64_t ms) {
  const long long s = std::max<std::int64_t>(0, ms / 1000);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
  }
  return text;
}

std::unique_ptr<Screen> MakeScreen(ScreenId id, Context& context) {
  switch (id) {
    case ScreenId::kHome:
      return MakeHomeScreen(context);
    case ScreenId::kPlayer:
      return MakePlayerScreen(context);
    case ScreenId::kLeaflet:
      return MakeLeafletScreen(context);
    case ScreenId::kQuiz:
      return MakeQuizScreen(context);
    case ScreenId::kSurvey:
      return MakeSurveyScreen(context);
    case ScreenId::kStaffPin:
      return MakeStaffPinScreen(context);
    case ScreenId::kStaff:
      return MakeStaffScreen(context);
    case ScreenId::kStaffUsb:
      return MakeStaffUsbScreen(context);
    case ScreenId::kStaffSettings:
      return MakeStaffSettingsScreen(context);
    case ScreenId::kStaffUsage:
      return MakeStaffUsageScreen(context);
    case ScreenId::kStaffAbout:
      return MakeStaffAboutScreen(context);
    default:
      break;
  }
  if (!Available(id, context)) return MakeUnavailableScreen(context, id);
  if (id == ScreenId::kVideos) return MakeVideosScreen(context);
  if (id == ScreenId::kQuizzes) return MakeQuizzesScreen(context);
  if (id == ScreenId::kHelp) return MakeHelpScreen(context);
  if (id == ScreenId::kContest) return MakeContestScreen(context);
  return MakeUnavailableScreen(context, id);
}

std::vector<const i18n::Language*> Context::Offered() const {
  std::vector<const i18n::Language*> offered = translator.Available();
  std::vector<const i18n::Language*> chosen;
  for (const i18n::Language* language : offered) {
    if (std::find(settings.languages.begin(), settings.languages.end(), language->code) !=
        settings.languages.end()) {
      chosen.push_back(language);
    }
  }
  return chosen.empty() ? offered : chosen;
}

ImRect Header(ui::Ui& ui, Context& context, const char* line, ui::FontSize size) {
  const float margin = ui.Mm(kMarginMm);
  const ImRect back(margin, margin, margin + ui.Mm(45), margin + ui.Mm(16));
  if (ui.Button(context.Tr("Back"), back)) context.router.Back();
  const ImVec2 screen = ui.Size();
  if (*line) {
    const ImRect beside(back.Max.x + ui.Mm(5), margin, screen.x - margin, screen.y);
    const ImU32 color = size == ui::FontSize::kTitle ? ui::colors::kText : ui::colors::kTextDim;
    float height = ui.TextHeight(line, beside.GetWidth(), size);
    // A title longer than the row holds in large type (a leaflet's, on a small screen): in
    // body size, and what still does not fit is cut with "…" rather than drawn over the screen.
    if (size == ui::FontSize::kTitle && height > back.GetHeight()) {
      size = ui::FontSize::kBody;
      height = ui.TextHeight(line, beside.GetWidth(), size);
    }
    const float top = back.GetCenter().y - std::min(height, back.GetHeight()) / 2;
    ui.Text(line, ImRect(beside.Min.x, top, beside.Max.x, back.Max.y), size, color);
  }
  return ImRect(0, back.Max.y + ui.Mm(4), screen.x, screen.y);
}

Grid::Grid(const ui::Ui& ui, float top, std::size_t tiles, float minWidthMm, float heightMm)
    : m_left(ui.Mm(kMarginMm)), m_top(top), m_gap(ui.Mm(kGapMm)), m_tiles(tiles) {
  const float width = ui.Size().x - 2 * m_left;
  const auto fit =
      static_cast<std::size_t>(std::max(0.0f, (width + m_gap) / (ui.Mm(minWidthMm) + m_gap)));
  m_columns = std::max<std::size_t>(1, std::min(tiles, fit));
  const auto columns = static_cast<float>(m_columns);
  m_width = (width - m_gap * (columns - 1)) / columns;
  m_height = std::min(ui.Mm(heightMm), m_width * 0.6f);  // no tile taller than it is wide
}

ImRect Grid::At(std::size_t tile) const {
  const float x = m_left + static_cast<float>(tile % m_columns) * (m_width + m_gap);
  const float y = m_top + static_cast<float>(tile / m_columns) * (m_height + m_gap);
  return ImRect(x, y, x + m_width, y + m_height);
}

ui::Ui::Rows Grid::InView(const ui::Ui& ui) const {
  const std::size_t rows = (m_tiles + m_columns - 1) / m_columns;
  const ui::Ui::Rows shown = ui.RowsInView(m_top, m_height + m_gap, rows);
  return {shown.first * m_columns, std::min(m_tiles, shown.last * m_columns)};
}

float Grid::Height() const {
  const std::size_t rows = (m_tiles + m_columns - 1) / m_columns;
  return static_cast<float>(rows) * (m_height + m_gap);
}

void Router::Go(ScreenId id) {
  m_cameBack = false;
  if (id == ScreenId::kHome) {
    m_stack.assign(1, ScreenId::kHome);
  } else if (id != Current()) {
    m_stack.push_back(id);
  }
}

void Router::Back() {
  if (m_stack.size() > 1) m_stack.pop_back();
  m_cameBack = true;
}

}  // namespace kiosk::screens
