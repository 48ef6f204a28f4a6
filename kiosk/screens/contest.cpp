// The rules of a children's contest (contest_internal.h). Main thread.
#include "screens/contest_internal.h"

#include <algorithm>
#include <cmath>

namespace kiosk::screens::contest {

int Points(base::Duration taken, base::Duration answerTime) {
  const double share = answerTime.count() > 0
                           ? std::clamp(base::Seconds(taken) / base::Seconds(answerTime), 0.0, 1.0)
                           : 0.0;
  return static_cast<int>(std::lround((100.0 - 30.0 * share) / 5.0)) * 5;
}

Game::Game(const packs::Quiz& set, std::vector<std::size_t> order, const Settings& settings,
           base::TimePoint now)
    : m_set(set), m_order(std::move(order)), m_settings(settings) {
  m_settings.teams = std::clamp(m_settings.teams, kMinTeams, kMaxTeams);
  m_teams.resize(m_settings.teams);
  Ask(now);
}

void Game::Ask(base::TimePoint now) {
  m_phase = Phase::kReading;
  m_paused = false;
  m_asked = now;
  m_phaseEnd = now + m_settings.readTime;
  m_answersShown = m_phaseEnd;
  m_scorer.reset();
  for (Team& team : m_teams) {
    team.locked = false;
    team.gained = 0;
  }
}

void Game::Update(base::TimePoint now) {
  if (m_paused) return;
  // Each phase ends when its time is up, not when the next frame happens to come: a clock that
  // jumps over both ends the countdown as well.
  if (m_phase == Phase::kReading && now >= m_phaseEnd) {
    m_phase = Phase::kAnswering;
    m_answersShown = m_phaseEnd;
    m_phaseEnd = m_answersShown + m_settings.answerTime;
  }
  if (m_phase == Phase::kAnswering && now >= m_phaseEnd) Reveal(std::nullopt, now);
}

std::optional<base::TimePoint> Game::Deadline() const {
  if (m_paused || (m_phase != Phase::kReading && m_phase != Phase::kAnswering)) {
    return std::nullopt;
  }
  return m_phaseEnd;
}

int Game::SecondsLeft(base::TimePoint now) const {
  base::Duration left = m_settings.answerTime;
  if (m_phase == Phase::kAnswering) left = m_paused ? m_left : m_phaseEnd - now;
  if (m_phase != Phase::kReading && m_phase != Phase::kAnswering) left = {};
  return static_cast<int>(std::ceil(std::max(0.0, base::Seconds(left))));
}

float Game::FractionLeft(base::TimePoint now) const {
  const double total = base::Seconds(m_settings.answerTime);
  if (m_phase == Phase::kReading) return 1;
  if (m_phase != Phase::kAnswering || total <= 0) return 0;
  const double left = base::Seconds(m_paused ? m_left : m_phaseEnd - now);
  return static_cast<float>(std::clamp(left / total, 0.0, 1.0));
}

Tap Game::Answer(std::size_t team, std::size_t answer, base::TimePoint now) {
  const packs::Question& question = Current();
  if (m_phase != Phase::kAnswering || m_paused || team >= m_teams.size() ||
      !m_teams[team].playing || m_teams[team].locked || answer >= question.answers.size()) {
    return Tap::kIgnored;
  }
  if (question.answers[answer].correct) {
    Reveal(team, now);
    return Tap::kScored;
  }
  m_teams[team].locked = true;
  const bool anyLeft = std::any_of(m_teams.begin(), m_teams.end(),
                                   [](const Team& t) { return t.playing && !t.locked; });
  if (!anyLeft) Reveal(std::nullopt, now);
  return Tap::kLocked;
}

void Game::Award(std::size_t team, base::TimePoint now) {
  if ((m_phase != Phase::kReading && m_phase != Phase::kAnswering) || m_paused ||
      team >= m_teams.size() || !m_teams[team].playing) {
    return;
  }
  Reveal(team, now);
}

void Game::Nobody(base::TimePoint now) {
  if ((m_phase == Phase::kReading || m_phase == Phase::kAnswering) && !m_paused) {
    Reveal(std::nullopt, now);
  }
}

void Game::ShowAnswers(base::TimePoint now) {
  if (m_phase != Phase::kReading || m_paused) return;
  m_phaseEnd = now;
  Update(now);
}

void Game::ReadOutFor(base::Duration spoken) {
  if (m_phase != Phase::kReading || m_paused) return;
  m_phaseEnd = std::max(m_phaseEnd, m_asked + std::min(spoken, m_settings.maxReadTime));
  m_answersShown = m_phaseEnd;
}

void Game::Reveal(std::optional<std::size_t> scorer, base::TimePoint now) {
  m_phase = Phase::kReveal;
  m_paused = false;
  m_scorer = scorer;
  if (scorer) {
    // An answer shouted before the answers appeared scores in full.
    Team& team = m_teams[*scorer];
    team.gained =
        Points(std::max(base::Duration::zero(), now - m_answersShown), m_settings.answerTime);
    team.score += team.gained;
  }
}

void Game::Continue(base::TimePoint now) {
  switch (m_phase) {
    case Phase::kReveal:
      if (!InTieBreak()) {
        m_phase = Phase::kScores;
      } else if (m_scorer || !MoreTieBreaks()) {
        m_phase = Phase::kPodium;  // a winner, or no tie-break question left: they share it
      } else {
        ++m_tieBreak;  // nobody knew: the next tie-break question, for the same teams
        Ask(now);
      }
      break;
    case Phase::kScores:
      if (m_step + 1 < m_order.size()) {
        ++m_step;
        Ask(now);
      } else {
        AfterLast();
      }
      break;
    case Phase::kTieBreak:
      Ask(now);
      break;
    default:
      break;
  }
}

void Game::Skip(base::TimePoint now) {
  if (m_phase != Phase::kReading && m_phase != Phase::kAnswering) return;
  if (InTieBreak()) {
    if (MoreTieBreaks()) {
      ++m_tieBreak;
      Ask(now);
    } else {
      m_phase = Phase::kPodium;
    }
  } else if (m_step + 1 < m_order.size()) {
    ++m_step;
    Ask(now);
  } else {
    AfterLast();
  }
  m_paused = false;
}

void Game::AfterLast() {
  const std::vector<std::size_t> leaders = Leaders();
  if (leaders.size() < 2 || m_set.tiebreak.empty()) {
    m_phase = Phase::kPodium;
    return;
  }
  for (Team& team : m_teams) team.playing = false;
  for (std::size_t leader : leaders) m_teams[leader].playing = true;
  m_tieBreak = 1;
  m_phase = Phase::kTieBreak;
}

void Game::Pause(base::TimePoint now) {
  if (m_paused || (m_phase != Phase::kReading && m_phase != Phase::kAnswering)) return;
  m_left = std::max(base::Duration::zero(), m_phaseEnd - now);
  m_paused = true;
}

void Game::Resume(base::TimePoint now) {
  if (!m_paused) return;
  const base::TimePoint end = now + m_left;
  m_answersShown += end - m_phaseEnd;  // the pause does not cost the team points
  m_phaseEnd = end;
  m_paused = false;
}

void Game::End() {
  if (m_phase == Phase::kPodium) return;
  // Ended before the last question was answered: not every question was played.
  const bool lastAnswered =
      m_step + 1 == m_order.size() && (m_phase == Phase::kReveal || m_phase == Phase::kScores);
  m_endedEarly = !InTieBreak() && !lastAnswered;
  m_paused = false;
  m_phase = Phase::kPodium;
}

const packs::Question& Game::Current() const {
  return InTieBreak() ? m_set.tiebreak[m_tieBreak - 1] : m_set.questions[m_order[m_step]];
}

std::string Game::Tag() const {
  return InTieBreak() ? "tiebreak-" + std::to_string(m_tieBreak)
                      : std::to_string(m_order[m_step] + 1);
}

std::vector<std::size_t> Game::Leaders() const {
  int best = 0;
  for (const Team& team : m_teams) best = std::max(best, team.score);
  std::vector<std::size_t> leaders;
  for (std::size_t i = 0; i < m_teams.size(); ++i) {
    if (m_teams[i].score == best) leaders.push_back(i);
  }
  return leaders;
}

std::vector<int> Game::Places() const {
  std::vector<int> places;
  for (const Team& team : m_teams) {
    const auto ahead = std::count_if(m_teams.begin(), m_teams.end(),
                                     [&](const Team& other) { return other.score > team.score; });
    places.push_back(static_cast<int>(ahead) + 1);
  }
  return places;
}

}  // namespace kiosk::screens::contest
