// The list behind the Quizzes tile: the packs' rights quizzes, then their anonymous surveys,
// each a big tile; a tap starts it. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 4;
constexpr float kTileMinWidthMm = 80;
constexpr float kTileHeightMm = 36;
constexpr ImU32 kSurveyColor = IM_COL32(96, 62, 150, 255);  // 7:1 against white

class QuizzesScreen final : public Screen {
 public:
  explicit QuizzesScreen(Context& context) : m_context(context) {}

  void Draw(ui::Ui& ui) override {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    if (BackButton(ui, m_context)) m_context.router.Back();
    ui.Text(m_context.Tr("Quizzes"), ImRect(margin + ui.Mm(50), margin + ui.Mm(2), size.x, size.y),
            ui::FontSize::kTitle, ui::colors::kText);
    const ImRect view(0, margin + ui.Mm(20), size.x, size.y);
    const float width = size.x - 2 * margin;
    const int columns =
        std::max(1, static_cast<int>((width + gap) / (ui.Mm(kTileMinWidthMm) + gap)));
    const float tileWidth =
        (width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float top = view.Min.y + ui.BeginScroll("quizzes", view, m_height);
    float y = top;
    int column = 0;
    auto next = [&] {
      if (++column == columns) {
        column = 0;
        y += ui.Mm(kTileHeightMm) + gap;
      }
    };
    auto tile = [&](const char* title, const char* note, ImU32 color, ui::Icon icon) {
      const float x = margin + static_cast<float>(column) * (tileWidth + gap);
      return ui.Tile(title, note, ImRect(x, y, x + tileWidth, y + ui.Mm(kTileHeightMm)), color,
                     icon);
    };
    const i18n::Translator& tr = m_context.translator;
    for (std::size_t p = 0; p < m_context.packs.size(); ++p) {
      const packs::Content& content = m_context.packs[p].content;
      for (std::size_t q = 0; q < content.quizzes.size(); ++q) {
        if (tile(tr.Pick(content.quizzes[q].title), "", ui::colors::kQuizzes, ui::Icon::kQuiz)) {
          m_context.quiz = {p, q};
          m_context.router.Go(ScreenId::kQuiz);
        }
        next();
      }
    }
    for (std::size_t p = 0; p < m_context.packs.size(); ++p) {
      const packs::Content& content = m_context.packs[p].content;
      for (std::size_t s = 0; s < content.surveys.size(); ++s) {
        if (tile(tr.Pick(content.surveys[s].title), m_context.Tr("Anonymous: no names are kept"),
                 kSurveyColor, ui::Icon::kNone)) {
          m_context.survey = {p, s};
          m_context.router.Go(ScreenId::kSurvey);
        }
        next();
      }
    }
    if (column != 0) y += ui.Mm(kTileHeightMm) + gap;
    ui.EndScroll();
    m_height = y - top;
  }

 private:
  Context& m_context;
  float m_height = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeQuizzesScreen(Context& context) {
  return std::make_unique<QuizzesScreen>(context);
}

}  // namespace kiosk::screens
