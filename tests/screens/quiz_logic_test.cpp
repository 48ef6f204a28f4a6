// What the quiz screen decides: right or wrong, the score band counted, the order asked.
#include <gtest/gtest.h>

#include <algorithm>

#include "screens/screens_internal.h"

namespace kiosk::screens {
namespace {

packs::Question Question(std::vector<bool> correct) {
  packs::Question question;
  for (bool c : correct) question.answers.push_back({{{"en", "a"}}, c, {}, {}});
  return question;
}

TEST(QuizLogicTest, OneRightAnswerIsRightAndAnyOtherIsWrong) {
  const packs::Question q = Question({false, true, false});
  EXPECT_TRUE(IsRight(q, {1}));
  EXPECT_FALSE(IsRight(q, {0}));
  EXPECT_FALSE(IsRight(q, {}));
  EXPECT_FALSE(IsRight(q, {1, 2})) << "a right answer with a wrong one is not right";
}

TEST(QuizLogicTest, AMultipleChoiceQuestionWantsEveryRightAnswerAndNoWrongOne) {
  const packs::Question q = Question({true, true, false});
  EXPECT_TRUE(IsRight(q, {1, 0})) << "in any order";
  EXPECT_TRUE(IsRight(q, {0, 1, 1})) << "a double tap is one choice";
  EXPECT_FALSE(IsRight(q, {0}));
  EXPECT_FALSE(IsRight(q, {0, 1, 2}));
}

TEST(QuizLogicTest, ScoresFallIntoThreeBands) {
  EXPECT_STREQ(ScoreBand(0, 8), "0-49");
  EXPECT_STREQ(ScoreBand(3, 8), "0-49");   // 37 %
  EXPECT_STREQ(ScoreBand(4, 8), "50-79");  // 50 %
  EXPECT_STREQ(ScoreBand(6, 8), "50-79");  // 75 %
  EXPECT_STREQ(ScoreBand(7, 8), "80-100");
  EXPECT_STREQ(ScoreBand(8, 8), "80-100");
  EXPECT_STREQ(ScoreBand(0, 0), "0-49") << "an empty quiz does not divide by zero";
}

TEST(QuizLogicTest, AFixedQuizAsksInOrderAndAShuffledOneAsksEveryQuestionOnce) {
  packs::Quiz quiz;
  quiz.questions.resize(10);
  const std::vector<std::size_t> asWritten{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(QuestionOrder(quiz, 1), asWritten);
  quiz.shuffle = true;
  std::vector<std::size_t> a = QuestionOrder(quiz, 1), b = QuestionOrder(quiz, 2);
  EXPECT_NE(a, b) << "two visitors get two orders";
  std::sort(a.begin(), a.end());
  EXPECT_EQ(a, asWritten);
}

}  // namespace
}  // namespace kiosk::screens
