// What the kiosk shows while nobody uses it. The attract loop: the kiosk's name and "touch the
// screen to start" in each offered language in turn, with the four pictures, so a passer-by in
// any of the languages sees she is welcome. Outside opening hours: a dark screen with a dim line,
// drawn once, that the display may switch off. Main thread.
#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

class AttractScreen final : public Screen {
 public:
  explicit AttractScreen(Context& context) : m_context(context) {}

  void Draw(ui::Ui& ui) override {
    const std::vector<const i18n::Language*> languages = m_context.Offered();
    const i18n::Language& language = *languages[m_context.attractCycle % languages.size()];
    ui.SetLanguage(language.code);
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(8);
    const float radius = std::min(ui.Mm(14), size.x / 12);
    float x = size.x * 0.5f - 3 * (2 * radius + ui.Mm(4)) * 0.5f;
    for (const Feature& feature : Features()) {
      ui.Picture(feature.icon, ImVec2(x, size.y * 0.25f), radius, feature.color);
      x += 2 * radius + ui.Mm(4);
    }
    float y = size.y * 0.25f + radius + ui.Mm(10);
    const i18n::Translator& tr = m_context.translator;
    y += ui.Text(tr.TrIn(language.code, "Women's Home"), ImRect(margin, y, size.x - margin, size.y),
                 ui::FontSize::kTitle, ui::colors::kText, ui::Align::kCenter);
    y += ui.Mm(6);
    ui.Text(tr.TrIn(language.code, "Touch the screen to start"),
            ImRect(margin, y, size.x - margin, size.y), ui::FontSize::kTitle, ui::colors::kAccent,
            ui::Align::kCenter);
  }

 private:
  Context& m_context;
};

// The closed screen's text: dark, for a screen that may stay on all night.
constexpr ImU32 kClosedText = IM_COL32(110, 120, 130, 255);

class ClosedScreen final : public Screen {
 public:
  explicit ClosedScreen(Context& context) : m_context(context) {}

  void Draw(ui::Ui& ui) override {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(8);
    float y = size.y * 0.45f;
    y += ui.Text(
        i18n::Fill(m_context.Tr("Closed now. Opening hours: {}"), m_context.openingHours).c_str(),
        ImRect(margin, y, size.x - margin, size.y), ui::FontSize::kBody, ui::colors::kTextDim,
        ui::Align::kCenter);
    ui.Text(m_context.Tr("Touch the screen to use the kiosk."),
            ImRect(margin, y + ui.Mm(2), size.x - margin, size.y), ui::FontSize::kSmall,
            ui::colors::kTextDim, ui::Align::kCenter);
  }

 private:
  Context& m_context;
};

}  // namespace

std::unique_ptr<Screen> MakeClosedScreen(Context& context) {
  return std::make_unique<ClosedScreen>(context);
}

std::unique_ptr<Screen> MakeAttractScreen(Context& context) {
  return std::make_unique<AttractScreen>(context);
}

}  // namespace kiosk::screens
