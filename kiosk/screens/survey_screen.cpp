// An anonymous survey: questions without right answers, each skippable, with narration to listen
// to, ending with a thank-you. Only tallies are kept (one count per answer chosen, per day and
// language), never who answered what together. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 4;
constexpr float kButtonMm = 18;

class SurveyScreen final : public Screen {
 public:
  explicit SurveyScreen(Context& context) : m_context(context), m_narrator(context) {}

  void OnEnter() override {
    m_pack = &m_context.packs.at(m_context.survey.pack);
    m_survey = WithQuestions(m_context, m_context.survey.pack, m_context.survey.item);
    m_step = 0;
    m_chosen.clear();
  }

  void OnExit() override { m_narrator.Stop(); }

  void Draw(ui::Ui& ui) override {
    if (!m_survey) {  // its questions could not be read: staff are told
      m_context.router.Back();
      return;
    }
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm);
    const float left = margin, right = size.x - margin;
    const bool thanks = m_step == m_survey->questions.size();
    const ImRect view = QuestionHeader(ui, m_context, m_step, m_survey->questions.size());
    if (thanks) {
      DrawThanks(ui, view);
      return;
    }
    const packs::Question& question = m_survey->questions[m_step];
    const bool multiple = question.kind == packs::Question::Kind::kMultiple;
    const float top = view.Min.y + ui.BeginScroll("survey", view, m_height);
    float y = top;
    y += DrawQuestion(ui, m_context, m_narrator, *m_pack, question, ImRect(left, y, right, size.y));
    y += ui.Mm(kGapMm);
    if (multiple) {
      y += ui.Text(m_context.Tr("Choose as many as you like."), ImRect(left, y, right, size.y),
                   ui::FontSize::kSmall, ui::colors::kTextDim);
      y += ui.Mm(2);
    }
    std::vector<Mark> marks(question.answers.size(), Mark::kPlain);
    for (std::size_t i : m_chosen) marks[i] = Mark::kChosen;
    if (std::optional<std::size_t> tapped =
            DrawAnswers(ui, m_context, m_narrator, *m_pack, question, marks, left, right,
                        view.GetHeight() - (y - top), &y)) {
      auto it = std::find(m_chosen.begin(), m_chosen.end(), *tapped);
      if (!multiple) {
        m_chosen = {*tapped};
        Next(ui);
      } else if (it != m_chosen.end()) {
        m_chosen.erase(it);
      } else {
        m_chosen.push_back(*tapped);
      }
    }
    // Every question may be left unanswered.
    const float width = std::min((right - left - ui.Mm(kGapMm)) / 2, ui.Mm(80));
    const ImRect skip(left, y, left + width, y + ui.Mm(kButtonMm));
    if (multiple && !m_chosen.empty()) {
      if (ui.IconButton(ui::Icon::kPlay, m_context.Tr("Next question"), skip)) Next(ui);
    } else if (ui.Button(m_context.Tr("Skip this question"), skip)) {
      m_chosen.clear();
      Next(ui);
    }
    y += ui.Mm(kButtonMm) + ui.Mm(kGapMm);
    ui.EndScroll();
    m_height = y - top;
  }

 private:
  // Tallies this question's answers and moves on. The next question's answers lie where this
  // one's were: a double tap must not answer it too (Ui::NewScreen).
  void Next(ui::Ui& ui) {
    ui.NewScreen();
    m_narrator.Stop();
    for (std::size_t answer : m_chosen) {
      m_context.Count(stats::Event::kSurveyAnswer, m_pack->id, m_survey->id,
                      std::to_string(m_step + 1) + "/" + std::to_string(answer + 1));
    }
    m_chosen.clear();
    ++m_step;
  }

  void DrawThanks(ui::Ui& ui, const ImRect& view) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm);
    float y = view.Min.y + ui.Mm(10);
    y += ui.Text(m_context.Tr("Thank you!"), ImRect(margin, y, size.x - margin, size.y),
                 ui::FontSize::kTitle, ui::colors::kAccent, ui::Align::kCenter);
    y += ui.Mm(4);
    y +=
        ui.Text(m_context.Tr("Your answers help the Women's Home plan its work. No names are kept, "
                             "only how often each answer was chosen."),
                ImRect(margin, y, size.x - margin, size.y), ui::FontSize::kBody, ui::colors::kText,
                ui::Align::kCenter);
    y += ui.Mm(8);
    const float width = ui.Mm(80);
    if (ui.Button(
            m_context.Tr("Back to the start"),
            ImRect(size.x / 2 - width / 2, y, size.x / 2 + width / 2, y + ui.Mm(kButtonMm)))) {
      m_context.router.Go(ScreenId::kHome);
    }
  }

  Context& m_context;
  Narrator m_narrator;
  const Context::Pack* m_pack = nullptr;
  const packs::Survey* m_survey = nullptr;
  std::size_t m_step = 0;             // the question shown; == size: the thank-you
  std::vector<std::size_t> m_chosen;  // answers chosen for this question
  float m_height = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeSurveyScreen(Context& context) {
  return std::make_unique<SurveyScreen>(context);
}

}  // namespace kiosk::screens
