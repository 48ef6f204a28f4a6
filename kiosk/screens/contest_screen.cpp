// A knowledge contest for children: two to four teams around the one screen, led by a teacher
// who taps the team that answered right, or with each team tapping in its own zone. Set-up, then
// for each question: the question alone (read out), the answers with a countdown that ticks in
// its last seconds, the reveal with the explanation, and the scores; a tie-break when the
// leaders are level; a podium with a fanfare. The rules are in contest.cpp. Counts: contests
// started and finished, and each question answered right or wrong, never which team.
// Main thread.
#include <algorithm>
#include <cmath>
#include <random>

#include "screens/contest_internal.h"
#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

using contest::Mode;
using contest::Phase;

constexpr float kMarginMm = 5;
constexpr float kGapMm = 3;
constexpr float kBarMm = 14;  // the top bar: progress, countdown, staff buttons
constexpr float kStaffButtonMm = 30;
constexpr float kButtonMm = 18;
constexpr float kZoneHeaderMm = 11;
constexpr float kNumberButtonMm = 14;  // a numbered answer in a team's zone
constexpr int kTicks = 5;              // the countdown ticks in its last seconds
constexpr auto kCelebration = std::chrono::seconds(4);
constexpr auto kCelebrationFrame = std::chrono::milliseconds(33);
// A contest is led by a teacher who talks between questions: the kiosk waits this long without a
// touch before it resets, instead of the usual idle time.
constexpr auto kContestIdle = std::chrono::minutes(10);

// Teams by colour and animal, never by a child's name. White text on each is at least 4.5:1.
struct TeamLook {
  const char* name;  // msgid
  ImU32 color;
};
constexpr TeamLook kTeams[contest::kMaxTeams] = {
    {i18n::N_("Red Elephants"), IM_COL32(178, 34, 34, 255)},
    {i18n::N_("Blue Peacocks"), IM_COL32(25, 85, 170, 255)},
    {i18n::N_("Green Monkeys"), IM_COL32(27, 115, 64, 255)},
    {i18n::N_("Purple Tigers"), IM_COL32(110, 55, 160, 255)},
};
constexpr ImU32 kCountdownLate = IM_COL32(235, 90, 60, 255);
// Gold, silver and bronze, each dark enough for its white place number (at least 4.5:1).
constexpr ImU32 kMedals[3] = {IM_COL32(150, 110, 10, 255), IM_COL32(105, 115, 125, 255),
                              IM_COL32(150, 90, 40, 255)};

class ContestScreen final : public Screen {
 public:
  explicit ContestScreen(Context& context) : m_context(context), m_narrator(context) {}

  void OnExit() override {
    // Back on the home screen by a key, or the kiosk resetting: the contest waits, paused.
    if (m_game) m_game->Pause(m_context.clock.Now());
    StopSound();
  }

  void Draw(ui::Ui& ui) override {
    if (!m_game) {
      DrawSetUp(ui);
      return;
    }
    const base::TimePoint now = m_context.clock.Now();
    m_game->Update(now);
    Sync(now);
    if (m_confirmEnd) {
      DrawConfirmEnd(ui);
    } else if (m_game->Paused()) {
      DrawPaused(ui);
    } else {
      switch (m_game->GetPhase()) {
        case Phase::kReading:
        case Phase::kAnswering:
          DrawQuestion(ui, now);
          break;
        case Phase::kReveal:
          DrawReveal(ui);
          break;
        case Phase::kScores:
          DrawScores(ui);
          break;
        case Phase::kTieBreak:
          DrawTieBreak(ui);
          break;
        case Phase::kPodium:
          DrawPodium(ui, now);
          break;
      }
    }
    // What a tap started (an answer, the next question) has its sound and count at once.
    if (m_game) Sync(m_context.clock.Now());
  }

  std::optional<base::TimePoint> Deadline() const override {
    if (!m_game || m_confirmEnd) return std::nullopt;
    if (m_game->GetPhase() == Phase::kPodium) {
      // The confetti's next frame, counted from the last one drawn; none once they have fallen.
      if (m_confettiDrawn < m_podiumShown + kCelebration)
        return m_confettiDrawn + kCelebrationFrame;
      return std::nullopt;
    }
    std::optional<base::TimePoint> end = m_game->Deadline();
    if (end && m_game->GetPhase() == Phase::kAnswering && m_secondsShown > 1) {
      // The countdown's number changes every whole second before the end.
      return *end - std::chrono::seconds(m_secondsShown - 1);
    }
    return end;
  }

  std::optional<base::Duration> IdleTimeout() const override {
    if (m_game && m_game->GetPhase() != Phase::kPodium) return kContestIdle;
    return std::nullopt;
  }

 private:
  const Context::Pack& Pack() const { return m_context.packs.at(m_choice.pack); }
  const packs::Quiz& Set() const { return Pack().content.contests.at(m_choice.item); }
  const char* TeamName(std::size_t team) const { return m_context.Tr(kTeams[team].name); }

  // [SECTION] Set-up

  void DrawSetUp(ui::Ui& ui) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float left = margin, right = size.x - margin;
    const ImRect header = Header(ui, m_context, m_context.Tr("Contest"));
    const ImRect view(header.Min, ImVec2(header.Max.x, size.y - margin - ui.Mm(kButtonMm) - gap));
    const float top = view.Min.y + ui.BeginScroll("contest-set-up", view, m_setUpHeight);
    float y = top;
    auto heading = [&](const char* text) {
      y += ui.Text(text, ImRect(left, y, right, size.y), ui::FontSize::kBody, ui::colors::kTextDim);
      y += ui.Mm(1);
    };
    // A row of choices as wide as their room, the chosen one lit.
    auto row = [&](std::size_t count, auto label, auto chosen, auto choose, float heightMm) {
      const float width =
          (right - left - gap * static_cast<float>(count - 1)) / static_cast<float>(count);
      for (std::size_t i = 0; i < count; ++i) {
        const float x = left + static_cast<float>(i) * (width + gap);
        if (ui.Button(label(i), ImRect(x, y, x + width, y + ui.Mm(heightMm)), chosen(i))) choose(i);
      }
      y += ui.Mm(heightMm) + gap + ui.Mm(1);
    };

    std::vector<Context::Choice> sets;
    for (std::size_t p = 0; p < m_context.packs.size(); ++p) {
      for (std::size_t s = 0; s < m_context.packs[p].content.contests.size(); ++s) {
        sets.push_back({p, s});
      }
    }
    // The first set, until one is chosen (the first pack may have none).
    const bool chosenExists =
        m_choice.pack < m_context.packs.size() &&
        m_choice.item < m_context.packs[m_choice.pack].content.contests.size();
    if (!chosenExists && !sets.empty()) m_choice = sets.front();
    heading(m_context.Tr("Questions"));
    for (const Context::Choice& set : sets) {
      const packs::Quiz& quiz = m_context.packs[set.pack].content.contests[set.item];
      const std::string label =
          std::string(m_context.translator.Pick(quiz.title)) + " · " +
          i18n::Fill(m_context.Tr("Questions: {}"), std::to_string(quiz.questionCount));
      const bool chosen = set.pack == m_choice.pack && set.item == m_choice.item;
      if (ui.Button(label.c_str(), ImRect(left, y, right, y + ui.Mm(14)), chosen)) m_choice = set;
      y += ui.Mm(14) + gap;
    }

    heading(m_context.Tr("Teams"));
    row(
        contest::kMaxTeams - contest::kMinTeams + 1, [&](std::size_t i) { return kTeamCounts[i]; },
        [&](std::size_t i) { return m_settings.teams == i + contest::kMinTeams; },
        [&](std::size_t i) { m_settings.teams = i + contest::kMinTeams; }, 14);
    // Who plays, in their colours.
    const float chipWidth = (right - left - gap * static_cast<float>(contest::kMaxTeams - 1)) /
                            static_cast<float>(contest::kMaxTeams);
    for (std::size_t t = 0; t < m_settings.teams; ++t) {
      const float x = left + static_cast<float>(t) * (chipWidth + gap);
      TeamChip(ui, t, ImRect(x, y, x + chipWidth, y + ui.Mm(kZoneHeaderMm)));
    }
    y += ui.Mm(kZoneHeaderMm) + 2 * gap;

    heading(m_context.Tr("How do teams answer?"));
    const char* modes[] = {m_context.Tr("The teacher taps the team that answered right"),
                           m_context.Tr("Each team taps in its own part of the screen")};
    row(
        2, [&](std::size_t i) { return modes[i]; },
        [&](std::size_t i) { return m_settings.mode == (i == 0 ? Mode::kHost : Mode::kZones); },
        [&](std::size_t i) { m_settings.mode = i == 0 ? Mode::kHost : Mode::kZones; }, 18);

    heading(m_context.Tr("Time to answer"));
    std::vector<std::string> times;
    for (int seconds : kAnswerSeconds) {
      times.push_back(
          i18n::Fill(m_context.TrN("{} second", "{} seconds", seconds), std::to_string(seconds)));
    }
    row(
        std::size(kAnswerSeconds), [&](std::size_t i) { return times[i].c_str(); },
        [&](std::size_t i) {
          return m_settings.answerTime == std::chrono::seconds(kAnswerSeconds[i]);
        },
        [&](std::size_t i) { m_settings.answerTime = std::chrono::seconds(kAnswerSeconds[i]); },
        14);

    ui.EndScroll();
    m_setUpHeight = y - top;
    // Always in view, below the choices however many there are.
    const float bottom = size.y - margin;
    if (ui.IconButton(
            ui::Icon::kPlay, m_context.Tr("Start the contest"),
            ImRect(std::max(left, right - ui.Mm(110)), bottom - ui.Mm(kButtonMm), right, bottom),
            true)) {
      StartGame();
      ui.ResetScrolls();
    }
  }

  void StartGame() {
    if (!WithQuestions(m_context, m_choice.pack, m_choice.item, true)) return;
    const base::TimePoint now = m_context.clock.Now();
    m_game.emplace(Set(), QuestionOrder(Set(), std::random_device{}()), m_settings, now);
    m_shown.reset();
    m_confirmEnd = false;
    m_context.Count(stats::Event::kContestStarted, Pack().id, Set().id,
                    std::string(m_settings.mode == Mode::kHost ? "teacher" : "zones") + "/" +
                        std::to_string(m_settings.teams) + " teams");
  }

  // [SECTION] What happens as the game moves on: narration, sounds, counts

  void Sync(base::TimePoint now) {
    const Phase phase = m_game->GetPhase();
    const std::string tag = m_game->Tag();
    if (!m_shown || m_shown->phase != phase || m_shown->tag != tag) {
      m_shown = Shown{phase, tag};
      m_tick = 0;
      switch (phase) {
        case Phase::kReading:
          StopSound();
          Narrate();
          // The answers wait until the question has been read out, and a moment more.
          if (m_narrator.Playing(kQuestionNarration)) {
            m_game->ReadOutFor(std::chrono::milliseconds(m_context.narration->LengthMs()) +
                               std::chrono::milliseconds(500));
          }
          break;
        case Phase::kReveal:
          m_narrator.Stop();
          PlaySound(m_game->Scorer() ? "right" : "timeup");
          m_context.Count(stats::Event::kContestAnswer, Pack().id, Set().id,
                          tag + (m_game->Scorer() ? "/right" : "/wrong"));
          break;
        case Phase::kPodium:
          m_narrator.Stop();
          PlaySound("fanfare");
          m_podiumShown = now;
          m_context.Count(stats::Event::kContestFinished, Pack().id, Set().id,
                          m_game->EndedEarly() ? "ended early" : "all questions");
          break;
        default:
          break;
      }
    }
    // A tick for each of the last seconds.
    if (phase == Phase::kAnswering && !m_game->Paused()) {
      const int left = m_game->SecondsLeft(now);
      if (left >= 1 && left <= kTicks && left != m_tick) {
        m_tick = left;
        PlaySound("tick");
      }
    }
  }

  // Reads the question out, where the pack has its narration.
  void Narrate() {
    const packs::Question& question = m_game->Current();
    if (question.narration.empty()) return;
    m_narrator.Stop();
    m_narrator.Toggle(Pack(), question.narration, kQuestionNarration);
  }

  void PlaySound(const char* name) {
    if (!m_context.effects || m_context.soundsDir.empty()) return;
    base::Result<bool> playing = m_context.effects->Play(m_context.soundsDir + "/" + name + ".ogg");
    if (!playing && m_soundProblems++ == 0) {
      base::Log(base::LogLevel::kError, "contest sounds: %s", playing.error().c_str());
    }
  }

  void StopSound() {
    m_narrator.Stop();
    if (m_context.effects) m_context.effects->Stop();
  }

  // [SECTION] A question: the top bar, the question, the answers or the teams' zones

  // Progress at the left, the countdown in the middle, the staff's buttons at the right. Returns
  // the y below it.
  float DrawTopBar(ui::Ui& ui, base::TimePoint now, bool timed) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float bottom = margin + ui.Mm(kBarMm);
    const std::string progress =
        m_game->InTieBreak()
            ? std::string(m_context.Tr("Tie-break question"))
            : i18n::Fill(m_context.Tr("Question {}"), std::to_string(m_game->Number()) + " / " +
                                                          std::to_string(m_game->Count()));
    ui.Text(progress.c_str(), ImRect(margin, margin + ui.Mm(3), size.x / 2, bottom),
            ui::FontSize::kBody, ui::colors::kTextDim);
    // Staff: Pause while the clock runs (skip and end are behind it, out of children's reach on
    // a shared screen); End between questions, asked once more.
    float x = size.x - margin;
    auto staff = [&](const char* label) {
      // As wide as the label in any language, on one line.
      const float width =
          std::max(ui.Mm(kStaffButtonMm), ui.TextWidth(label, ui::FontSize::kBody) + ui.Mm(6));
      const bool tapped = ui.Button(label, ImRect(x - width, margin, x, bottom));
      x -= width + gap;
      return tapped;
    };
    if (!timed) {
      if (staff(m_context.Tr("End"))) m_confirmEnd = true;
      return bottom + gap;
    }
    if (staff(m_context.Tr("Pause"))) {
      m_game->Pause(now);
      StopSound();  // nobody reads the question out while it is hidden
    }
    // The countdown: its seconds in large type, and a bar that shrinks, red at the end.
    const int seconds = m_game->SecondsLeft(now);
    m_secondsShown = seconds;
    const bool late = m_game->GetPhase() == Phase::kAnswering && seconds <= kTicks;
    const ImU32 color = late ? kCountdownLate : ui::colors::kAccent;
    const std::string number = std::to_string(seconds);
    ui.Text(number.c_str(), ImRect(size.x / 2 - ui.Mm(20), margin, size.x / 2 + ui.Mm(20), bottom),
            ui::FontSize::kTitle, color, ui::Align::kCenter);
    const float barTop = bottom + ui.Mm(1);
    ui.Fill(ImRect(margin, barTop, size.x - margin, barTop + ui.Mm(2.5f)), ui::colors::kPanel, 1);
    const float shown = m_game->FractionLeft(now);
    if (shown > 0) {
      ui.Fill(ImRect(margin, barTop, margin + (size.x - 2 * margin) * shown, barTop + ui.Mm(2.5f)),
              color, 1);
    }
    return barTop + ui.Mm(2.5f) + gap;
  }

  void DrawQuestion(ui::Ui& ui, base::TimePoint now) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float top = DrawTopBar(ui, now, true);
    if (!m_game || m_game->Paused() ||
        (m_game->GetPhase() != Phase::kReading && m_game->GetPhase() != Phase::kAnswering)) {
      return;  // a staff button changed what is shown: the next frame shows it
    }
    const bool answering = m_game->GetPhase() == Phase::kAnswering;
    if (m_game->GetSettings().mode == Mode::kZones) {
      DrawZones(ui, now, top, answering);
      return;
    }
    // Led by a teacher: the question and its answers, scrolled if the screen is small, and a
    // button per team, always in reach, for the one that answered.
    const float teamsTop = size.y - margin - ui.Mm(kButtonMm);
    const float labelTop = teamsTop - ui.Mm(8);
    const packs::Question& question = m_game->Current();
    const ImRect view(0, top, size.x, labelTop - gap);
    const float left = margin, right = size.x - margin;
    // Large answers, which a class reads from a few steps away, where they fit.
    const ui::FontSize answerSize =
        QuestionHeight(ui, m_context, question, size.x - 2 * ui.Mm(kMarginMm)) +
                    AnswersHeight(ui, question, ui::FontSize::kTitle, right - left) <=
                view.GetHeight()
            ? ui::FontSize::kTitle
            : ui::FontSize::kBody;
    float y = view.Min.y + ui.BeginScroll("contest-question", view, m_questionHeight);
    const float start = y;
    y += screens::DrawQuestion(ui, m_context, m_narrator, Pack(), question,
                               ImRect(left, y, right, size.y)) +
         gap;
    if (answering) {
      AnswerBlocks(ui, question, {}, answerSize, false, left, right, view.GetHeight() - (y - start),
                   &y);
    } else {
      y += ui.Text(m_context.Tr("The answers come in a moment."), ImRect(left, y, right, size.y),
                   ui::FontSize::kBody, ui::colors::kTextDim) +
           gap;
      if (ui.Button(m_context.Tr("Show the answers"),
                    ImRect(left, y, left + ui.Mm(80), y + ui.Mm(kButtonMm)))) {
        m_game->ShowAnswers(now);
      }
      y += ui.Mm(kButtonMm);
    }
    ui.EndScroll();
    m_questionHeight = y - start;
    ui.Text(m_context.Tr("Which team answered right?"), ImRect(left, labelTop, right, teamsTop),
            ui::FontSize::kSmall, ui::colors::kTextDim);
    const std::size_t buttons =
        1 + std::count_if(m_game->Teams().begin(), m_game->Teams().end(),
                          [](const contest::Team& team) { return team.playing; });
    const float width =
        (right - left - gap * static_cast<float>(buttons - 1)) / static_cast<float>(buttons);
    float x = left;
    for (std::size_t t = 0; t < m_game->Teams().size(); ++t) {
      if (!m_game->Teams()[t].playing) continue;
      if (ui.Choice(TeamName(t), ImRect(x, teamsTop, x + width, size.y - margin),
                    kTeams[t].color)) {
        m_game->Award(t, now);
      }
      x += width + gap;
    }
    if (ui.Button(m_context.Tr("Nobody"), ImRect(x, teamsTop, x + width, size.y - margin))) {
      m_game->Nobody(now);
    }
  }

  // The question above, and each team's zone side by side along the bottom: its name, and the
  // answers in its colour for its children to tap. Where the answers' texts do not fit in the
  // zones (a small screen, long answers), they are listed once under the question, numbered, and
  // the zones have a big button for each number.
  void DrawZones(ui::Ui& ui, base::TimePoint now, float top, bool answering) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float left = margin, right = size.x - margin;
    const std::size_t teams = m_game->Teams().size();
    const float width =
        (size.x - 2 * margin - gap * static_cast<float>(teams - 1)) / static_cast<float>(teams);
    const float inWidth = width - ui.Mm(4);
    const packs::Question& question = m_game->Current();
    const std::size_t count = question.answers.size();
    float fullNeed = ui.Mm(kZoneHeaderMm) + gap + ui.Mm(2);
    for (const packs::Answer& answer : question.answers) {
      fullNeed += ui.ChoiceHeight(m_context.translator.Pick(answer.text), inWidth) + gap;
    }
    const float questionHeight =
        QuestionHeight(ui, m_context, question, size.x - 2 * ui.Mm(kMarginMm));
    // Pictures are shown once under the question, numbered, as long answers are.
    const bool numbered =
        HasPictures(question) || top + questionHeight + gap + fullNeed > size.y - margin;
    const std::size_t rows = (count + 1) / 2;
    const float numberedNeed = ui.Mm(kZoneHeaderMm) + gap +
                               static_cast<float>(rows) * (ui.Mm(kNumberButtonMm) + gap) + ui.Mm(2);
    const float zonesTop = numbered ? size.y - margin - numberedNeed : top + questionHeight + gap;
    // The question (and the numbered answers), scrolled if they need more room.
    const ImRect view(0, top, size.x, zonesTop - gap);
    float y = view.Min.y + ui.BeginScroll("contest-question", view, m_questionHeight);
    const float start = y;
    y += screens::DrawQuestion(ui, m_context, m_narrator, Pack(), question,
                               ImRect(left, y, right, size.y)) +
         gap;
    if (numbered && answering) {
      AnswerBlocks(ui, question, {}, ui::FontSize::kBody, true, left, right,
                   view.GetHeight() - (y - start), &y);
    }
    ui.EndScroll();
    m_questionHeight = y - start;

    for (std::size_t t = 0; t < teams; ++t) {
      const contest::Team& team = m_game->Teams()[t];
      const float x = margin + static_cast<float>(t) * (width + gap);
      const ImRect zone(x, zonesTop, x + width, size.y - margin);
      ui.Fill(zone, ui::colors::kPanel, 2);
      TeamChip(ui, t,
               ImRect(zone.Min.x, zone.Min.y, zone.Max.x, zone.Min.y + ui.Mm(kZoneHeaderMm)));
      float zy = zone.Min.y + ui.Mm(kZoneHeaderMm) + gap;
      const float inLeft = zone.Min.x + ui.Mm(2), inRight = zone.Max.x - ui.Mm(2);
      const char* waiting = !team.playing ? m_context.Tr("Not in the tie-break")
                            : team.locked ? m_context.Tr("Wait for the next question")
                            : !answering  ? m_context.Tr("The answers come in a moment.")
                                          : nullptr;
      if (waiting) {
        ui.Text(waiting, ImRect(inLeft, zy, inRight, zone.Max.y), ui::FontSize::kBody,
                ui::colors::kTextDim, ui::Align::kCenter);
        continue;
      }
      if (numbered) {
        // Two big numbered buttons a row.
        const float half = (inRight - inLeft - gap) / 2;
        for (std::size_t a = 0; a < count; ++a) {
          const float bx = inLeft + static_cast<float>(a % 2) * (half + gap);
          const float by = zy + static_cast<float>(a / 2) * (ui.Mm(kNumberButtonMm) + gap);
          const std::string number = std::to_string(a + 1);
          if (ui.Choice(number.c_str(), ImRect(bx, by, bx + half, by + ui.Mm(kNumberButtonMm)),
                        kTeams[t].color)) {
            m_game->Answer(t, a, now);
          }
        }
        continue;
      }
      // The answers share the zone: big targets for small hands, but no taller than 30 mm.
      const float share =
          std::min(ui.Mm(30), (zone.Max.y - zy - ui.Mm(2)) / static_cast<float>(count) - gap);
      for (std::size_t a = 0; a < count; ++a) {
        const char* text = m_context.translator.Pick(question.answers[a].text);
        const float height = std::max(share, ui.ChoiceHeight(text, inRight - inLeft));
        if (ui.Choice(text, ImRect(inLeft, zy, inRight, zy + height), kTeams[t].color)) {
          m_game->Answer(t, a, now);
        }
        zy += height + gap;
      }
    }
  }

  // The height of the answers as AnswerBlocks draws them.
  float AnswersHeight(ui::Ui& ui, const packs::Question& question, ui::FontSize size, float width) {
    const float pad = ui.Mm(3);
    float height = 0;
    for (const packs::Answer& answer : question.answers) {
      height += ui.TextHeight(m_context.translator.Pick(answer.text), width - 2 * pad, size) +
                2 * pad + ui.Mm(kGapMm);
    }
    return height;
  }

  // Answers as blocks to read, not to tap, numbered when `numbered`; the right one green when
  // marked.
  void AnswerBlocks(ui::Ui& ui, const packs::Question& question, const std::vector<Mark>& marks,
                    ui::FontSize size, bool numbered, float left, float right, float room,
                    float* y) {
    const float gap = ui.Mm(kGapMm), pad = ui.Mm(3);
    if (HasPictures(question)) {
      // Cards to look at: the children answer in their zones or the teacher awards a team.
      DrawPictureAnswers(ui, m_context, m_narrator, Pack(), question, marks, left, right, room,
                         numbered, false, y);
      return;
    }
    for (std::size_t a = 0; a < question.answers.size(); ++a) {
      const std::string text = (numbered ? std::to_string(a + 1) + "   " : std::string()) +
                               m_context.translator.Pick(question.answers[a].text);
      const float height = ui.TextHeight(text.c_str(), right - left - 2 * pad, size);
      const bool rightOne = a < marks.size() && marks[a] == Mark::kRight;
      ui.Fill(ImRect(left, *y, right, *y + height + 2 * pad),
              rightOne ? ui::colors::kQuizzes : ui::colors::kPanel, 2);
      ui.Text(text.c_str(), ImRect(left + pad, *y + pad, right - pad, *y + pad + height), size,
              ui::colors::kText);
      *y += height + 2 * pad + gap;
    }
  }

  // A team's name on its colour, and after it what follows (its score), if anything.
  void TeamChip(ui::Ui& ui, std::size_t team, const ImRect& r, const std::string& after = {}) {
    ui.Fill(r, kTeams[team].color, 2);
    const std::string text = after.empty() ? TeamName(team) : TeamName(team) + ("  " + after);
    // On one line: smaller type in a narrow zone.
    const float width = r.GetWidth() - ui.Mm(4);
    const ui::FontSize size = ui.TextWidth(text.c_str(), ui::FontSize::kBody) <= width
                                  ? ui::FontSize::kBody
                                  : ui::FontSize::kSmall;
    const float height = ui.TextHeight(text.c_str(), width, size);
    ui.Text(text.c_str(),
            ImRect(r.Min.x + ui.Mm(2), r.GetCenter().y - height / 2, r.Max.x - ui.Mm(2), r.Max.y),
            size, ui::colors::kText, ui::Align::kCenter);
  }

  // [SECTION] Between questions

  // A big button at the bottom right that moves the contest on.
  void ContinueButton(ui::Ui& ui, const char* label) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm);
    const ImRect r(size.x - margin - ui.Mm(90), size.y - margin - ui.Mm(kButtonMm), size.x - margin,
                   size.y - margin);
    if (ui.IconButton(ui::Icon::kPlay, label, r, true)) {
      m_game->Continue(m_context.clock.Now());
      ui.ResetScrolls();
    }
  }

  void DrawReveal(ui::Ui& ui) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float left = margin, right = size.x - margin;
    const float top = DrawTopBar(ui, m_context.clock.Now(), false);
    if (m_confirmEnd) return;
    const packs::Question& question = m_game->Current();
    const ImRect view(0, top, size.x, size.y - margin - ui.Mm(kButtonMm) - gap);
    float y = view.Min.y + ui.BeginScroll("contest-reveal", view, m_revealHeight);
    const float start = y;
    y += ui.Text(m_context.translator.Pick(question.text), ImRect(left, y, right, size.y),
                 ui::FontSize::kBody, ui::colors::kTextDim);
    y += gap;
    std::vector<Mark> marks;
    for (const packs::Answer& answer : question.answers) {
      marks.push_back(answer.correct ? Mark::kRight : Mark::kPlain);
    }
    // Pictures leave room for who got it and the explanation below them.
    AnswerBlocks(ui, question, marks, ui::FontSize::kBody, false, left, right,
                 view.GetHeight() - (y - start) - ui.Mm(40), &y);
    if (std::optional<std::size_t> scorer = m_game->Scorer()) {
      const std::string line = i18n::Fill(m_context.Tr("{} got it right!"), TeamName(*scorer)) +
                               "  +" + std::to_string(m_game->Teams()[*scorer].gained);
      y += ui.Text(line.c_str(), ImRect(left, y, right, size.y), ui::FontSize::kTitle,
                   ui::colors::kAccent);
    } else {
      y += ui.Text(m_context.Tr("Nobody got it this time."), ImRect(left, y, right, size.y),
                   ui::FontSize::kTitle, ui::colors::kText);
    }
    y += gap;
    y += ui.Text(m_context.translator.Pick(question.explanation), ImRect(left, y, right, size.y),
                 ui::FontSize::kBody, ui::colors::kText);
    ui.EndScroll();
    m_revealHeight = y - start + gap;
    // A tie-break is decided by a right answer, or by running out of questions.
    const bool decided = m_game->InTieBreak() && (m_game->Scorer() || !m_game->MoreTieBreaks());
    ContinueButton(ui, m_context.Tr(!m_game->InTieBreak() ? i18n::N_("See the scores")
                                    : decided             ? i18n::N_("See who won")
                                                          : i18n::N_("Next question")));
  }

  // The top of a screen between questions: the bar with End, and a title. Returns the y below
  // it, or nullopt when End was tapped (the next frame asks).
  std::optional<float> TitleBetweenQuestions(ui::Ui& ui, const char* title, ImU32 color) {
    const float margin = ui.Mm(kMarginMm);
    const float top = DrawTopBar(ui, m_context.clock.Now(), false);
    if (m_confirmEnd) return std::nullopt;
    return top + ui.Text(title, ImRect(margin, top, ui.Size().x - margin, ui.Size().y),
                         ui::FontSize::kTitle, color);
  }

  void DrawScores(ui::Ui& ui) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float left = margin, right = size.x - margin;
    const std::optional<float> below =
        TitleBetweenQuestions(ui, m_context.Tr("Scores"), ui::colors::kText);
    if (!below) return;
    float y = *below + gap;
    const std::vector<contest::Team>& teams = m_game->Teams();
    int best = 100;
    for (const contest::Team& team : teams) best = std::max(best, team.score);
    const float nameWidth = std::min(ui.Mm(75), (right - left) * 0.3f);
    const float barLeft = left + nameWidth + gap, barRight = right - ui.Mm(45);
    const float row = std::min(
        ui.Mm(16),
        (size.y - y - ui.Mm(kButtonMm) - 2 * margin) / static_cast<float>(teams.size()) - gap);
    for (std::size_t t = 0; t < teams.size(); ++t) {
      TeamChip(ui, t, ImRect(left, y, left + nameWidth, y + row));
      const float end = barLeft + (barRight - barLeft) * static_cast<float>(teams[t].score) /
                                      static_cast<float>(best);
      ui.Fill(ImRect(barLeft, y + row * 0.2f, std::max(end, barLeft + ui.Mm(1)), y + row * 0.8f),
              kTeams[t].color, 1);
      std::string score = std::to_string(teams[t].score);
      if (teams[t].gained > 0) score += "  +" + std::to_string(teams[t].gained);
      const float height = ui.TextHeight(score.c_str(), right - end, ui::FontSize::kBody);
      ui.Text(score.c_str(), ImRect(end + gap, y + (row - height) / 2, right, y + row),
              ui::FontSize::kBody, teams[t].gained > 0 ? ui::colors::kAccent : ui::colors::kText);
      y += row + gap;
    }
    const bool last = m_game->Number() == m_game->Count();
    ContinueButton(ui, m_context.Tr(last ? i18n::N_("See who won") : i18n::N_("Next question")));
  }

  void DrawTieBreak(ui::Ui& ui) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    const float left = margin, right = size.x - margin;
    const std::optional<float> below =
        TitleBetweenQuestions(ui, m_context.Tr("It's a tie!"), ui::colors::kAccent);
    if (!below) return;
    float y = *below;
    y += ui.Text(
        m_context.Tr("These teams have the same score. One more question decides, and only they "
                     "answer it:"),
        ImRect(left, y, right, size.y), ui::FontSize::kBody, ui::colors::kText);
    y += gap;
    for (std::size_t t = 0; t < m_game->Teams().size(); ++t) {
      if (!m_game->Teams()[t].playing) continue;
      TeamChip(ui, t, ImRect(left, y, left + ui.Mm(80), y + ui.Mm(kZoneHeaderMm)));
      y += ui.Mm(kZoneHeaderMm) + gap;
    }
    ContinueButton(ui, m_context.Tr("Start the tie-break"));
  }

  // [SECTION] The end

  void DrawPodium(ui::Ui& ui, base::TimePoint now) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    float y = margin;
    y += ui.Text(m_context.Tr("Well done, everyone!"), ImRect(margin, y, size.x - margin, size.y),
                 ui::FontSize::kTitle, ui::colors::kAccent, ui::Align::kCenter);
    y += gap;
    // Three blocks: first in the middle and highest, second left, third right. Level teams
    // share a block.
    const std::vector<int> places = m_game->Places();
    const float buttonsTop = size.y - margin - ui.Mm(kButtonMm);
    const float floor = buttonsTop - 2 * gap;
    const float blockWidth = std::min(ui.Mm(90), (size.x - 2 * margin - 2 * gap) / 3);
    const float centre = size.x / 2;
    const float lefts[3] = {centre - blockWidth / 2, centre - blockWidth * 1.5f - gap,
                            centre + blockWidth / 2 + gap};
    const float heights[3] = {0.55f, 0.4f, 0.28f};  // of the room below the title
    std::vector<int> distinct = places;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (std::size_t block = 0; block < std::min<std::size_t>(3, distinct.size()); ++block) {
      const float x = lefts[block];
      const float top = floor - (floor - y) * heights[block];
      // Gold, silver, bronze by place: level teams share a block, and the next place is lower.
      ui.Fill(ImRect(x, top, x + blockWidth, floor), kMedals[std::min(distinct[block], 3) - 1], 2);
      ui.Text(std::to_string(distinct[block]).c_str(), ImRect(x, top + gap, x + blockWidth, floor),
              ui::FontSize::kTitle, ui::colors::kText, ui::Align::kCenter);
      // The teams on it, stacked above the block.
      float name = top - gap;
      for (std::size_t t = places.size(); t-- > 0;) {
        if (places[t] != distinct[block]) continue;
        name -= ui.Mm(kZoneHeaderMm);
        TeamChip(ui, t, ImRect(x, name, x + blockWidth, name + ui.Mm(kZoneHeaderMm)),
                 std::to_string(m_game->Teams()[t].score));
        name -= ui.Mm(1);
      }
    }
    // A fourth place, at the bottom left: its number and the team.
    for (std::size_t t = 0; t < places.size(); ++t) {
      if (distinct.size() <= 3 || places[t] < distinct[3]) continue;
      const float row = buttonsTop + (size.y - margin - buttonsTop - ui.Mm(kZoneHeaderMm)) / 2;
      ui.Text(std::to_string(places[t]).c_str(), ImRect(margin, row, margin + ui.Mm(8), size.y),
              ui::FontSize::kBody, ui::colors::kTextDim);
      TeamChip(ui, t,
               ImRect(margin + ui.Mm(8), row, margin + ui.Mm(8) + blockWidth,
                      row + ui.Mm(kZoneHeaderMm)),
               std::to_string(m_game->Teams()[t].score));
    }
    Confetti(ui, now);
    const float width = ui.Mm(80);
    if (ui.IconButton(ui::Icon::kPlay, m_context.Tr("Play again"),
                      ImRect(size.x - margin - width, buttonsTop, size.x - margin, size.y - margin),
                      true)) {
      StartGame();
      return;
    }
    if (ui.Button(m_context.Tr("New contest"),
                  ImRect(size.x - margin - 2 * width - gap, buttonsTop,
                         size.x - margin - width - gap, size.y - margin))) {
      m_game.reset();
      StopSound();
    }
  }

  // Paper pieces falling in the teams' colours for a few seconds after the podium appears.
  void Confetti(ui::Ui& ui, base::TimePoint now) {
    m_confettiDrawn = now;
    const float t = static_cast<float>(base::Seconds(now - m_podiumShown));
    if (t >= std::chrono::duration<float>(kCelebration).count()) return;
    const ImVec2 size = ui.Size();
    std::mt19937 random(7);  // the same pieces every frame: each falls on its own path
    std::uniform_real_distribution<float> unit(0, 1);
    for (int i = 0; i < 120; ++i) {
      const float x0 = unit(random) * size.x, delay = unit(random) * 1.5f;
      const float speed = ui.Mm(60 + 60 * unit(random)), sway = ui.Mm(4 + 6 * unit(random));
      const ImU32 color = i % 5 == 4 ? ui::colors::kAccent : kTeams[i % 4].color;
      const float fall = t - delay;
      if (fall < 0) continue;
      const float y = -ui.Mm(4) + speed * fall;
      const float x = x0 + sway * std::sin(fall * 4 + static_cast<float>(i));
      ui.Fill(ImRect(x, y, x + ui.Mm(4), y + ui.Mm(2.5f)), color);
    }
  }

  void DrawPaused(ui::Ui& ui) {
    // The question is hidden while paused: nobody reads ahead.
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    float y = size.y * 0.3f;
    y += ui.Text(m_context.Tr("Paused"), ImRect(margin, y, size.x - margin, size.y),
                 ui::FontSize::kTitle, ui::colors::kAccent, ui::Align::kCenter);
    y += 2 * gap;
    // Go on, and the staff's other two choices beside it.
    const float width = std::min(ui.Mm(75), (size.x - 2 * margin - 2 * gap) / 3);
    const float x = size.x / 2 - width * 1.5f - gap;
    const base::TimePoint now = m_context.clock.Now();
    if (ui.IconButton(ui::Icon::kPlay, m_context.Tr("Go on"),
                      ImRect(x, y, x + width, y + ui.Mm(kButtonMm)), true)) {
      m_game->Resume(now);
      // The question is read out again as it comes back.
      if (m_game->GetPhase() == Phase::kReading) Narrate();
    }
    if (ui.Button(m_context.Tr("Skip this question"),
                  ImRect(x + width + gap, y, x + 2 * width + gap, y + ui.Mm(kButtonMm)))) {
      m_game->Skip(now);
    }
    if (ui.Button(m_context.Tr("End"), ImRect(x + 2 * (width + gap), y, x + 3 * width + 2 * gap,
                                              y + ui.Mm(kButtonMm)))) {
      m_confirmEnd = true;
    }
  }

  void DrawConfirmEnd(ui::Ui& ui) {
    const ImVec2 size = ui.Size();
    const float margin = ui.Mm(kMarginMm), gap = ui.Mm(kGapMm);
    float y = size.y * 0.25f;
    y += ui.Text(m_context.Tr("End the contest now? The scores so far decide the places."),
                 ImRect(margin, y, size.x - margin, size.y), ui::FontSize::kTitle,
                 ui::colors::kText, ui::Align::kCenter);
    y += 2 * gap;
    const float width = ui.Mm(80);
    if (ui.Button(m_context.Tr("No, go on"),
                  ImRect(size.x / 2 - width - gap, y, size.x / 2 - gap, y + ui.Mm(kButtonMm)),
                  true)) {
      m_confirmEnd = false;  // back to where End was tapped: paused, or between questions
    }
    if (ui.Button(m_context.Tr("Yes, end it"),
                  ImRect(size.x / 2 + gap, y, size.x / 2 + width + gap, y + ui.Mm(kButtonMm)))) {
      m_confirmEnd = false;
      m_game->End();
    }
  }

  static constexpr const char* kTeamCounts[] = {"2", "3", "4"};
  static constexpr int kAnswerSeconds[] = {10, 20, 30};

  Context& m_context;
  Narrator m_narrator;
  Context::Choice m_choice{};
  contest::Settings m_settings{};
  std::optional<contest::Game> m_game;
  // What the last frame showed, so that a change of phase or question is acted on once.
  struct Shown {
    Phase phase;
    std::string tag;
  };
  std::optional<Shown> m_shown;
  int m_tick = 0;          // the countdown second last ticked
  int m_secondsShown = 0;  // the countdown's number on screen
  bool m_confirmEnd = false;
  base::TimePoint m_podiumShown;
  base::TimePoint m_confettiDrawn;  // the last frame of the celebration
  int m_soundProblems = 0;
  float m_setUpHeight = 0;
  float m_revealHeight = 0;
  float m_questionHeight = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeContestScreen(Context& context) {
  return std::make_unique<ContestScreen>(context);
}

}  // namespace kiosk::screens
