// The rules of a children's contest, played on a manual clock: gentle scoring, the timed
// phases, team zones and a teacher leading, pause, skip, the tie-break and the podium places.
#include <gtest/gtest.h>

#include <numeric>

#include "screens/contest_internal.h"

namespace kiosk::screens::contest {
namespace {

using namespace std::chrono_literals;

// A set of `count` questions whose right answer is the second of three, and `tiebreaks` more.
packs::Quiz Set(std::size_t count, std::size_t tiebreaks) {
  packs::Question question;
  for (bool correct : {false, true, false})
    question.answers.push_back({{{"en", "a"}}, correct, {}, {}});
  packs::Quiz set;
  set.id = "kids";
  set.questions.assign(count, question);
  set.tiebreak.assign(tiebreaks, question);
  return set;
}

std::vector<std::size_t> InOrder(std::size_t count) {
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  return order;
}

constexpr std::size_t kRight = 1;
constexpr std::size_t kWrong = 0;

class ContestTest : public ::testing::Test {
 protected:
  Game Start(const packs::Quiz& set, Mode mode, std::size_t teams = 2) {
    Settings settings;
    settings.mode = mode;
    settings.teams = teams;
    return Game(set, InOrder(set.questions.size()), settings, clock.Now());
  }
  // From the question alone to the answers, `after` into the countdown.
  void ToAnswers(Game& game, base::Duration after = 0s) {
    clock.Advance(5s + after);
    game.Update(clock.Now());
    ASSERT_EQ(game.GetPhase(), Phase::kAnswering);
  }
  // Reveal, scores, and on to what comes next.
  void Next(Game& game) {
    game.Continue(clock.Now());
    game.Continue(clock.Now());
  }

  base::ManualClock clock;
};

TEST(ContestPointsTest, PointsFallWithTimeButASlowRightAnswerStillScoresWell) {
  EXPECT_EQ(Points(0s, 20s), 100);
  EXPECT_EQ(Points(10s, 20s), 85);
  EXPECT_EQ(Points(20s, 20s), 70) << "right at the buzzer";
  EXPECT_EQ(Points(25s, 20s), 70) << "never less";
  int last = 100;
  for (auto t = 0ms; t <= 20s; t += 250ms) {
    const int points = Points(t, 20s);
    EXPECT_LE(points, last) << "points never rise with time";
    EXPECT_EQ(points % 5, 0) << "round numbers a child can add up";
    last = points;
  }
}

TEST_F(ContestTest, TheQuestionShowsAloneThenTheAnswersAndTheCountdownEndsInTheReveal) {
  const packs::Quiz set = Set(3, 0);
  Game game = Start(set, Mode::kZones);
  EXPECT_EQ(game.GetPhase(), Phase::kReading);
  EXPECT_EQ(game.Deadline(), clock.Now() + 5s);
  EXPECT_EQ(game.Answer(0, kRight, clock.Now()), Tap::kIgnored) << "no answers on screen yet";
  ToAnswers(game, 1500ms);
  EXPECT_EQ(game.SecondsLeft(clock.Now()), 19);
  EXPECT_NEAR(game.FractionLeft(clock.Now()), 18.5 / 20, 1e-4);
  clock.Advance(18500ms);
  game.Update(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kReveal) << "time is up";
  EXPECT_FALSE(game.Scorer());
  EXPECT_EQ(game.Deadline(), std::nullopt) << "the reveal waits for the teacher";
  Next(game);
  EXPECT_EQ(game.GetPhase(), Phase::kReading);
  EXPECT_EQ(game.Number(), 2u);
  EXPECT_EQ(game.Tag(), "2");
}

TEST_F(ContestTest, AClockThatJumpsOverTheWholeQuestionStillEndsItOnce) {
  const packs::Quiz set = Set(2, 0);
  Game game = Start(set, Mode::kZones);
  clock.Advance(10min);
  game.Update(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kReveal);
  EXPECT_EQ(game.Number(), 1u);
}

TEST_F(ContestTest, InTeamZonesTheFirstRightTapScoresAndAWrongTapLocksOnlyThatTeam) {
  const packs::Quiz set = Set(2, 0);
  Game game = Start(set, Mode::kZones, 3);
  ToAnswers(game, 4s);
  EXPECT_EQ(game.Answer(0, kWrong, clock.Now()), Tap::kLocked);
  EXPECT_TRUE(game.Teams()[0].locked);
  EXPECT_EQ(game.Answer(0, kRight, clock.Now()), Tap::kIgnored) << "locked out until next time";
  EXPECT_EQ(game.Answer(2, kRight, clock.Now()), Tap::kScored);
  EXPECT_EQ(game.GetPhase(), Phase::kReveal);
  EXPECT_EQ(game.Scorer(), 2u);
  EXPECT_EQ(game.Teams()[2].score, Points(4s, 20s));
  EXPECT_EQ(game.Teams()[2].gained, Points(4s, 20s));
  EXPECT_EQ(game.Answer(1, kRight, clock.Now()), Tap::kIgnored) << "the question is over";
  EXPECT_EQ(game.Teams()[1].score, 0);
  EXPECT_EQ(game.Teams()[0].score, 0) << "a wrong answer costs nothing";
  Next(game);
  EXPECT_FALSE(game.Teams()[0].locked) << "every team plays the next question";
  EXPECT_EQ(game.Teams()[2].gained, 0);
}

TEST_F(ContestTest, WhenEveryTeamIsLockedOutTheAnswerIsRevealedAtOnce) {
  const packs::Quiz set = Set(2, 0);
  Game game = Start(set, Mode::kZones);
  ToAnswers(game);
  EXPECT_EQ(game.Answer(0, kWrong, clock.Now()), Tap::kLocked);
  EXPECT_EQ(game.GetPhase(), Phase::kAnswering);
  EXPECT_EQ(game.Answer(1, 2, clock.Now()), Tap::kLocked);
  EXPECT_EQ(game.GetPhase(), Phase::kReveal);
  EXPECT_FALSE(game.Scorer());
}

TEST_F(ContestTest, ATeacherAwardsTheTeamThatAnsweredOrNobody) {
  const packs::Quiz set = Set(3, 0);
  Game game = Start(set, Mode::kHost);
  clock.Advance(2s);
  game.Award(1, clock.Now());
  EXPECT_EQ(game.Teams()[1].score, 100) << "shouted before the answers showed: full points";
  Next(game);
  ToAnswers(game, 20s - 1ms);
  game.Award(0, clock.Now());
  EXPECT_EQ(game.Teams()[0].score, 70);
  Next(game);
  ToAnswers(game);
  game.Nobody(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kReveal);
  EXPECT_FALSE(game.Scorer());
}

TEST_F(ContestTest, PointsDoNotDependOnEarlierAnswersSoNoStreakRunsAway) {
  // Team 1 answers five in a row; teams 2 and 3 take turns after that, as fast. Each right
  // answer earns the same: a run of them earns nothing extra.
  const packs::Quiz set = Set(10, 0);
  Game game = Start(set, Mode::kHost, 3);
  for (std::size_t team : {0, 0, 0, 0, 0, 1, 2, 1, 2, 1}) {
    ToAnswers(game, 3s);
    game.Award(team, clock.Now());
    Next(game);
  }
  EXPECT_EQ(game.GetPhase(), Phase::kPodium);
  EXPECT_EQ(game.Teams()[0].score, 5 * Points(3s, 20s));
  EXPECT_EQ(game.Teams()[1].score, 3 * Points(3s, 20s));
  EXPECT_EQ(game.Teams()[2].score, 2 * Points(3s, 20s));
}

TEST_F(ContestTest, APauseStopsTheCountdownAndCostsNoPoints) {
  const packs::Quiz set = Set(2, 0);
  Game game = Start(set, Mode::kZones);
  ToAnswers(game, 6s);
  game.Pause(clock.Now());
  EXPECT_EQ(game.Deadline(), std::nullopt);
  clock.Advance(5min);
  game.Update(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kAnswering) << "a pause outlasts the countdown";
  EXPECT_EQ(game.SecondsLeft(clock.Now()), 14);
  EXPECT_EQ(game.Answer(0, kRight, clock.Now()), Tap::kIgnored) << "no answers while paused";
  game.Resume(clock.Now());
  EXPECT_EQ(game.Deadline(), clock.Now() + 14s);
  EXPECT_EQ(game.Answer(0, kRight, clock.Now()), Tap::kScored);
  EXPECT_EQ(game.Teams()[0].score, Points(6s, 20s));
}

TEST_F(ContestTest, SkipGoesToTheNextQuestionWithoutARevealAndEndShowsThePodium) {
  const packs::Quiz set = Set(3, 0);
  Game game = Start(set, Mode::kZones);
  ToAnswers(game);
  game.Skip(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kReading);
  EXPECT_EQ(game.Number(), 2u);
  ToAnswers(game);
  game.Answer(1, kRight, clock.Now());
  game.End();
  EXPECT_EQ(game.GetPhase(), Phase::kPodium);
  EXPECT_TRUE(game.EndedEarly());
  EXPECT_EQ(game.Places(), (std::vector<int>{2, 1}));
}

TEST_F(ContestTest, LevelLeadersPlayATieBreakQuestionAloneAndItsWinnerTakesFirstPlace) {
  const packs::Quiz set = Set(1, 2);
  Game game = Start(set, Mode::kZones, 3);
  ToAnswers(game);
  game.Answer(2, kWrong, clock.Now());
  game.Answer(0, kWrong, clock.Now());
  game.Answer(1, kWrong, clock.Now());  // nobody scores: all three are level at 0
  Next(game);
  ASSERT_EQ(game.GetPhase(), Phase::kTieBreak);
  EXPECT_TRUE(game.InTieBreak());
  game.Continue(clock.Now());
  EXPECT_EQ(game.Tag(), "tiebreak-1");
  ToAnswers(game);
  game.Answer(0, kWrong, clock.Now());
  game.Answer(1, kWrong, clock.Now());
  game.Answer(2, kWrong, clock.Now());
  game.Continue(clock.Now());
  EXPECT_EQ(game.Tag(), "tiebreak-2") << "nobody knew: the next tie-break question";
  EXPECT_EQ(game.GetPhase(), Phase::kReading);
  ToAnswers(game, 2s);
  EXPECT_EQ(game.Answer(1, kRight, clock.Now()), Tap::kScored);
  game.Continue(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kPodium);
  EXPECT_EQ(game.Places(), (std::vector<int>{2, 1, 2}));
  EXPECT_FALSE(game.EndedEarly());
}

TEST_F(ContestTest, OnlyTheLevelLeadersPlayTheTieBreak) {
  const packs::Quiz set = Set(2, 1);
  Game game = Start(set, Mode::kZones, 3);
  ToAnswers(game, 2s);
  game.Answer(0, kRight, clock.Now());
  Next(game);
  ToAnswers(game, 2s);
  game.Answer(1, kRight, clock.Now());
  Next(game);
  ASSERT_EQ(game.GetPhase(), Phase::kTieBreak);
  EXPECT_TRUE(game.Teams()[0].playing && game.Teams()[1].playing);
  EXPECT_FALSE(game.Teams()[2].playing);
  game.Continue(clock.Now());
  ToAnswers(game);
  EXPECT_EQ(game.Answer(2, kRight, clock.Now()), Tap::kIgnored) << "team 3 is not in it";
  game.Answer(0, kWrong, clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kAnswering) << "team 2 may still answer";
}

TEST_F(ContestTest, WithNoTieBreakQuestionLeftLevelTeamsShareFirstPlace) {
  const packs::Quiz set = Set(1, 1);
  Game game = Start(set, Mode::kHost, 4);
  ToAnswers(game);
  game.Nobody(clock.Now());
  Next(game);
  game.Continue(clock.Now());
  ToAnswers(game);
  game.Nobody(clock.Now());
  game.Continue(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kPodium);
  EXPECT_EQ(game.Places(), (std::vector<int>{1, 1, 1, 1}));

  const packs::Quiz none = Set(1, 0);
  Game plain = Start(none, Mode::kHost);
  ToAnswers(plain);
  plain.Nobody(clock.Now());
  Next(plain);
  EXPECT_EQ(plain.GetPhase(), Phase::kPodium) << "a set without tie-break questions";
}

TEST_F(ContestTest, TheAnswersWaitUntilTheQuestionHasBeenReadOutButNotForever) {
  const packs::Quiz set = Set(3, 0);
  Game game = Start(set, Mode::kZones);
  game.ReadOutFor(7800ms);  // a long question, read slowly
  clock.Advance(7s);
  game.Update(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kReading) << "still being read out";
  clock.Advance(800ms);
  game.Update(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kAnswering);
  EXPECT_EQ(game.SecondsLeft(clock.Now()), 20) << "the whole countdown is left";
  game.Nobody(clock.Now());
  Next(game);

  game.ReadOutFor(2s);  // a short one: the usual 5 s
  clock.Advance(4s);
  game.Update(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kReading);
  clock.Advance(1s);
  game.Update(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kAnswering);
  game.Nobody(clock.Now());
  Next(game);

  game.ReadOutFor(3min);  // a broken narration file does not hold the class up
  clock.Advance(15s);
  game.Update(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kAnswering);
}

TEST_F(ContestTest, NobodyAnswersWhilePaused) {
  const packs::Quiz set = Set(2, 0);
  Game host = Start(set, Mode::kHost);
  ToAnswers(host);
  host.Pause(clock.Now());
  host.Award(0, clock.Now());
  host.Nobody(clock.Now());
  EXPECT_EQ(host.GetPhase(), Phase::kAnswering);
  EXPECT_EQ(host.Teams()[0].score, 0);
  host.Skip(clock.Now());
  EXPECT_EQ(host.Number(), 2u) << "but staff may skip the paused question";
  EXPECT_FALSE(host.Paused());
}

TEST_F(ContestTest, SkippingTheLastQuestionEndsTheContestAsItsLastAnswerWould) {
  const packs::Quiz set = Set(2, 1);
  Game game = Start(set, Mode::kHost);
  ToAnswers(game);
  game.Award(0, clock.Now());
  Next(game);
  ToAnswers(game);
  game.Skip(clock.Now());
  EXPECT_EQ(game.GetPhase(), Phase::kPodium) << "one leader: no tie-break";
  EXPECT_FALSE(game.EndedEarly());

  Game level = Start(set, Mode::kHost);
  Next(level);  // reading: Continue does nothing
  level.Skip(clock.Now());
  level.Skip(clock.Now());
  EXPECT_EQ(level.GetPhase(), Phase::kTieBreak) << "level at 0";
}

TEST_F(ContestTest, EndingAfterTheLastAnswerOrInATieBreakIsNotEndingEarly) {
  const packs::Quiz set = Set(2, 2);
  Game game = Start(set, Mode::kHost);
  ToAnswers(game);
  game.Nobody(clock.Now());
  Next(game);
  ToAnswers(game);
  game.Nobody(clock.Now());
  game.End();  // at the last question's reveal
  EXPECT_EQ(game.GetPhase(), Phase::kPodium);
  EXPECT_FALSE(game.EndedEarly()) << "every question was played";

  Game tie = Start(set, Mode::kHost);
  for (int i = 0; i < 2; ++i) {
    ToAnswers(tie);
    tie.Nobody(clock.Now());
    Next(tie);
  }
  ASSERT_EQ(tie.GetPhase(), Phase::kTieBreak);
  EXPECT_TRUE(tie.MoreTieBreaks());
  tie.Continue(clock.Now());
  tie.End();
  EXPECT_FALSE(tie.EndedEarly());
  EXPECT_EQ(tie.Places(), (std::vector<int>{1, 1})) << "still level: they share first place";

  Game early = Start(set, Mode::kHost);
  ToAnswers(early);
  early.Nobody(clock.Now());
  early.End();  // at the first question's reveal
  EXPECT_TRUE(early.EndedEarly());
}

TEST_F(ContestTest, TheLastTieBreakQuestionIsKnownAsTheLast) {
  const packs::Quiz set = Set(1, 2);
  Game game = Start(set, Mode::kHost);
  ToAnswers(game);
  game.Nobody(clock.Now());
  Next(game);
  game.Continue(clock.Now());
  EXPECT_TRUE(game.MoreTieBreaks());
  ToAnswers(game);
  game.Nobody(clock.Now());
  game.Continue(clock.Now());
  EXPECT_FALSE(game.MoreTieBreaks()) << "the second of two";
}

}  // namespace
}  // namespace kiosk::screens::contest
