// Help: the hotline and legal-aid pages of the installed packs, numbers in large type, in the
// kiosk's language (or its fallback). For a woman who needs the legal-aid number now. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kNumberColumnMm = 45;

class HelpScreen final : public Screen {
 public:
  explicit HelpScreen(Context& context) : m_context(context) {}

  void Draw(ui::Ui& ui) override {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm);
    const ImRect view = Header(ui, m_context, "");
    const float top = view.Min.y + ui.BeginScroll("help", view, m_height);
    float y = top;
    const float left = margin, right = size.x - margin;
    const i18n::Translator& tr = m_context.translator;
    for (const Context::Pack& pack : m_context.packs) {
      for (const packs::HelpPage& page : pack.content.help) {
        y += ui.Text(tr.Pick(page.title), ImRect(left, y, right, size.y), ui::FontSize::kTitle,
                     ui::colors::kText);
        if (!page.body.empty()) {
          y += ui.Text(tr.Pick(page.body), ImRect(left, y, right, size.y), ui::FontSize::kSmall,
                       ui::colors::kTextDim);
        }
        y += ui.Mm(3);
        for (const packs::HelpPage::Contact& contact : page.contacts) {
          // The number first and largest: it is what she will dial.
          const float numberWidth = std::min(ui.Mm(kNumberColumnMm), (right - left) * 0.4f);
          const float numberHeight =
              ui.Text(contact.number.c_str(), ImRect(left, y, left + numberWidth, size.y),
                      ui::FontSize::kTitle, ui::colors::kAccent);
          const ImRect words(left + numberWidth + ui.Mm(3), y, right, size.y);
          float textHeight =
              ui.Text(tr.Pick(contact.name), words, ui::FontSize::kBody, ui::colors::kText);
          if (!contact.note.empty()) {
            textHeight +=
                ui.Text(tr.Pick(contact.note), ImRect(words.Min.x, y + textHeight, right, size.y),
                        ui::FontSize::kSmall, ui::colors::kTextDim);
          }
          y += std::max(numberHeight, textHeight) + ui.Mm(3);
        }
        y += ui.Mm(6);
      }
    }
    ui.EndScroll();
    m_height = y - top;  // the next frame scrolls over what this one drew
  }

 private:
  Context& m_context;
  float m_height = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeHelpScreen(Context& context) {
  return std::make_unique<HelpScreen>(context);
}

}  // namespace kiosk::screens
