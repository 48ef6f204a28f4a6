// The home screen: the language picker (each language by its own name) and one big tile per
// feature. What a villager sees first, and returns to after every visit. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 4;
constexpr float kLanguageButtonMm = 14;  // taller than the 12 mm a finger needs
constexpr float kLanguageGapMm = 2;
constexpr float kTileMinMm = 20;           // tiles lower than this, and the page scrolls instead
constexpr float kRoomForSubtitleMm = 110;  // shorter screens skip the subtitle: tiles come first
constexpr float kCornerMm = 15;            // staff hold a finger here to reach staff mode...
constexpr auto kStaffHold = std::chrono::seconds(5);  // ...this long

class HomeScreen final : public Screen {
 public:
  explicit HomeScreen(Context& context) : m_context(context) {}

  void Draw(ui::Ui& ui) override {
    StaffGesture(ui);
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm);
    const float gap = ui.Mm(kGapMm);
    const float width = size.x - 2 * margin;

    // Header: who this kiosk is for.
    float y = margin;
    y += ui.Text(m_context.Tr("Women's Home"), ImRect(margin, y, size.x - margin, size.y),
                 ui::FontSize::kTitle, ui::colors::kText);
    if (size.y >= ui.Mm(kRoomForSubtitleMm)) {
      y += ui.Text(m_context.Tr("Information and help for women on the move. Free and anonymous."),
                   ImRect(margin, y, size.x - margin, size.y), ui::FontSize::kBody,
                   ui::colors::kTextDim);
    }
    y += gap;

    // Messages for staff when the kiosk needs them.
    const float pad = ui.Mm(2);
    m_notices.clear();
    float noticesHeight = 0;
    for (const Context::Notice& staffNotice : m_context.staffNotices) {
      m_notices.push_back(i18n::Fill(m_context.Tr(staffNotice.msgid), staffNotice.arg));
      noticesHeight +=
          ui.TextHeight(m_notices.back().c_str(), width - 2 * pad, ui::FontSize::kSmall) + 2 * pad +
          gap;
    }

    // Languages beside the tiles on a landscape screen, above them on a portrait one.
    const bool landscape = size.x >= size.y;
    const float pickerWidth = landscape ? std::clamp(width * 0.24f, ui.Mm(40), ui.Mm(70)) : width;
    const float tilesLeast = 2 * ui.Mm(kTileMinMm) + gap;
    const float bottom = size.y - margin;
    const float bodyHeight = bottom - y - noticesHeight;
    if (bodyHeight >= (landscape ? tilesLeast : tilesLeast + gap + ui.Mm(kLanguageButtonMm))) {
      // Everything fits: the tiles take the room the notices leave, which sit at the bottom.
      const float pickerHeight = landscape ? bodyHeight : std::min(bodyHeight * 0.3f, ui.Mm(60));
      const ImRect picker(margin, y, margin + pickerWidth, y + pickerHeight);
      DrawLanguages(ui, picker, true);
      DrawTiles(ui,
                landscape ? ImRect(picker.Max.x + gap, y, size.x - margin, y + bodyHeight)
                          : ImRect(margin, picker.Max.y + gap, size.x - margin, y + bodyHeight),
                gap);
      DrawNotices(ui, y + bodyHeight + gap, width, pad, gap);
      return;
    }
    // A short screen, tall script or long notices: tiles at their least height, every language,
    // then the notices, in one page that a drag scrolls.
    const float pickerHeight = LanguagesHeight(ui);
    const float pageHeight =
        (landscape ? std::max(tilesLeast, pickerHeight) : pickerHeight + gap + tilesLeast) + gap +
        noticesHeight;
    const float top = y + ui.BeginScroll("home", ImRect(0, y, size.x, bottom), pageHeight);
    const ImRect picker(margin, top, margin + pickerWidth, top + pickerHeight);
    DrawLanguages(ui, picker, false);
    const ImRect tiles =
        landscape
            ? ImRect(picker.Max.x + gap, top, size.x - margin, top + tilesLeast)
            : ImRect(margin, picker.Max.y + gap, size.x - margin, picker.Max.y + gap + tilesLeast);
    DrawTiles(ui, tiles, gap);
    DrawNotices(ui, std::max(picker.Max.y, tiles.Max.y) + gap, width, pad, gap);
    ui.EndScroll();
  }

  void OnEnter() override { m_entered = m_context.clock.Now(); }
  std::optional<base::TimePoint> Deadline() const override { return m_gestureDue; }

 private:
  // Staff: a finger held still for 5 s on the top right corner opens the PIN pad. Nothing on the
  // screen shows it, so that visitors do not find it by chance.
  void StaffGesture(ui::Ui& ui) {
    const ImRect corner(ui.Size().x - ui.Mm(kCornerMm), 0, ui.Size().x, ui.Mm(kCornerMm));
    const std::optional<base::Duration> held = ui.HeldFor(corner);
    m_gestureDue.reset();
    // Only a finger pressed here, not one resting since another screen.
    if (!held || m_context.clock.Now() - *held < m_entered) return;
    if (*held >= kStaffHold) {
      m_context.router.Go(ScreenId::kStaffPin);
    } else {
      m_gestureDue = m_context.clock.Now() + (kStaffHold - *held);
    }
  }

  float LanguagesHeight(ui::Ui& ui) const {
    const auto count = static_cast<float>(m_context.Offered().size());
    return count * (ui.Mm(kLanguageButtonMm) + ui.Mm(kLanguageGapMm)) - ui.Mm(kLanguageGapMm);
  }

  // Every offered language by its own name, in a list of its own that scrolls (or in the page's
  // scroll).
  void DrawLanguages(ui::Ui& ui, const ImRect& area, bool scrolls) {
    const float rowHeight = ui.Mm(kLanguageButtonMm);
    const float gap = ui.Mm(kLanguageGapMm);
    const std::vector<const i18n::Language*> languages = m_context.Offered();
    const float offset = scrolls ? ui.BeginScroll("languages", area, LanguagesHeight(ui)) : 0;
    float y = area.Min.y + offset;
    for (const i18n::Language* language : languages) {
      const ImRect r(area.Min.x, y, area.Max.x, y + rowHeight);
      const bool current = language == &m_context.translator.Current();
      if (ui.Button(language->ownName, r, current))
        m_context.translator.SetLanguage(language->code);
      y += rowHeight + gap;
    }
    if (scrolls) ui.EndScroll();
  }

  void DrawNotices(ui::Ui& ui, float y, float width, float pad, float gap) {
    const float margin = ui.Mm(kMarginMm);
    for (const std::string& notice : m_notices) {
      const float height =
          ui.TextHeight(notice.c_str(), width - 2 * pad, ui::FontSize::kSmall) + 2 * pad;
      const ImRect band(margin, y, margin + width, y + height);
      ui.Fill(band, ui::colors::kWarning, 2);
      ui.Text(notice.c_str(),
              ImRect(band.Min.x + pad, band.Min.y + pad, band.Max.x - pad, band.Max.y),
              ui::FontSize::kSmall, ui::colors::kText);
      y = band.Max.y + gap;
    }
  }

  void DrawTiles(ui::Ui& ui, const ImRect& area, float gap) {
    const float w = (area.GetWidth() - gap) / 2;
    const float h = (area.GetHeight() - gap) / 2;
    int i = 0;
    for (const Feature& feature : Features()) {
      const float x = area.Min.x + static_cast<float>(i % 2) * (w + gap);
      const float y = area.Min.y + static_cast<float>(i / 2) * (h + gap);
      const char* note = Available(feature.id, m_context) ? "" : m_context.Tr("Not available yet");
      if (ui.Tile(m_context.Tr(feature.title), note, ImRect(x, y, x + w, y + h), feature.color,
                  feature.icon)) {
        m_context.router.Go(feature.id);
      }
      ++i;
    }
  }

  Context& m_context;
  std::vector<std::string> m_notices;           // this frame's, translated
  std::optional<base::TimePoint> m_gestureDue;  // when a finger held on the corner has waited
  base::TimePoint m_entered{};                  // when the home screen was shown
};

}  // namespace

std::unique_ptr<Screen> MakeHomeScreen(Context& context) {
  return std::make_unique<HomeScreen>(context);
}

}  // namespace kiosk::screens
