// A rights quiz: one question at a time with narration to listen to; after each answer, right or
// wrong, the explanation; at the end what to remember and the related video. Counts: quiz started,
// quiz completed with its score band. Nothing of the answers is kept. Main thread.
#include <algorithm>
#include <random>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kMarginMm = 5;
constexpr float kGapMm = 4;
constexpr float kButtonMm = 18;

class QuizScreen final : public Screen {
 public:
  explicit QuizScreen(Context& context) : m_context(context), m_narrator(context) {}

  void OnEnter() override {
    // Back from the related video: the results again, not a new quiz.
    if (m_context.router.CameBack() && m_quiz) return;
    m_pack = &m_context.packs.at(m_context.quiz.pack);
    m_quiz = WithQuestions(m_context, m_context.quiz.pack, m_context.quiz.item, false);
    if (m_quiz) Start();
  }

  void OnExit() override { m_narrator.Stop(); }

  void Draw(ui::Ui& ui) override {
    if (!m_quiz) {  // its questions could not be read: staff are told
      m_context.router.Back();
      return;
    }
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm);
    const bool results = m_step == m_order.size();
    const ImRect view = QuestionHeader(ui, m_context, m_step, m_order.size());
    if (results) {
      DrawResults(ui, view);
      return;
    }
    const packs::Question& question = m_quiz->questions[m_order[m_step]];
    const float left = margin, right = size.x - margin;
    const float top = view.Min.y + ui.BeginScroll("quiz", view, m_height);
    float y = top;
    y += DrawQuestion(ui, m_context, m_narrator, *m_pack, question, ImRect(left, y, right, size.y));
    y += ui.Mm(kGapMm);
    if (m_answered) {
      // The pictures leave room for the explanation and the Next button below them.
      DrawFeedback(ui, question, left, right, view.GetHeight() - (y - top) - ui.Mm(60), &y);
    } else {
      const bool multiple = question.kind == packs::Question::Kind::kMultiple;
      if (multiple) {
        y += ui.Text(m_context.Tr("Choose every right answer."), ImRect(left, y, right, size.y),
                     ui::FontSize::kSmall, ui::colors::kTextDim);
        y += ui.Mm(2);
      }
      std::vector<Mark> marks(question.answers.size(), Mark::kPlain);
      for (std::size_t i : m_chosen) marks[i] = Mark::kChosen;
      if (std::optional<std::size_t> tapped =
              DrawAnswers(ui, m_context, m_narrator, *m_pack, question, marks, left, right,
                          view.GetHeight() - (y - top), &y)) {
        if (!multiple) {
          m_chosen = {*tapped};
          Judge(ui, question);
        } else if (auto it = std::find(m_chosen.begin(), m_chosen.end(), *tapped);
                   it != m_chosen.end()) {
          m_chosen.erase(it);
        } else {
          m_chosen.push_back(*tapped);
        }
      }
      if (multiple && !m_chosen.empty()) {
        if (ui.Button(m_context.Tr("Check my answer"),
                      ImRect(left, y, std::min(right, left + ui.Mm(90)), y + ui.Mm(kButtonMm)))) {
          Judge(ui, question);
        }
        y += ui.Mm(kButtonMm) + ui.Mm(kGapMm);
      }
    }
    ui.EndScroll();
    m_height = y - top;
  }

 private:
  void Start() {
    m_order = QuestionOrder(*m_quiz, std::random_device{}());
    m_step = 0;
    m_right = 0;
    m_chosen.clear();
    m_answered = false;
    m_context.Count(stats::Event::kQuizStarted, m_pack->id, m_quiz->id);
  }

  // Shows whether the answer was right. The feedback and then the next question take the place
  // of the answers: a double tap must not act on them too (Ui::NewScreen).
  void Judge(ui::Ui& ui, const packs::Question& question) {
    ui.NewScreen();
    m_narrator.Stop();
    m_answered = true;
    m_wasRight = IsRight(question, m_chosen);
    if (m_wasRight) ++m_right;
  }

  // Right or wrong, the right answers in green, a wrong choice in red, and the explanation.
  void DrawFeedback(ui::Ui& ui, const packs::Question& question, float left, float right,
                    float room, float* y) {
    const ImVec2 size = ui.Size();
    *y += ui.Text(m_context.Tr(m_wasRight ? i18n::N_("Right!") : i18n::N_("Not quite.")),
                  ImRect(left, *y, right, size.y), ui::FontSize::kTitle,
                  m_wasRight ? ui::colors::kAccent : ui::colors::kText);
    *y += ui.Mm(2);
    std::vector<Mark> marks(question.answers.size(), Mark::kPlain);
    for (std::size_t i : m_chosen) marks[i] = Mark::kWrong;
    for (std::size_t i = 0; i < question.answers.size(); ++i) {
      if (question.answers[i].correct) marks[i] = Mark::kRight;
    }
    DrawAnswers(ui, m_context, m_narrator, *m_pack, question, marks, left, right, room, y);
    if (!question.explanation.empty()) {
      *y += ui.Text(m_context.translator.Pick(question.explanation),
                    ImRect(left, *y, right, size.y), ui::FontSize::kBody, ui::colors::kText);
      *y += ui.Mm(kGapMm);
    }
    const bool last = m_step + 1 == m_order.size();
    if (ui.IconButton(ui::Icon::kPlay,
                      m_context.Tr(last ? i18n::N_("See my result") : i18n::N_("Next question")),
                      ImRect(left, *y, std::min(right, left + ui.Mm(90)), *y + ui.Mm(kButtonMm)))) {
      ui.NewScreen();
      m_narrator.Stop();
      ++m_step;
      m_chosen.clear();
      m_answered = false;
      ui.ResetScrolls();
      if (last) {
        m_context.Count(stats::Event::kQuizCompleted, m_pack->id, m_quiz->id,
                        ScoreBand(m_right, static_cast<int>(m_order.size())));
      }
    }
    *y += ui.Mm(kButtonMm) + ui.Mm(kGapMm);
  }

  // The score, what to remember (every question's explanation), and where to go next.
  void DrawResults(ui::Ui& ui, const ImRect& view) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm);
    const float left = margin, right = size.x - margin;
    const float top = view.Min.y + ui.BeginScroll("results", view, m_height);
    float y = top;
    const std::string score =
        i18n::Fill(m_context.Tr("Right answers: {}"),
                   std::to_string(m_right) + " / " + std::to_string(m_order.size()));
    y += ui.Text(score.c_str(), ImRect(left, y, right, size.y), ui::FontSize::kTitle,
                 ui::colors::kAccent);
    y += ui.Mm(kGapMm);
    // Where to go next first: on a small screen the buttons must not hide below the lessons.
    const packs::Video* video = RelatedVideo();
    const float buttonWidth = std::min(right - left, ui.Mm(110));
    if (video) {
      const std::string watch =
          i18n::Fill(m_context.Tr("Watch the video: {}"), m_context.translator.Pick(video->title));
      const float height =
          std::max(ui.Mm(kButtonMm), ui.ChoiceHeight(watch.c_str(), buttonWidth - ui.Mm(14)));
      if (ui.IconButton(ui::Icon::kPlay, watch.c_str(),
                        ImRect(left, y, left + buttonWidth, y + height))) {
        m_context.router.Go(ScreenId::kPlayer);
      }
      y += height + ui.Mm(kGapMm);
    }
    if (ui.Button(m_context.Tr("Try again"),
                  ImRect(left, y, left + buttonWidth, y + ui.Mm(kButtonMm)))) {
      Start();
      ui.ResetScrolls();
    }
    y += ui.Mm(kButtonMm) + 2 * ui.Mm(kGapMm);
    y += ui.Text(m_context.Tr("Remember:"), ImRect(left, y, right, size.y), ui::FontSize::kTitle,
                 ui::colors::kText);
    for (std::size_t index : m_order) {
      const packs::Question& question = m_quiz->questions[index];
      if (question.explanation.empty()) continue;
      y += ui.Mm(2);
      ui.Fill(ImRect(left, y + ui.Mm(2), left + ui.Mm(2), y + ui.Mm(4)), ui::colors::kAccent);
      y += ui.Text(m_context.translator.Pick(question.explanation),
                   ImRect(left + ui.Mm(5), y, right, size.y), ui::FontSize::kBody,
                   ui::colors::kText);
    }
    ui.EndScroll();
    m_height = y - top + ui.Mm(kGapMm);
  }

  // The quiz's related video, when it is installed and videos can be played; it also becomes
  // the player's choice.
  const packs::Video* RelatedVideo() {
    if (m_quiz->relatedVideo.empty() || !m_context.videoPlayer) return nullptr;
    for (std::size_t p = 0; p < m_context.packs.size(); ++p) {
      const std::vector<packs::Video>& videos = m_context.packs[p].content.videos;
      for (std::size_t v = 0; v < videos.size(); ++v) {
        if (videos[v].id == m_quiz->relatedVideo) {
          m_context.video = {p, v};
          return &videos[v];
        }
      }
    }
    return nullptr;
  }

  Context& m_context;
  Narrator m_narrator;
  const Context::Pack* m_pack = nullptr;
  const packs::Quiz* m_quiz = nullptr;
  std::vector<std::size_t> m_order;   // question indexes, in the order asked
  std::size_t m_step = 0;             // into m_order; == size: the results
  std::vector<std::size_t> m_chosen;  // answers chosen for this question
  bool m_answered = false;
  bool m_wasRight = false;
  int m_right = 0;
  float m_height = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeQuizScreen(Context& context) {
  return std::make_unique<QuizScreen>(context);
}

}  // namespace kiosk::screens
