// Type sizes, and the fonts: every UI string is drawn by the text engine (kiosk/text). ImGui keeps
// only its small built-in font, which its own bookkeeping needs. Main thread, at start.
#include <cmath>

#include "ui/ui.h"

namespace kiosk::ui {
namespace {

// Heights in millimetres on the real screen: large enough for people who read little.
constexpr float kSmallMm = 5.0f;
constexpr float kBodyMm = 7.0f;
constexpr float kTitleMm = 10.0f;

}  // namespace

float Ui::PxFor(FontSize size) const {
  switch (size) {
    case FontSize::kSmall:
      return std::round(Mm(kSmallMm));
    case FontSize::kBody:
      return std::round(Mm(kBodyMm));
    case FontSize::kTitle:
      return std::round(Mm(kTitleMm));
  }
  return std::round(Mm(kBodyMm));
}

std::vector<std::string> Ui::LoadFonts() {
  ImGui::SetCurrentContext(m_imgui);
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  atlas->AddFontDefault();
  std::vector<std::string> problems = m_text.LoadFonts();
  if (!atlas->Build()) problems.push_back("ImGui's font atlas could not be built");
  return problems;
}

}  // namespace kiosk::ui
