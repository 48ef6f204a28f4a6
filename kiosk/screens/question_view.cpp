// How quizzes and surveys show a question: large text, answers as big blocks, and a Listen
// button on each where the pack brings narration, for those who read little. Main thread.
#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

constexpr float kListenMm = 18;       // the Listen button's height
constexpr float kListenWidthMm = 40;  // beside a question
constexpr float kGapMm = 3;

ImU32 FillFor(Mark mark) {
  switch (mark) {
    case Mark::kChosen:
      return ui::colors::kVideos;
    case Mark::kRight:
      return ui::colors::kQuizzes;
    case Mark::kWrong:
      return ui::colors::kWarning;
    case Mark::kPlain:
      break;
  }
  return ui::colors::kPanel;
}

}  // namespace

void Narrator::Toggle(const Context::Pack& pack, const std::map<std::string, std::string>& files,
                      int key) {
  if (!m_context.narration) return;
  if (Playing(key)) {
    Stop();
    return;
  }
  m_key = key;
  const std::string path = m_context.PathIn(pack, m_context.translator.Pick(files));
  base::Result<bool> playing = m_context.narration->Play(path);
  if (!playing) base::Log(base::LogLevel::kError, "narration: %s", playing.error().c_str());
}

bool Narrator::Playing(int key) const {
  return m_context.narration && m_key == key &&
         m_context.narration->GetState() == playback::State::kPlaying;
}

void Narrator::Stop() {
  if (m_context.narration) m_context.narration->Stop();
}

ImRect QuestionHeader(ui::Ui& ui, Context& context, std::size_t step, std::size_t count) {
  const std::string progress =
      step < count ? i18n::Fill(context.Tr("Question {}"),
                                std::to_string(step + 1) + " / " + std::to_string(count))
                   : "";
  return Header(ui, context, progress.c_str(), ui::FontSize::kBody);
}

namespace {

// The Listen button's width beside a question, with its gap; 0 without narration.
float ListenRoom(ui::Ui& ui, const Context& context, const packs::Question& question) {
  const bool narrated = context.narration && !question.narration.empty();
  return narrated ? ui.Mm(kListenWidthMm + kGapMm) : 0;
}

}  // namespace

float QuestionHeight(ui::Ui& ui, const Context& context, const packs::Question& question,
                     float width) {
  const float listen = ListenRoom(ui, context, question);
  const float height =
      ui.TextHeight(context.translator.Pick(question.text), width - listen, ui::FontSize::kTitle);
  return listen > 0 ? std::max(height, ui.Mm(kListenMm)) : height;
}

float DrawQuestion(ui::Ui& ui, Context& context, Narrator& narrator, const Context::Pack& pack,
                   const packs::Question& question, const ImRect& r) {
  const float listenRoom = ListenRoom(ui, context, question);
  const float height = ui.Text(context.translator.Pick(question.text),
                               ImRect(r.Min.x, r.Min.y, r.Max.x - listenRoom, r.Max.y),
                               ui::FontSize::kTitle, ui::colors::kText);
  if (listenRoom == 0) return height;
  const float listenWidth = ui.Mm(kListenWidthMm);
  const bool playing = narrator.Playing(kQuestionNarration);
  const ImRect listen(r.Max.x - listenWidth, r.Min.y, r.Max.x, r.Min.y + ui.Mm(kListenMm));
  if (ui.IconButton(playing ? ui::Icon::kPause : ui::Icon::kSpeaker,
                    context.Tr(playing ? i18n::N_("Stop") : i18n::N_("Listen")), listen, playing)) {
    narrator.Toggle(pack, question.narration, kQuestionNarration);
  }
  return std::max(height, listen.GetHeight());
}

bool HasPictures(const packs::Question& question) {
  return std::any_of(question.answers.begin(), question.answers.end(),
                     [](const packs::Answer& answer) { return !answer.picture.empty(); });
}

std::optional<std::size_t> DrawPictureAnswers(ui::Ui& ui, Context& context, Narrator& narrator,
                                              const Context::Pack& pack,
                                              const packs::Question& question,
                                              const std::vector<Mark>& marks, float left,
                                              float right, float room, bool numbered, bool tappable,
                                              float* y) {
  std::optional<std::size_t> tapped;
  const float gap = ui.Mm(kGapMm);
  const std::size_t count = question.answers.size();
  const std::size_t columns = count == 4 ? 2 : std::min<std::size_t>(count, 3);
  const std::size_t rows = (count + columns - 1) / columns;
  const float width = (right - left - gap * float(columns - 1)) / float(columns);
  const bool narrated =
      context.narration &&
      std::any_of(question.answers.begin(), question.answers.end(),
                  [](const packs::Answer& answer) { return !answer.narration.empty(); });
  std::vector<std::string> captions;
  float below = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char* text = context.translator.Pick(question.answers[i].text);
    captions.push_back(numbered ? std::to_string(i + 1) + (*text ? "   " : "") + text : text);
    below = std::max(below, ui.CaptionHeight(captions.back().c_str(), width, narrated));
  }
  const float fit = (room - float(rows) * (below + gap)) / float(rows);
  const float picture = std::round(std::clamp(fit, ui.Mm(30), width * 0.75f));
  for (std::size_t i = 0; i < count; ++i) {
    const packs::Answer& answer = question.answers[i];
    const float x = left + float(i % columns) * (width + gap);
    const float top = *y + float(i / columns) * (picture + below + gap);
    const ImRect card(x, top, x + width, top + picture + below);
    ui::Ui::Shown shown;
    if (context.pictures && !answer.picture.empty()) {
      const ImVec2 box = ui.PictureChoiceBox(card, picture);
      if (const image::Cache::Shown* decoded =
              context.pictures->Get(context.PathIn(pack, answer.picture), static_cast<int>(box.x),
                                    static_cast<int>(box.y))) {
        shown = {decoded->texture, decoded->width, decoded->height};
      }
    }
    const int key = static_cast<int>(i);
    const bool listen = context.narration && !answer.narration.empty();
    switch (ui.PictureChoice(shown, captions[i].c_str(), card, picture,
                             FillFor(i < marks.size() ? marks[i] : Mark::kPlain), tappable, listen,
                             listen && narrator.Playing(key))) {
      case ui::Ui::CardTap::kCard:
        tapped = i;
        break;
      case ui::Ui::CardTap::kListen:
        narrator.Toggle(pack, answer.narration, key);
        break;
      case ui::Ui::CardTap::kNone:
        break;
    }
  }
  *y += float(rows) * (picture + below + gap);
  return tapped;
}

std::optional<std::size_t> DrawAnswers(ui::Ui& ui, Context& context, Narrator& narrator,
                                       const Context::Pack& pack, const packs::Question& question,
                                       const std::vector<Mark>& marks, float left, float right,
                                       float room, float* y) {
  if (HasPictures(question)) {
    return DrawPictureAnswers(ui, context, narrator, pack, question, marks, left, right, room,
                              false, true, y);
  }
  std::optional<std::size_t> tapped;
  const float gap = ui.Mm(kGapMm);
  for (std::size_t i = 0; i < question.answers.size(); ++i) {
    const packs::Answer& answer = question.answers[i];
    const bool narrated = context.narration && !answer.narration.empty();
    const float listen = narrated ? ui.Mm(kListenMm) + gap : 0;
    const char* text = context.translator.Pick(answer.text);
    const float height = ui.ChoiceHeight(text, right - left - listen);
    const ImRect block(left, *y, right - listen, *y + height);
    if (ui.Choice(text, block, FillFor(i < marks.size() ? marks[i] : Mark::kPlain))) tapped = i;
    if (narrated) {
      const int key = static_cast<int>(i);
      const ImRect button(right - ui.Mm(kListenMm), *y, right, *y + std::max(height, ui.Mm(16)));
      if (ui.IconButton(ui::Icon::kSpeaker, "", button, narrator.Playing(key))) {
        narrator.Toggle(pack, answer.narration, key);
      }
    }
    *y += height + gap;
  }
  return tapped;
}

}  // namespace kiosk::screens
