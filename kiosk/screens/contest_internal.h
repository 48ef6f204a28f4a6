// A children's knowledge contest as rules, apart from drawing, so that tests can play one: teams,
// the timed phases of each question, gentle scoring, the tie-break and the podium places. Every
// step takes the time from the caller (the kiosk's injectable clock). Not for use outside
// kiosk/screens. Main thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/base.h"
#include "packs/packs.h"

namespace kiosk::screens::contest {

// How teams answer: a teacher taps the team that answered right, or each team taps in its own
// zone of the screen (the first right tap scores, a wrong tap locks that team out).
enum class Mode { kHost, kZones };

constexpr std::size_t kMinTeams = 2;
constexpr std::size_t kMaxTeams = 4;

struct Settings {
  std::size_t teams = 2;
  Mode mode = Mode::kHost;
  base::Duration readTime = std::chrono::seconds(5);      // the question alone, at least
  base::Duration maxReadTime = std::chrono::seconds(15);  // ... however long its narration
  base::Duration answerTime = std::chrono::seconds(20);   // the countdown
};

// Points for a right answer given `taken` after the answers appeared: 100 at once, falling
// evenly to 70 when the countdown ends, in steps of 5. A slow right answer still scores well,
// and points never depend on earlier answers (no streak bonus).
int Points(base::Duration taken, base::Duration answerTime);

enum class Phase {
  kReading,    // the question alone, read out
  kAnswering,  // the answers and the countdown
  kReveal,     // the right answer, the explanation, who scored
  kScores,     // the scoreboard between questions
  kTieBreak,   // the leaders are level: which teams play the tie-break question
  kPodium,     // the places, and a celebration
};

struct Team {
  int score = 0;
  int gained = 0;       // on the last question
  bool locked = false;  // answered the question wrong (team zones)
  bool playing = true;  // false during a tie-break the team is not in
};

// What one tap in a team's zone did.
enum class Tap { kScored, kLocked, kIgnored };

class Game {
 public:
  // `order`: the set's question indexes in the order asked (all of them, or shuffled).
  Game(const packs::Quiz& set, std::vector<std::size_t> order, const Settings& settings,
       base::TimePoint now);

  // Moves the timers on: the answers appear, the countdown ends in the reveal.
  void Update(base::TimePoint now);
  // The next moment Update() changes something by itself; nullopt while nothing is timed.
  std::optional<base::TimePoint> Deadline() const;
  // Seconds left on the countdown (rounded up), and the share of it left (1..0).
  int SecondsLeft(base::TimePoint now) const;
  float FractionLeft(base::TimePoint now) const;

  // [SECTION] What the players and the teacher do
  // Team zones: `team` taps `answer`.
  Tap Answer(std::size_t team, std::size_t answer, base::TimePoint now);
  // Led by a teacher: `team` answered right; or nobody did.
  void Award(std::size_t team, base::TimePoint now);
  void Nobody(base::TimePoint now);
  // Reading: show the answers now.
  void ShowAnswers(base::TimePoint now);
  // Reading, as the question appears: it is read out for `spoken`, and the answers wait for the
  // end of it (but no longer than the settings' maxReadTime).
  void ReadOutFor(base::Duration spoken);
  // Reveal → scores → next question (or tie-break, or podium); tie-break → its question.
  void Continue(base::TimePoint now);
  // Staff: the next question without a reveal; pause and go on; end now, to the podium.
  void Skip(base::TimePoint now);
  void Pause(base::TimePoint now);
  void Resume(base::TimePoint now);
  void End();

  // [SECTION] What is on screen
  Phase GetPhase() const { return m_phase; }
  bool Paused() const { return m_paused; }
  const Settings& GetSettings() const { return m_settings; }
  const std::vector<Team>& Teams() const { return m_teams; }
  const packs::Question& Current() const;
  // "3" for the set's third question, "tiebreak-1" for the first tie-break one: what is counted.
  std::string Tag() const;
  // 1-based, of Count(); the tie-break questions are not among them.
  std::size_t Number() const { return m_step + 1; }
  std::size_t Count() const { return m_order.size(); }
  bool InTieBreak() const { return m_tieBreak > 0; }
  // During a tie-break: another tie-break question is left, should nobody answer this one.
  bool MoreTieBreaks() const { return m_tieBreak < m_set.tiebreak.size(); }
  // The team that scored on this question, if one did (during the reveal).
  std::optional<std::size_t> Scorer() const { return m_scorer; }
  // Each team's place, 1 for the winners; level teams share a place (1, 1, 3).
  std::vector<int> Places() const;
  // True when staff ended the contest before its last question was answered.
  bool EndedEarly() const { return m_endedEarly; }

 private:
  void Ask(base::TimePoint now);
  void Reveal(std::optional<std::size_t> scorer, base::TimePoint now);
  // After the last question: a tie-break while the leaders are level and questions are left.
  void AfterLast();
  std::vector<std::size_t> Leaders() const;

  const packs::Quiz& m_set;
  std::vector<std::size_t> m_order;
  Settings m_settings;
  std::vector<Team> m_teams;
  Phase m_phase = Phase::kReading;
  std::size_t m_step = 0;      // into m_order
  std::size_t m_tieBreak = 0;  // 0, or 1-based into the set's tie-break questions
  base::TimePoint m_asked;     // when the question appeared
  base::TimePoint m_phaseEnd;  // when the reading or the countdown ends
  base::TimePoint m_answersShown;
  bool m_paused = false;
  base::Duration m_left{};  // of the phase, while paused
  std::optional<std::size_t> m_scorer;
  bool m_endedEarly = false;
};

}  // namespace kiosk::screens::contest
