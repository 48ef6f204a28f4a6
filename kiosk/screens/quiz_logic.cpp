// What the quiz screen decides — is an answer right, which score band, which order — apart from
// drawing, so that tests can check it. Main thread.
#include <algorithm>
#include <numeric>
#include <random>

#include "screens/screens_internal.h"

namespace kiosk::screens {

const char* ScoreBand(int right, int total) {
  const int percent = total > 0 ? right * 100 / total : 0;
  if (percent >= 80) return "80-100";
  if (percent >= 50) return "50-79";
  return "0-49";
}

bool IsRight(const packs::Question& question, const std::vector<std::size_t>& chosen) {
  std::vector<std::size_t> right;
  for (std::size_t i = 0; i < question.answers.size(); ++i) {
    if (question.answers[i].correct) right.push_back(i);
  }
  std::vector<std::size_t> sorted = chosen;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  return !right.empty() && sorted == right;
}

std::vector<std::size_t> QuestionOrder(const packs::Quiz& quiz, unsigned seed) {
  std::vector<std::size_t> order(quiz.questions.size());
  std::iota(order.begin(), order.end(), 0);
  if (quiz.shuffle) std::shuffle(order.begin(), order.end(), std::mt19937(seed));
  return order;
}

}  // namespace kiosk::screens
