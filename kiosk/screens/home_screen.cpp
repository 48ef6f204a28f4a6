// The home screen: the language picker (each language by its own name) and one big tile per
// feature. What a villager sees first, and returns to after every visit. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 4;
constexpr float kLanguageButtonMm = 14;    // taller than the 12 mm a finger needs
constexpr float kTileMinMm = 22;           // below this the tiles go in one row
constexpr float kRoomForSubtitleMm = 110;  // shorter screens skip the subtitle: tiles come first

class HomeScreen final : public Screen {
 public:
  explicit HomeScreen(Context& context) : m_context(context) {}

  void Draw(ui::Ui& ui) override {
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

    // Footer: messages for staff when the kiosk needs them, the first one lowest.
    float bottom = size.y - margin;
    for (const Context::Notice& staffNotice : m_context.staffNotices) {
      const std::string notice = i18n::Fill(m_context.Tr(staffNotice.msgid), staffNotice.arg);
      const float pad = ui.Mm(2);
      const float height =
          ui.TextHeight(notice.c_str(), width - 2 * pad, ui::FontSize::kSmall) + 2 * pad;
      const ImRect band(margin, bottom - height, size.x - margin, bottom);
      ui.Fill(band, ui::colors::kWarning, 2);
      ui.Text(notice.c_str(), ImRect(band.Min.x + pad, band.Min.y + pad, band.Max.x - pad, bottom),
              ui::FontSize::kSmall, ui::colors::kText);
      bottom = band.Min.y - gap;
    }

    // Languages beside the tiles on a landscape screen, above them on a portrait one.
    const bool landscape = size.x >= size.y;
    const float pickerWidth = landscape ? std::clamp(width * 0.24f, ui.Mm(40), ui.Mm(70)) : width;
    const float pickerHeight = landscape ? bottom - y : std::min((bottom - y) * 0.3f, ui.Mm(60));
    const ImRect picker(margin, y, margin + pickerWidth, y + pickerHeight);
    DrawLanguages(ui, picker);

    const ImRect tiles = landscape ? ImRect(picker.Max.x + gap, y, size.x - margin, bottom)
                                   : ImRect(margin, picker.Max.y + gap, size.x - margin, bottom);
    DrawTiles(ui, tiles, gap);
  }

 private:
  void DrawLanguages(ui::Ui& ui, const ImRect& area) {
    const float rowHeight = ui.Mm(kLanguageButtonMm);
    const float gap = ui.Mm(2);
    const std::vector<const i18n::Language*> languages = m_context.translator.Available();
    const float contentHeight = static_cast<float>(languages.size()) * (rowHeight + gap) - gap;
    const float offset = ui.BeginScroll("languages", area, contentHeight);
    float y = area.Min.y + offset;
    for (const i18n::Language* language : languages) {
      const ImRect r(area.Min.x, y, area.Max.x, y + rowHeight);
      const bool current = language == &m_context.translator.Current();
      if (ui.Button(language->ownName, r, current))
        m_context.translator.SetLanguage(language->code);
      y += rowHeight + gap;
    }
    ui.EndScroll();
  }

  void DrawTiles(ui::Ui& ui, const ImRect& area, float gap) {
    const float w = (area.GetWidth() - gap) / 2;
    const float h = (area.GetHeight() - gap) / 2;
    int i = 0;
    for (const Feature& feature : Features()) {
      const float x = area.Min.x + static_cast<float>(i % 2) * (w + gap);
      const float y = area.Min.y + static_cast<float>(i / 2) * (h + gap);
      const char* note = feature.available ? "" : m_context.Tr("Not available yet");
      if (ui.Tile(m_context.Tr(feature.title), note, ImRect(x, y, x + w, y + h), feature.color,
                  feature.icon)) {
        m_context.router.Go(feature.id);
      }
      ++i;
    }
  }

  Context& m_context;
};

}  // namespace

std::unique_ptr<Screen> MakeHomeScreen(Context& context) {
  return std::make_unique<HomeScreen>(context);
}

}  // namespace kiosk::screens
