// The content model's loader and validator: topics, videos, leaflets, quizzes (JSON, or questions
// from a CSV sheet that staff edit in a spreadsheet), surveys, contest sets and help pages. Every
// problem in every file is reported, each naming the file, the field (or line and column) and the
// reason. Any thread.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
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
    if (!j.contains(field) || !j[field].is_string() || !IsId(j[field].get<std::string>())) {
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
      if (!IsLanguageCode(lang)) {
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

// Line and column (in characters, both from 1) of byte `offset` of UTF-8 `text`.
std::pair<int, int> LineColumn(const std::string& text, std::size_t offset) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

// The JSON in `text`, read from `path`; nullopt, with a problem naming the line and column where
// it stopped being JSON, when it is not.
std::optional<json> ParseJson(const std::string& text, const fs::path& path,
                              std::vector<std::string>* problems) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte counts from 1 and is the byte the parser stopped at.
    const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    const auto [line, column] = LineColumn(text, at);
    // what() is "[json.exception.parse_error.101] parse error at line 4, column 1: syntax error
    // while parsing value - unexpected ']'; ..." (nlohmann 3.11): the reason is after "- ".
    std::string reason = e.what();
    if (const std::size_t dash = reason.find(" - "); dash != std::string::npos) {
      reason = reason.substr(dash + 3);
    }
    // The commonest slip: a comma after the last item, which JSON does not allow.
    const std::size_t before = text.find_last_not_of(" \t\r\n", at == 0 ? 0 : at - 1);
    if (at < text.size() && (text[at] == ']' || text[at] == '}') && before != std::string::npos &&
        text[before] == ',') {
      reason += " (remove the comma after the last item)";
    }
    problems->push_back(path.string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
                        ": not valid JSON: " + reason);
    return std::nullopt;
  }
}

std::optional<json> ReadJson(const fs::path& path, const TextReader& read,
                             std::vector<std::string>* problems) {
  std::optional<std::string> text = read(path, problems);
  if (!text) return std::nullopt;
  return ParseJson(*text, path, problems);
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
  // Excel's "Unicode text" separates cells with tabs; a header line with a tab is such a sheet.
  const bool tabs = text.substr(0, text.find('\n')).find('\t') != std::string::npos;
  auto rows = base::ParseCsv(text, tabs ? '\t' : ',');
  const std::vector<std::string> kColumns = {"number",   "language", "kind",     "question",
                                             "answer_1", "answer_2", "answer_3", "answer_4",
                                             "answer_5", "answer_6", "correct",  "explanation"};
  // A spreadsheet adds empty cells after the last column (a cell once formatted there) and rows
  // of empty cells at the end: they hold nothing, and are left out.
  for (auto& [line, cells] : rows) {
    while (cells.size() > kColumns.size() && cells.back().empty()) cells.pop_back();
  }
  std::erase_if(rows, [](const auto& row) {
    return std::all_of(row.second.begin(), row.second.end(),
                       [](const std::string& cell) { return cell.empty(); });
  });
  json questions = json::array();
  if (rows.empty()) {
    problems->push_back(path.string() + ":1: the sheet is empty");
    return questions;
  }
  if (rows[0].second != kColumns) {
    const std::vector<std::string>& header = rows[0].second;
    const std::string where = path.string() + ":" + std::to_string(rows[0].first) + ": ";
    for (std::size_t c = 0; c < std::max(header.size(), kColumns.size()); ++c) {
      const std::string column = "column " + std::to_string(c + 1) + ": ";
      if (c >= header.size()) {
        problems->push_back(where + column + "'" + kColumns[c] + "' is missing");
      } else if (c >= kColumns.size()) {
        problems->push_back(where + column + "'" + header[c] + "' is not a column of a quiz sheet");
      } else if (header[c] != kColumns[c]) {
        problems->push_back(where + column + "expected '" + kColumns[c] + "', found '" + header[c] +
                            "'");
      }
    }
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
    if (!AllOf(cells[0], "0123456789", 1, 5) || cells[0][0] == '0') {
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
      if (!AllOf(n, "123456", 1, 1)) {
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

// What reading one file of a pack's content needs.
struct Reading {
  fs::path dir;
  const HasFile& hasFile;
  const TextReader& read;
  std::vector<std::string>* problems;
  // The ids in topics.json and videos.json that other files name; nullptr when that file did
  // not read: its problem is reported, and the references to it are not (they would blame files
  // that are right).
  const std::set<std::string>* topics = nullptr;
  const std::set<std::string>* videos = nullptr;
};

std::string TopicOf(const Reading& r, Checker& c, const json& j) {
  const std::string topic = j.is_object() ? j.value("topic", "") : "";
  if (r.topics && !r.topics->count(topic)) {
    c.Problem("topic", "'" + topic + "' is not in topics.json");
  }
  return topic;
}

// A quiz or contest set (`contest`) from its JSON file, and its sheet when it names one.
Quiz ReadQuiz(const Reading& r, const fs::path& file, const json& j, bool contest) {
  Checker c(r.problems, file.string(), r.hasFile);
  Quiz quiz;
  quiz.id = file.stem().string();
  quiz.topic = TopicOf(r, c, j);
  quiz.title = c.TextOf(j, "title");
  quiz.shuffle = j.value("order", "fixed") == "shuffled";
  quiz.relatedVideo = j.value("related_video", "");
  if (!quiz.relatedVideo.empty() && r.videos && !r.videos->count(quiz.relatedVideo)) {
    c.Problem("related_video", "'" + quiz.relatedVideo + "' is not in videos.json");
  }
  json questions = j.value("questions", json::array());
  bool sheetRead = true;  // a sheet that did not read has said why: "no questions" would repeat it
  if (j.contains("questions_csv")) {
    const std::string name = j.value("questions_csv", "");
    const fs::path sheet = file.parent_path() / name;
    sheetRead = false;
    if (!PathProblem(name).empty() || name.find('/') != std::string::npos) {
      c.Problem("questions_csv", "'" + name + "' must be a file name beside the quiz");
    } else if (!fs::is_regular_file(sheet)) {
      c.Problem("questions_csv", "'" + sheet.string() + "' is missing");
    } else if (std::optional<std::string> text = r.read(sheet, r.problems)) {
      const std::size_t before = r.problems->size();
      questions = QuestionsFromCsv(*text, sheet, r.problems);
      sheetRead = r.problems->size() == before;
    }
  }
  if ((!questions.is_array() || questions.empty()) && sheetRead) {
    c.Problem("questions", "has no questions");
  }
  for (std::size_t i = 0; questions.is_array() && i < questions.size(); ++i) {
    quiz.questions.push_back(
        ReadQuestion(c, questions[i], "questions[" + std::to_string(i) + "]", r.dir, true));
  }
  const json tiebreak = j.value("tiebreak", json::array());
  if (!contest && j.contains("tiebreak")) {
    c.Problem("tiebreak", "only a contest set has tie-break questions");
  } else if (!tiebreak.is_array()) {
    c.Problem("tiebreak", "must be a list of questions");
  }
  for (std::size_t i = 0; contest && tiebreak.is_array() && i < tiebreak.size(); ++i) {
    quiz.tiebreak.push_back(
        ReadQuestion(c, tiebreak[i], "tiebreak[" + std::to_string(i) + "]", r.dir, true));
  }
  // A team in a contest taps one answer, so each question has exactly one right one; and each
  // team's zone of the shared screen has room for four.
  auto oneRight = [&](const std::vector<Question>& list, const std::string& name) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string field = name + "[" + std::to_string(i) + "]";
      if (list[i].kind == Question::Kind::kMultiple) {
        c.Problem(field + ".kind", "a contest question has one right answer: single or true_false");
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
  quiz.questionCount = quiz.questions.size();
  return quiz;
}

Survey ReadSurvey(const Reading& r, const fs::path& file, const json& j) {
  Checker c(r.problems, file.string(), r.hasFile);
  Survey survey{file.stem().string(), c.TextOf(j, "title"), {}};
  const json questions = j.value("questions", json::array());
  if (questions.empty()) c.Problem("questions", "has no questions");
  for (std::size_t i = 0; i < questions.size(); ++i) {
    survey.questions.push_back(
        ReadQuestion(c, questions[i], "questions[" + std::to_string(i) + "]", r.dir, false));
  }
  survey.questionCount = survey.questions.size();
  return survey;
}

Leaflet ReadLeaflet(const Reading& r, const fs::path& file, const json& j) {
  Checker c(r.problems, file.string(), r.hasFile);
  Leaflet leaflet{file.stem().string(), TopicOf(r, c, j), c.TextOf(j, "title"), {}};
  const std::string example = " (e.g. {\"zh_CN\": [\"leaflets/a-1.png\", \"leaflets/a-2.png\"]})";
  if (!j.contains("pages") || !j["pages"].is_object() || j["pages"].empty()) {
    c.Problem("pages", "must list each language's page pictures" + example);
    return leaflet;
  }
  for (const auto& [lang, pages] : j["pages"].items()) {
    const std::string field = "pages." + lang;
    if (!IsLanguageCode(lang)) {
      c.Problem(field, "is not a language code like zh_CN or th");
    } else if (!pages.is_array() || pages.empty() || pages.size() > kMaxLeafletPages) {
      c.Problem(field,
                "must list 1 to " + std::to_string(kMaxLeafletPages) + " page pictures" + example);
    } else {
      std::vector<std::string> files;
      for (std::size_t i = 0; i < pages.size(); ++i) {
        if (c.File(pages[i], field + "[" + std::to_string(i) + "]", r.dir)) {
          files.push_back(pages[i]);
        }
      }
      if (files.size() == pages.size()) leaflet.pages[lang] = std::move(files);
    }
  }
  return leaflet;
}

HelpPage ReadHelp(const Reading& r, const fs::path& file, const json& j) {
  Checker c(r.problems, file.string(), r.hasFile);
  HelpPage page{file.stem().string(), c.TextOf(j, "title"), c.TextOf(j, "body", "", false), {}};
  const json contacts = j.value("contacts", json::array());
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    const std::string f = "contacts[" + std::to_string(i) + "]";
    const std::string number = contacts[i].value("number", "");
    if (number.empty() || !AllOf(number.substr(0, 1), "0123456789+", 1, 1) ||
        !AllOf(number.substr(1), "0123456789 -", 2, 19)) {
      c.Problem(f + ".number", "'" + number + "' is not a phone number");
    }
    page.contacts.push_back({c.TextOf(contacts[i], "name", f + "."), number,
                             c.TextOf(contacts[i], "note", f + ".", false)});
  }
  return page;
}

// An installed pack's text file, which kioskctl stored as UTF-8.
std::optional<std::string> ReadUtf8(const fs::path& path, std::vector<std::string>* problems) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.eof() && in.fail()) {
    problems->push_back(path.string() + ": cannot be read");
    return std::nullopt;
  }
  base::Result<std::string> text = DecodeText(bytes, path.string(), Encodings::kUtf8);
  if (!text) {
    problems->push_back(text.error());
    return std::nullopt;
  }
  return std::move(text.value());
}

}  // namespace

base::Result<Content> LoadContent(const std::string& dirName, const HasFile& hasFile) {
  return LoadContent(dirName, hasFile, ReadUtf8);
}

base::Result<Content> LoadContent(const std::string& dirName, const HasFile& hasFile,
                                  const TextReader& read) {
  const fs::path dir(dirName);
  std::vector<std::string> problems;
  Content content;
  std::set<std::string> topics, videos;
  Reading r{dir, hasFile, read, &problems};
  // Without topics.json every topic named is unknown; a topics.json that did not read says so
  // itself.
  if (!fs::exists(dir / "topics.json")) r.topics = &topics;
  if (!fs::exists(dir / "videos.json")) r.videos = &videos;

  const fs::path topicsFile = dir / "topics.json";
  if (fs::exists(topicsFile)) {
    Guarded(topicsFile, &problems, [&] {
      if (auto j = ReadJson(topicsFile, read, &problems)) {
        Checker c(&problems, topicsFile.string(), hasFile);
        for (std::size_t i = 0; j->is_array() && i < j->size(); ++i) {
          const json& topic = (*j)[i];
          Topic t{c.Id(topic, "id"), c.TextOf(topic, "title"), {}};
          if (topic.is_object() && topic.contains("picture") &&
              c.File(topic["picture"], "[" + std::to_string(i) + "].picture", dir)) {
            t.picture = topic["picture"];
          }
          if (!t.id.empty() && !topics.insert(t.id).second)
            c.Problem("id", t.id + " is listed twice");
          content.topics.push_back(t);
        }
        if (!j->is_array()) c.Problem("(top)", "must be a list of topics");
        r.topics = &topics;
      }
    });
  }
  const fs::path videosFile = dir / "videos.json";
  if (fs::exists(videosFile)) {
    Guarded(videosFile, &problems, [&] {
      if (auto j = ReadJson(videosFile, read, &problems)) {
        for (std::size_t i = 0; j->is_array() && i < j->size(); ++i) {
          Checker c(&problems, videosFile.string() + ": [" + std::to_string(i) + "]", hasFile);
          const json& v = (*j)[i];
          Video video{c.Id(v, "id"),
                      TopicOf(r, c, v),
                      c.TextOf(v, "title"),
                      c.Files(v, "files", "", dir, true),
                      c.Files(v, "subtitles", "", dir, false),
                      c.Files(v, "poster", "", dir, false)};
          if (!video.id.empty() && !videos.insert(video.id).second) {
            c.Problem("id", video.id + " is listed twice");
          }
          // Subtitles are text the player shows: they must read as such.
          for (const auto& [lang, file] : video.subtitles) {
            if (fs::is_regular_file(dir / file)) read(dir / file, &problems);
          }
          content.videos.push_back(video);
        }
        r.videos = &videos;
      }
    });
  }
  for (const fs::path& file : JsonFiles(dir / "leaflets")) {
    Guarded(file, &problems, [&] {
      if (auto j = ReadJson(file, read, &problems))
        content.leaflets.push_back(ReadLeaflet(r, file, *j));
    });
  }
  for (const auto& [folder, isContest] :
       {std::pair{"quizzes", false}, std::pair{"contests", true}}) {
    const bool contest = isContest;  // clang 14 (the fuzz build) captures no structured binding
    for (const fs::path& file : JsonFiles(dir / folder)) {
      Guarded(file, &problems, [&] {
        if (auto j = ReadJson(file, read, &problems)) {
          (contest ? content.contests : content.quizzes).push_back(ReadQuiz(r, file, *j, contest));
        }
      });
    }
  }
  for (const fs::path& file : JsonFiles(dir / "surveys")) {
    Guarded(file, &problems, [&] {
      if (auto j = ReadJson(file, read, &problems))
        content.surveys.push_back(ReadSurvey(r, file, *j));
    });
  }
  for (const fs::path& file : JsonFiles(dir / "help")) {
    Guarded(file, &problems, [&] {
      if (auto j = ReadJson(file, read, &problems)) content.help.push_back(ReadHelp(r, file, *j));
    });
  }
  if (!problems.empty()) return base::Problems(problems);
  return content;
}

// [SECTION] The catalog of an installed pack: its index, and questions read when opened

std::string CatalogJson(const Content& content) {
  json index = {{"topics", json::array()},   {"videos", json::array()},
                {"leaflets", json::array()}, {"quizzes", json::array()},
                {"contests", json::array()}, {"surveys", json::array()},
                {"help", json::array()}};
  for (const Topic& t : content.topics) {
    index["topics"].push_back({{"id", t.id}, {"title", t.title}, {"picture", t.picture}});
  }
  for (const Video& v : content.videos) {
    index["videos"].push_back({{"id", v.id},
                               {"topic", v.topic},
                               {"title", v.title},
                               {"files", v.files},
                               {"subtitles", v.subtitles},
                               {"poster", v.posters}});
  }
  for (const Leaflet& l : content.leaflets) {
    index["leaflets"].push_back(
        {{"id", l.id}, {"topic", l.topic}, {"title", l.title}, {"pages", l.pages}});
  }
  for (const auto& [list, name] :
       {std::pair{&content.quizzes, "quizzes"}, std::pair{&content.contests, "contests"}}) {
    for (const Quiz& q : *list) {
      index[name].push_back({{"id", q.id},
                             {"topic", q.topic},
                             {"title", q.title},
                             {"shuffle", q.shuffle},
                             {"related_video", q.relatedVideo},
                             {"questions", q.questions.size()}});
    }
  }
  for (const Survey& s : content.surveys) {
    index["surveys"].push_back(
        {{"id", s.id}, {"title", s.title}, {"questions", s.questions.size()}});
  }
  for (const HelpPage& h : content.help) {
    json contacts = json::array();
    for (const HelpPage::Contact& c : h.contacts) {
      contacts.push_back({{"name", c.name}, {"number", c.number}, {"note", c.note}});
    }
    index["help"].push_back(
        {{"id", h.id}, {"title", h.title}, {"body", h.body}, {"contacts", contacts}});
  }
  return index.dump() + "\n";
}

base::Result<Content> LoadCatalog(const std::string& packDir) {
  const fs::path indexFile = fs::path(packDir) / kIndexName;
  const std::string filesDir = (fs::path(packDir) / "files").string();
  // Hashing every file at each start would cost as much as the content is large; a text file
  // gone or cut short since the install (what a failing disk does) is found by its size. Media
  // are not checked here: a damaged video says so kindly when it is played, and leaves the rest
  // of its pack in use.
  const std::string manifestFile = (fs::path(packDir) / "manifest.json").string();
  base::Result<Manifest> manifest = ParseManifest(ReadFileText(manifestFile), manifestFile);
  if (!manifest) return manifest.failure();
  std::vector<std::string> problems;
  for (const FileEntry& f : manifest.value().files) {
    if (!IsTextFile(f.path)) continue;
    std::error_code error;
    const fs::path file = fs::path(filesDir) / f.path;
    const std::uintmax_t size = fs::file_size(file, error);
    if (error) {
      problems.push_back(file.string() + ": " + error.message());
    } else if (size != f.size) {
      problems.push_back(file.string() + ": " + std::to_string(size) + " bytes, not the " +
                         std::to_string(f.size) + " installed (damaged since)");
    }
  }
  if (!problems.empty()) return base::Problems(problems);
  std::optional<json> index;
  if (fs::exists(indexFile)) index = ReadJson(indexFile, ReadUtf8, &problems);
  if (!index) {
    // Installed before packs had an index, or the index is damaged: the content itself, whole.
    if (!problems.empty()) base::Log(base::LogLevel::kWarning, "%s", problems[0].c_str());
    return LoadContent(filesDir);
  }
  Content content;
  auto str = [](const json& j, const char* key) { return j.at(key).get<std::string>(); };
  auto text = [](const json& j, const char* key) { return j.at(key).get<Text>(); };
  using Files = std::map<std::string, std::string>;
  try {
    // An index written before topics had pictures and packs had leaflets has none.
    for (const json& t : index->at("topics")) {
      content.topics.push_back({str(t, "id"), text(t, "title"), t.value("picture", "")});
    }
    for (const json& v : index->at("videos")) {
      // An index written before posters existed has none.
      content.videos.push_back({str(v, "id"), str(v, "topic"), text(v, "title"),
                                v.at("files").get<Files>(), v.at("subtitles").get<Files>(),
                                v.value("poster", Files{})});
    }
    for (const json& l : index->value("leaflets", json::array())) {
      content.leaflets.push_back(
          {str(l, "id"), str(l, "topic"), text(l, "title"),
           l.at("pages").get<std::map<std::string, std::vector<std::string>>>()});
    }
    for (const auto& [list, name] :
         {std::pair{&content.quizzes, "quizzes"}, std::pair{&content.contests, "contests"}}) {
      for (const json& q : index->at(name)) {
        Quiz quiz;
        quiz.id = str(q, "id");
        quiz.topic = str(q, "topic");
        quiz.title = text(q, "title");
        quiz.shuffle = q.at("shuffle").get<bool>();
        quiz.relatedVideo = str(q, "related_video");
        quiz.questionCount = q.at("questions").get<std::size_t>();
        list->push_back(std::move(quiz));
      }
    }
    for (const json& s : index->at("surveys")) {
      Survey survey{str(s, "id"), text(s, "title"), {}};
      survey.questionCount = s.at("questions").get<std::size_t>();
      content.surveys.push_back(std::move(survey));
    }
    for (const json& h : index->at("help")) {
      HelpPage page{str(h, "id"), text(h, "title"), text(h, "body"), {}};
      for (const json& c : h.at("contacts")) {
        page.contacts.push_back({text(c, "name"), str(c, "number"), text(c, "note")});
      }
      content.help.push_back(std::move(page));
    }
  } catch (const json::exception& e) {
    base::Log(base::LogLevel::kWarning, "%s: damaged (%s); the pack is read whole",
              indexFile.c_str(), e.what());
    return LoadContent(filesDir);
  }
  return content;
}

namespace {

// Reads one quiz, contest set or survey file of an installed pack, validated at its install.
template <class Item, class Read>
base::Result<bool> LoadItem(const std::string& filesDir, const char* folder, const Item& item,
                            Read&& read) {
  const fs::path dir(filesDir), file = dir / folder / (item.id + ".json");
  std::vector<std::string> problems;
  const HasFile any = [](const std::string&) { return true; };
  const TextReader text = ReadUtf8;
  const Reading r{dir, any, text, &problems};
  Guarded(file, &problems, [&] {
    if (auto j = ReadJson(file, text, &problems)) read(r, file, *j);
  });
  if (!problems.empty()) return base::Problems(problems);
  return true;
}

}  // namespace

base::Result<bool> LoadQuestions(const std::string& filesDir, Quiz* quiz, bool contest) {
  return LoadItem(filesDir, contest ? "contests" : "quizzes", *quiz,
                  [&](const Reading& r, const fs::path& file, const json& j) {
                    Quiz read = ReadQuiz(r, file, j, contest);
                    quiz->questions = std::move(read.questions);
                    quiz->tiebreak = std::move(read.tiebreak);
                  });
}

base::Result<bool> LoadQuestions(const std::string& filesDir, Survey* survey) {
  return LoadItem(filesDir, "surveys", *survey,
                  [&](const Reading& r, const fs::path& file, const json& j) {
                    survey->questions = std::move(ReadSurvey(r, file, j).questions);
                  });
}

}  // namespace kiosk::packs
