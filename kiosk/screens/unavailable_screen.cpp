// The screen behind a tile whose feature is still being prepared: it says so plainly and offers
// a big way back, so nobody is left at a dead end. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

class UnavailableScreen final : public Screen {
 public:
  UnavailableScreen(Context& context, ScreenId id) : m_context(context), m_id(id) {}

  void Draw(ui::Ui& ui) override {
    const Feature& feature = FeatureFor(m_id);
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(5);
    float y = Header(ui, m_context, "").Min.y;
    const float radius = std::min(ui.Mm(20), size.y * 0.15f);
    ui.Picture(feature.icon, ImVec2(size.x * 0.5f, y + radius), radius, feature.color);
    y += 2 * radius + ui.Mm(4);
    y += ui.Text(m_context.Tr(feature.title), ImRect(margin, y, size.x - margin, size.y),
                 ui::FontSize::kTitle, ui::colors::kText, ui::Align::kCenter);
    y += ui.Mm(4);
    y += ui.Text(m_context.Tr("Not available yet"), ImRect(margin, y, size.x - margin, size.y),
                 ui::FontSize::kTitle, ui::colors::kAccent, ui::Align::kCenter);
    y += ui.Mm(4);
    ui.Text(m_context.Tr("This part of the kiosk is still being prepared. Please ask the staff."),
            ImRect(margin, y, size.x - margin, size.y), ui::FontSize::kBody, ui::colors::kTextDim,
            ui::Align::kCenter);
  }

 private:
  Context& m_context;
  ScreenId m_id;
};

}  // namespace

std::unique_ptr<Screen> MakeUnavailableScreen(Context& context, ScreenId id) {
  return std::make_unique<UnavailableScreen>(context, id);
}

}  // namespace kiosk::screens
