// The list behind the Quizzes tile: the packs' rights quizzes, then their anonymous surveys,
// each a big tile; a tap starts it. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kTileMinWidthMm = 80;
constexpr float kTileHeightMm = 36;
constexpr ImU32 kSurveyColor = IM_COL32(96, 62, 150, 255);  // 7:1 against white

class QuizzesScreen final : public Screen {
 public:
  explicit QuizzesScreen(Context& context) : m_context(context) {}

  void Draw(ui::Ui& ui) override {
    const ImRect view = Header(ui, m_context, m_context.Tr("Quizzes"));
    std::size_t tiles = 0;
    for (const Context::Pack& pack : m_context.packs) {
      tiles += pack.content.quizzes.size() + pack.content.surveys.size();
    }
    const float top = view.Min.y + ui.BeginScroll("quizzes", view, m_height);
    Grid grid(ui, top, tiles, kTileMinWidthMm, kTileHeightMm);
    const i18n::Translator& tr = m_context.translator;
    for (std::size_t p = 0; p < m_context.packs.size(); ++p) {
      const packs::Content& content = m_context.packs[p].content;
      for (std::size_t q = 0; q < content.quizzes.size(); ++q) {
        if (ui.Tile(tr.Pick(content.quizzes[q].title), "", grid.Next(), ui::colors::kQuizzes,
                    ui::Icon::kQuiz)) {
          m_context.quiz = {p, q};
          m_context.router.Go(ScreenId::kQuiz);
        }
      }
    }
    for (std::size_t p = 0; p < m_context.packs.size(); ++p) {
      const packs::Content& content = m_context.packs[p].content;
      for (std::size_t s = 0; s < content.surveys.size(); ++s) {
        if (ui.Tile(tr.Pick(content.surveys[s].title), m_context.Tr("Anonymous: no names are kept"),
                    grid.Next(), kSurveyColor, ui::Icon::kNone)) {
          m_context.survey = {p, s};
          m_context.router.Go(ScreenId::kSurvey);
        }
      }
    }
    ui.EndScroll();
    m_height = grid.Height();
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
