// The content model's loader and validator: topics, videos, quizzes (JSON, or questions from a
// CSV sheet that staff edit in a spreadsheet), surveys, contest sets and help pages. Every problem
// in every file is reported, each naming the file, the field (or line and column) and the reason.
// Any thread.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "packs/packs_internal.h"

namespace kiosk::packs {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Collects problems for one file; fields are written "questions[2].answers[0].text".
class Checker {
 public:
  Checker(std::vector<std::string>* problems, std::string file, const HasFile& hasFile)
      : m_problems(problems), m_file(std::move(file)), m_hasFile(hasFile) {}

  void Problem(const std::string& field, const std::string& reason) {
    m_problems->push_back(m_file + ": " + field + ": " + reason);
  }

  std::string Id(const json& j, const std::string& field) {
    if (!j.contains(field) || !j[field].is_string() ||
        !std::regex_match(j[field].get<std::string>(), std::regex("[a-z0-9][a-z0-9-]{0,63}"))) {
      Problem(field, "must be an id: a-z, 0-9 and '-'");
      return {};
    }
    return j[field];
  }

  // j[key], a per-language text, named prefix + key in messages; `required`: at least one
  // language.
  Text TextOf(const json& j, const std::string& key, const std::string& prefix = {},
              bool required = true) {
    const std::string field = prefix + key;
    Text text;
    if (!j.contains(key)) {
      if (required) Problem(field, "is missing (a text per language, e.g. {\"zh_CN\": \"...\"})");
      return text;
    }
    if (!j[key].is_object() || j[key].empty()) {
      Problem(field, "must be a text per language, e.g. {\"zh_CN\": \"...\", \"en\": \"...\"}");
      return text;
    }
    for (const auto& [lang, value] : j[key].items()) {
      if (!std::regex_match(lang, std::regex("[a-z]{2,3}(_[A-Z]{2})?"))) {
        Problem(field + "." + lang, "is not a language code like zh_CN or th");
      } else if (!value.is_string() || value.get<std::string>().empty()) {
        Problem(field + "." + lang, "must be a non-empty text");
      } else {
        text[lang] = value;
      }
    }
    return text;
  }

  // j[key]: per-language files that must exist in the pack folder.
  std::map<std::string, std::string> Files(const json& j, const std::string& key,
                                           const std::string& prefix, const fs::path& dir,
                                           bool required) {
    const std::string field = prefix + key;
    std::map<std::string, std::string> files;
    if (!j.contains(key)) {
      if (required) Problem(field, "is missing (a file per language)");
      return files;
    }
    if (!j[key].is_object()) {
      Problem(field, "must map languages to files");
      return files;
    }
    for (const auto& [lang, value] : j[key].items()) {
      if (value.is_string() && File(value, field + "." + lang, dir)) files[lang] = value;
    }
    return files;
  }

  bool File(const json& value, const std::string& field, const fs::path& dir) {
    if (value.is_string() && !PathProblem(value.get<std::string>()).empty()) {
      Problem(field, "'" + value.get<std::string>() + "' " + PathProblem(value.get<std::string>()));
      return false;
    }
    const bool present =
        value.is_string() && (m_hasFile ? m_hasFile(value.get<std::string>())
                                        : fs::is_regular_file(dir / value.get<std::string>()));
    if (!present) {
      Problem(field, "'" + (value.is_string() ? value.get<std::string>() : value.dump()) +
                         "' is not a file in the pack");
      return false;
    }
    return true;
  }

 private:
  std::vector<std::string>* m_problems;
  std::string m_file;
  const HasFile& m_hasFile;  // empty: a file is in the pack when it is in its folder
};

std::optional<json> ReadJson(const fs::path& path, std::vector<std::string>* problems) {
  std::ifstream in(path);
  json j = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    problems->push_back(path.string() + ": not valid JSON");
    return std::nullopt;
  }
  return j;
}

Question ReadQuestion(Checker& c, const json& q, const std::string& field, const fs::path& dir,
                      bool hasAnswers) {
  Question question;
  const std::string kind = q.value("kind", "single");
  if (kind == "single") {
    question.kind = Question::Kind::kSingle;
  } else if (kind == "multiple") {
    question.kind = Question::Kind::kMultiple;
  } else if (kind == "true_false") {
    question.kind = Question::Kind::kTrueFalse;
  } else {
    c.Problem(field + ".kind", "'" + kind + "' is not single, multiple or true_false");
  }
  question.text = c.TextOf(q, "text", field + ".");
  if (hasAnswers) question.explanation = c.TextOf(q, "explanation", field + ".");
  question.narration = c.Files(q, "narration", field + ".", dir, false);
  if (!q.contains("answers") || !q["answers"].is_array() || q["answers"].size() < 2 ||
      q["answers"].size() > 6) {
    c.Problem(field + ".answers", "must list 2 to 6 answers");
    return question;
  }
  int correct = 0;
  for (std::size_t i = 0; i < q["answers"].size(); ++i) {
    const json& a = q["answers"][i];
    const std::string af = field + ".answers[" + std::to_string(i) + "]";
    Answer answer;
    answer.text = c.TextOf(a, "text", af + ".", !a.contains("picture"));
    answer.correct = a.value("correct", false);
    correct += answer.correct;
    if (a.contains("picture") && c.File(a["picture"], af + ".picture", dir)) {
      answer.picture = a["picture"];
    }
    answer.narration = c.Files(a, "narration", af + ".", dir, false);
    question.answers.push_back(answer);
  }
  if (!hasAnswers) {
    if (correct > 0) c.Problem(field + ".answers", "a survey has no right answers");
  } else if (question.kind == Question::Kind::kMultiple ? correct < 1 : correct != 1) {
    c.Problem(field + ".answers",
              question.kind == Question::Kind::kMultiple
                  ? "needs at least one correct answer"
                  : "needs exactly one correct answer, has " + std::to_string(correct));
  }
  if (question.kind == Question::Kind::kTrueFalse && q["answers"].size() != 2) {
    c.Problem(field + ".answers", "a true_false question has exactly 2 answers");
  }
  return question;
}

}  // namespace

// Questions from a spreadsheet: one row per question and language, columns
// number,language,kind,question,answer_1..answer_6,correct,explanation. `correct` lists the right
// answers' numbers ("2", or "1;3" for multiple).
nlohmann::json QuestionsFromCsv(const std::string& text, const std::filesystem::path& path,
                                std::vector<std::string>* problems) {
  auto rows =
      base::ParseCsv(text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text);  // Excel's BOM
  const std::vector<std::string> kColumns = {"number",   "language", "kind",     "question",
                                             "answer_1", "answer_2", "answer_3", "answer_4",
                                             "answer_5", "answer_6", "correct",  "explanation"};
  json questions = json::array();
  if (rows.empty() || rows[0].second != kColumns) {
    std::string expected;
    for (const std::string& c : kColumns) expected += (expected.empty() ? "" : ",") + c;
    problems->push_back(path.string() + ":1: the first row must be: " + expected);
    return questions;
  }
  // Per question number: its place in `questions`, and what its first row said, which the rows
  // of the other languages must repeat.
  struct Seen {
    std::size_t index;
    int line;
    std::string kind, correct;
    std::set<std::string> languages;
  };
  std::map<int, Seen> byNumber;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& [line, cells] = rows[r];
    const std::string where = path.string() + ":" + std::to_string(line) + ": ";
    if (cells.size() != kColumns.size()) {
      problems->push_back(where + "has " + std::to_string(cells.size()) + " columns, not " +
                          std::to_string(kColumns.size()));
      continue;
    }
    if (!std::regex_match(cells[0], std::regex("[1-9][0-9]{0,3}"))) {
      problems->push_back(where + "number: '" + cells[0] + "' is not a question number");
      continue;
    }
    const int number = std::stoi(cells[0]);
    const std::string& lang = cells[1];
    auto [it, added] =
        byNumber.try_emplace(number, Seen{questions.size(), line, cells[2], cells[10], {}});
    if (added) {
      questions.push_back({{"kind", cells[2]},
                           {"text", json::object()},
                           {"explanation", json::object()},
                           {"answers", json::array()}});
    } else if (cells[2] != it->second.kind || cells[10] != it->second.correct) {
      problems->push_back(where + "kind and correct must be those of line " +
                          std::to_string(it->second.line) + " (question " + cells[0] + ")");
    }
    if (!it->second.languages.insert(lang).second) {
      problems->push_back(where + "question " + cells[0] + " has a second '" + lang + "' row");
    }
    json& q = questions[it->second.index];
    q["text"][lang] = cells[3];
    if (!cells[11].empty()) q["explanation"][lang] = cells[11];
    std::set<int> correct;
    std::stringstream list(cells[10]);
    for (std::string n; std::getline(list, n, ';');) {
      if (!std::regex_match(n, std::regex("[1-6]"))) {
        problems->push_back(where + "correct: '" + cells[10] +
                            "' must be answer numbers like 2 or 1;3");
        break;
      }
      correct.insert(std::stoi(n));
    }
    for (int a = 1; a <= 6; ++a) {
      const std::string& answer = cells[3 + static_cast<std::size_t>(a)];
      if (answer.empty()) continue;
      while (q["answers"].size() < static_cast<std::size_t>(a)) {
        q["answers"].push_back({{"text", json::object()}, {"correct", false}});
      }
      q["answers"][static_cast<std::size_t>(a - 1)]["text"][lang] = answer;
      q["answers"][static_cast<std::size_t>(a - 1)]["correct"] = correct.count(a) > 0;
    }
  }
  return questions;
}

namespace {

// Runs `read` for one file; a value of the wrong type deep inside (nlohmann throws then) is one
// more problem with that file, never an exception out of the module.
template <class Read>
void Guarded(const fs::path& file, std::vector<std::string>* problems, Read&& read) {
  try {
    read();
  } catch (const nlohmann::json::exception& e) {
    problems->push_back(file.string() + ": a value has the wrong type (" + e.what() + ")");
  }
}

std::vector<fs::path> JsonFiles(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& e : fs::directory_iterator(folder, error)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

base::Result<Content> LoadContent(const std::string& dirName, const HasFile& hasFile) {
  const fs::path dir(dirName);
  std::vector<std::string> problems;
  Content content;
  std::set<std::string> topics, videos;

  if (fs::exists(dir / "topics.json")) {
    Guarded(dir / "topics.json", &problems, [&] {
      if (auto j = ReadJson(dir / "topics.json", &problems)) {
        Checker c(&problems, (dir / "topics.json").string(), hasFile);
        for (std::size_t i = 0; j->is_array() && i < j->size(); ++i) {
          Topic t{c.Id((*j)[i], "id"), c.TextOf((*j)[i], "title")};
          if (!t.id.empty() && !topics.insert(t.id).second)
            c.Problem("id", t.id + " is listed twice");
          content.topics.push_back(t);
        }
        if (!j->is_array()) c.Problem("(top)", "must be a list of topics");
      }
    });
  }
  auto topicOf = [&](Checker& c, const json& j) {
    const std::string topic = j.is_object() ? j.value("topic", "") : "";
    if (!topics.count(topic)) c.Problem("topic", "'" + topic + "' is not in topics.json");
    return topic;
  };
  if (fs::exists(dir / "videos.json")) {
    Guarded(dir / "videos.json", &problems, [&] {
      if (auto j = ReadJson(dir / "videos.json", &problems)) {
        for (std::size_t i = 0; j->is_array() && i < j->size(); ++i) {
          Checker c(&problems, (dir / "videos.json").string() + ": [" + std::to_string(i) + "]",
                    hasFile);
          const json& v = (*j)[i];
          Video video{c.Id(v, "id"), topicOf(c, v), c.TextOf(v, "title"),
                      c.Files(v, "files", "", dir, true), c.Files(v, "subtitles", "", dir, false)};
          if (!video.id.empty() && !videos.insert(video.id).second) {
            c.Problem("id", video.id + " is listed twice");
          }
          content.videos.push_back(video);
        }
      }
    });
  }
  auto readQuizzes = [&](const char* folder, bool contest, std::vector<Quiz>* out) {
    for (const fs::path& file : JsonFiles(dir / folder)) {
      Guarded(file, &problems, [&] {
        auto j = ReadJson(file, &problems);
        if (!j) return;
        Checker c(&problems, file.string(), hasFile);
        Quiz quiz;
        quiz.id = file.stem().string();
        quiz.topic = topicOf(c, *j);
        quiz.title = c.TextOf(*j, "title");
        quiz.shuffle = j->value("order", "fixed") == "shuffled";
        quiz.relatedVideo = j->value("related_video", "");
        if (!quiz.relatedVideo.empty() && !videos.count(quiz.relatedVideo)) {
          c.Problem("related_video", "'" + quiz.relatedVideo + "' is not in videos.json");
        }
        json questions = j->value("questions", json::array());
        if (j->contains("questions_csv")) {
          const std::string name = j->value("questions_csv", "");
          const fs::path sheet = dir / folder / name;
          if (!PathProblem(name).empty() || name.find('/') != std::string::npos) {
            c.Problem("questions_csv", "'" + name + "' must be a file name beside the quiz");
          } else if (fs::is_regular_file(sheet)) {
            std::ifstream in(sheet, std::ios::binary);
            const std::string text((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
            questions = QuestionsFromCsv(text, sheet, &problems);
          } else {
            c.Problem("questions_csv", "'" + sheet.string() + "' is missing");
          }
        }
        if (!questions.is_array() || questions.empty()) c.Problem("questions", "has no questions");
        for (std::size_t i = 0; questions.is_array() && i < questions.size(); ++i) {
          quiz.questions.push_back(
              ReadQuestion(c, questions[i], "questions[" + std::to_string(i) + "]", dir, true));
        }
        const json tiebreak = j->value("tiebreak", json::array());
        if (!contest && j->contains("tiebreak")) {
          c.Problem("tiebreak", "only a contest set has tie-break questions");
        } else if (!tiebreak.is_array()) {
          c.Problem("tiebreak", "must be a list of questions");
        }
        for (std::size_t i = 0; contest && tiebreak.is_array() && i < tiebreak.size(); ++i) {
          quiz.tiebreak.push_back(
              ReadQuestion(c, tiebreak[i], "tiebreak[" + std::to_string(i) + "]", dir, true));
        }
        // A team in a contest taps one answer, so each question has exactly one right one; and
        // each team's zone of the shared screen has room for four.
        auto oneRight = [&](const std::vector<Question>& list, const std::string& name) {
          for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string field = name + "[" + std::to_string(i) + "]";
            if (list[i].kind == Question::Kind::kMultiple) {
              c.Problem(field + ".kind",
                        "a contest question has one right answer: single or true_false");
            }
            if (list[i].answers.size() > 4) {
              c.Problem(field + ".answers", "a contest question has 2 to 4 answers, not " +
                                                std::to_string(list[i].answers.size()));
            }
          }
        };
        if (contest) {
          oneRight(quiz.questions, "questions");
          oneRight(quiz.tiebreak, "tiebreak");
        }
        out->push_back(quiz);
      });
    }
  };
  readQuizzes("quizzes", false, &content.quizzes);
  readQuizzes("contests", true, &content.contests);
  for (const fs::path& file : JsonFiles(dir / "surveys")) {
    Guarded(file, &problems, [&] {
      auto j = ReadJson(file, &problems);
      if (!j) return;
      Checker c(&problems, file.string(), hasFile);
      Survey survey{file.stem().string(), c.TextOf(*j, "title"), {}};
      const json questions = j->value("questions", json::array());
      if (questions.empty()) c.Problem("questions", "has no questions");
      for (std::size_t i = 0; i < questions.size(); ++i) {
        survey.questions.push_back(
            ReadQuestion(c, questions[i], "questions[" + std::to_string(i) + "]", dir, false));
      }
      content.surveys.push_back(survey);
    });
  }
  for (const fs::path& file : JsonFiles(dir / "help")) {
    Guarded(file, &problems, [&] {
      auto j = ReadJson(file, &problems);
      if (!j) return;
      Checker c(&problems, file.string(), hasFile);
      HelpPage page{
          file.stem().string(), c.TextOf(*j, "title"), c.TextOf(*j, "body", "", false), {}};
      const json contacts = j->value("contacts", json::array());
      for (std::size_t i = 0; i < contacts.size(); ++i) {
        const std::string f = "contacts[" + std::to_string(i) + "]";
        const std::string number = contacts[i].value("number", "");
        if (!std::regex_match(number, std::regex("[0-9+][0-9 -]{2,19}"))) {
          c.Problem(f + ".number", "'" + number + "' is not a phone number");
        }
        page.contacts.push_back({c.TextOf(contacts[i], "name", f + "."), number,
                                 c.TextOf(contacts[i], "note", f + ".", false)});
      }
      content.help.push_back(page);
    });
  }
  if (!problems.empty()) return base::Problems(problems);
  return content;
}

}  // namespace kiosk::packs
