// Every picture a pack's content names (topics' and answers' pictures, videos' posters, leaflets'
// pages), decoded as the kiosk will: at build and at install.
#include <set>

#include "image/image.h"
#include "packs/packs.h"

namespace kiosk::packs {
namespace {

// Small: the whole file is decoded all the same, and only the scaled copy is kept.
constexpr int kCheckSide = 64;

// Decodes `file` unless it was checked already; a problem names it, why, and `where`.
void Check(const std::string& dir, const std::string& file, const std::string& where,
           std::set<std::string>* checked, std::vector<std::string>* problems) {
  if (file.empty() || !checked->insert(file).second) return;
  base::Result<image::Pixels> decoded = image::Decode(dir + "/" + file, kCheckSide, kCheckSide);
  if (!decoded) problems->push_back(decoded.error() + " (" + where + ")");
}

void CheckQuestions(const std::string& dir, const std::string& where,
                    const std::vector<Question>& questions, std::set<std::string>* checked,
                    std::vector<std::string>* problems) {
  for (std::size_t q = 0; q < questions.size(); ++q) {
    const std::vector<Answer>& answers = questions[q].answers;
    for (std::size_t a = 0; a < answers.size(); ++a) {
      Check(dir, answers[a].picture,
            where + ": questions[" + std::to_string(q) + "].answers[" + std::to_string(a) +
                "].picture",
            checked, problems);
    }
  }
}

}  // namespace

void CheckPictures(const std::string& dir, const Content& content,
                   std::vector<std::string>* problems) {
  std::set<std::string> checked;  // a picture two answers share is decoded once
  for (const Topic& topic : content.topics) {
    Check(dir, topic.picture, "topics.json: \"" + topic.id + "\": picture", &checked, problems);
  }
  for (const Video& video : content.videos) {
    for (const auto& [lang, file] : video.posters) {
      Check(dir, file, "videos.json: \"" + video.id + "\": poster." + lang, &checked, problems);
    }
  }
  for (const Leaflet& leaflet : content.leaflets) {
    for (const auto& [lang, pages] : leaflet.pages) {
      for (std::size_t i = 0; i < pages.size(); ++i) {
        Check(dir, pages[i],
              "leaflet \"" + leaflet.id + "\": pages." + lang + "[" + std::to_string(i) + "]",
              &checked, problems);
      }
    }
  }
  for (const Quiz& quiz : content.quizzes) {
    CheckQuestions(dir, "quiz \"" + quiz.id + "\"", quiz.questions, &checked, problems);
  }
  for (const Quiz& contest : content.contests) {
    CheckQuestions(dir, "contest \"" + contest.id + "\"", contest.questions, &checked, problems);
    CheckQuestions(dir, "contest \"" + contest.id + "\" tiebreak", contest.tiebreak, &checked,
                   problems);
  }
  for (const Survey& survey : content.surveys) {
    CheckQuestions(dir, "survey \"" + survey.id + "\"", survey.questions, &checked, problems);
  }
}

}  // namespace kiosk::packs
