// Reads gettext catalogs with libgettextpo (the translators' own tool chain, so a file that
// msgfmt accepts is a file the kiosk accepts) and picks the string for the current language,
// and for a count the plural form that the catalog's Plural-Forms formula picks. Main thread,
// at start.
//
// Index of this file:
// [SECTION] Plural rules: gettext's Plural-Forms formula, parsed once and evaluated per count
// [SECTION] Reading a catalog
// [SECTION] Choosing the language
#include <gettext-po.h>

#include <array>
#include <csetjmp>
#include <cstdlib>
#include <filesystem>

#include "i18n/i18n.h"

namespace kiosk::i18n {

// [SECTION] Plural rules: gettext's Plural-Forms formula, parsed once and evaluated per count

// Recursive descent over the grammar of GNU gettext's intl/plural.y, lowest precedence first:
// ?: (right to left), ||, &&, == !=, < > <= >=, + -, * / %, unary !. Each node is appended to
// `nodes`; each function returns its node's index, or -1 once `error` says what is wrong.
struct PluralRule::Parser {
  std::string_view text;
  std::vector<Node>& nodes;
  std::size_t at = 0;
  int depth = 0;  // parentheses and ! nested so far: a formula is one line, not a stack overflow
  std::string error{};

  void SkipSpace() {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n')) ++at;
  }
  bool Peek(std::string_view token) {
    SkipSpace();
    return text.substr(at, token.size()) == token;
  }
  bool Eat(std::string_view token) {
    if (!Peek(token)) return false;
    at += token.size();
    return true;
  }
  int Fail(const std::string& what) {
    if (error.empty()) error = what + " at column " + std::to_string(at + 1);
    return -1;
  }
  int Add(const Node& node) {
    // Real formulas have a few dozen nodes; evaluating is recursive, so a header of
    // thousands of operators is refused rather than evaluated.
    if (nodes.size() >= 1000) return Fail("too long");
    nodes.push_back(node);
    return static_cast<int>(nodes.size()) - 1;
  }

  int Conditional() {
    const int test = Binary(0);
    if (test < 0 || !Eat("?")) return test;
    const int yes = Conditional();
    if (yes < 0) return -1;
    if (!Eat(":")) return Fail("\":\" expected");
    const int no = Conditional();
    if (no < 0) return -1;
    return Add({Node::Op::kIf, "", 0, test, yes, no});
  }

  int Binary(std::size_t level) {
    // Longer operators first, so that "<=" is not read as "<".
    static constexpr std::array<std::array<std::string_view, 4>, 6> kLevels = {
        {{"||"}, {"&&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"+", "-"}, {"*", "/", "%"}}};
    if (level == kLevels.size()) return Unary();
    int left = Binary(level + 1);
    while (left >= 0) {
      std::string_view op;
      for (std::string_view candidate : kLevels[level]) {
        if (!candidate.empty() && Peek(candidate)) {
          op = candidate;
          break;
        }
      }
      if (op.empty()) break;
      at += op.size();
      const int right = Binary(level + 1);
      if (right < 0) return -1;
      Node node{Node::Op::kBinary, "", 0, left, right, 0};
      op.copy(node.binary, op.size());
      left = Add(node);
    }
    return left;
  }

  int Unary() {
    if (++depth > 100) return Fail("nested too deeply");
    int node = -1;
    if (Eat("!")) {
      const int operand = Unary();
      node = operand < 0 ? -1 : Add({Node::Op::kNot, "", 0, operand, 0, 0});
    } else if (Eat("(")) {
      node = Conditional();
      if (node >= 0 && !Eat(")")) node = Fail("\")\" expected");
    } else if (Eat("n")) {
      node = Add({Node::Op::kN, "", 0, 0, 0, 0});
    } else if (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      unsigned long value = 0;
      for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
        if (value > (static_cast<unsigned long>(-1) - 9) / 10) return Fail("number too large");
        value = value * 10 + static_cast<unsigned long>(text[at] - '0');
      }
      node = Add({Node::Op::kNumber, "", value, 0, 0, 0});
    } else {
      node = Fail(at < text.size() ? "unexpected \"" + std::string(1, text[at]) + "\""
                                   : "the formula ends too soon");
    }
    --depth;
    return node;
  }
};

PluralRule::PluralRule() {
  m_nodes = {{Node::Op::kN, "", 0, 0, 0, 0},
             {Node::Op::kNumber, "", 1, 0, 0, 0},
             {Node::Op::kBinary, "!=", 0, 0, 1, 0}};
  m_root = 2;
}

base::Result<PluralRule> PluralRule::Parse(std::string_view pluralForms) {
  // "nplurals=" does not contain "plural=", so each is found where it is.
  const std::size_t count = pluralForms.find("nplurals=");
  const std::size_t formula = pluralForms.find("plural=");
  if (count == std::string_view::npos || formula == std::string_view::npos) {
    return base::Error{"\"" + std::string(pluralForms) + "\" lacks nplurals= or plural="};
  }
  PluralRule rule;
  const std::string countText(pluralForms.substr(count + 9, 4));
  char* end = nullptr;
  const long forms = std::strtol(countText.c_str(), &end, 10);
  if (end == countText.c_str() || forms < 1 || forms > 100) {
    return base::Error{"nplurals must be a number from 1 to 100"};
  }
  rule.m_forms = static_cast<int>(forms);

  std::string_view expression = pluralForms.substr(formula + 7);
  expression = expression.substr(0, expression.find(';'));
  rule.m_nodes.clear();
  Parser parser{expression, rule.m_nodes};
  rule.m_root = parser.Conditional();
  parser.SkipSpace();
  if (rule.m_root >= 0 && parser.at != expression.size()) parser.Fail("unexpected text");
  if (!parser.error.empty()) {
    return base::Error{"plural=" + std::string(expression) + ": " + parser.error};
  }
  // msgfmt --check tries numbers too; these are the counts a kiosk shows.
  for (unsigned long n = 0; n <= 1000; ++n) {
    const std::optional<unsigned long> form = rule.Evaluate(rule.m_root, n);
    if (!form) {
      return base::Error{"plural=" + std::string(expression) +
                         " divides by zero for n = " + std::to_string(n)};
    }
    if (*form >= static_cast<unsigned long>(forms)) {
      return base::Error{"plural=" + std::string(expression) + " gives form " +
                         std::to_string(*form) + " for n = " + std::to_string(n) +
                         ", but nplurals=" + std::to_string(forms) + " (forms 0 to " +
                         std::to_string(forms - 1) + ")"};
    }
  }
  return rule;
}

std::optional<unsigned long> PluralRule::Evaluate(int index, unsigned long n) const {
  const Node& node = m_nodes[static_cast<std::size_t>(index)];
  switch (node.op) {
    case Node::Op::kNumber:
      return node.value;
    case Node::Op::kN:
      return n;
    case Node::Op::kNot: {
      const std::optional<unsigned long> operand = Evaluate(node.a, n);
      if (!operand) return std::nullopt;
      return *operand == 0 ? 1 : 0;
    }
    case Node::Op::kIf: {
      const std::optional<unsigned long> test = Evaluate(node.a, n);
      if (!test) return std::nullopt;
      return Evaluate(*test != 0 ? node.b : node.c, n);
    }
    case Node::Op::kBinary:
      break;
  }
  const std::string_view op = node.binary;
  const std::optional<unsigned long> left = Evaluate(node.a, n);
  if (!left) return std::nullopt;
  // || and && do not evaluate their right side when the left decides, as in C and gettext.
  if (op == "||" && *left != 0) return 1;
  if (op == "&&" && *left == 0) return 0;
  const std::optional<unsigned long> right = Evaluate(node.b, n);
  if (!right) return std::nullopt;
  const unsigned long l = *left, r = *right;
  if (op == "||" || op == "&&") return r != 0 ? 1 : 0;
  if (op == "==") return l == r ? 1 : 0;
  if (op == "!=") return l != r ? 1 : 0;
  if (op == "<") return l < r ? 1 : 0;
  if (op == ">") return l > r ? 1 : 0;
  if (op == "<=") return l <= r ? 1 : 0;
  if (op == ">=") return l >= r ? 1 : 0;
  if (op == "+") return l + r;
  if (op == "-") return l - r;
  if (op == "*") return l * r;
  if (r == 0) return std::nullopt;
  return op == "/" ? l / r : l % r;
}

int PluralRule::FormFor(unsigned long n) const {
  const std::optional<unsigned long> form = Evaluate(m_root, n);
  return form && *form < static_cast<unsigned long>(m_forms) ? static_cast<int>(*form) : 0;
}

// [SECTION] Reading a catalog

namespace {

// libgettextpo reports through callbacks without a user pointer, so problems are collected in
// a thread-local list while one file is read. A fatal error must not return (gettext-po.h).
thread_local std::vector<std::string>* t_problems = nullptr;
thread_local std::jmp_buf t_fatal;

void Report(int severity, const char* filename, size_t lineno, const char* text) {
  // Appended piece by piece: GCC 12 at -O3 (the package's build) warns of a false overlap
  // (-Wrestrict) in ":" + std::to_string(), which inserts at the string's start.
  std::string line;
  if (filename && *filename) {
    line = filename;
    if (lineno != static_cast<size_t>(-1)) line.append(":").append(std::to_string(lineno));
    line.append(": ");
  }
  line.append(text);
  while (!line.empty() && line.back() == '\n') line.pop_back();
  if (severity != PO_SEVERITY_WARNING) t_problems->push_back(line);
  if (severity == PO_SEVERITY_FATAL_ERROR) std::longjmp(t_fatal, 1);
}

void XError(int severity, po_message_t, const char* filename, size_t lineno, size_t, int,
            const char* text) {
  Report(severity, filename, lineno, text);
}

void XError2(int severity, po_message_t, const char* filename1, size_t lineno1, size_t, int,
             const char* text1, po_message_t, const char*, size_t, size_t, int, const char* text2) {
  Report(severity, filename1, lineno1, (std::string(text1) + " " + text2).c_str());
}

const po_xerror_handler kHandler = {XError, XError2};

// Reads and checks one file; nullptr after a fatal error.
po_file_t ReadChecked(const std::string& path) {
  if (setjmp(t_fatal) != 0) return nullptr;
  po_file_t file = po_file_read(path.c_str(), &kHandler);
  // The same checks as `msgfmt --check`: plural forms, format strings, header.
  if (file) po_file_check_all(file, &kHandler);
  return file;
}

}  // namespace

base::Result<Catalog> Catalog::Load(const std::string& path) {
  std::vector<std::string> problems;
  t_problems = &problems;
  po_file_t file = ReadChecked(path);
  t_problems = nullptr;
  if (!file && problems.empty()) problems.push_back(path + ": cannot be read");

  Catalog catalog;
  if (file) {
    const char* header = po_file_domain_header(file, nullptr);
    if (char* pluralForms = header ? po_header_field(header, "Plural-Forms") : nullptr) {
      base::Result<PluralRule> rule = PluralRule::Parse(pluralForms);
      std::free(pluralForms);  // po_header_field's string is the caller's (gettext-po.h)
      if (rule) {
        catalog.m_rule = std::move(rule.value());
      } else {
        problems.push_back(path + ": Plural-Forms: " + rule.error());
      }
    }
    // msgfmt checks c-format strings only; the kiosk's "{}" (a path, a number) must survive
    // translation too, or staff lose the very detail the message is for.
    auto holes = [](std::string_view text) {
      int count = 0;
      for (size_t at = text.find("{}"); at != std::string_view::npos;
           at = text.find("{}", at + 2)) {
        ++count;
      }
      return count;
    };
    auto keepsHoles = [&](const char* msgid, std::string_view source, std::string_view msgstr) {
      if (holes(source) == holes(msgstr)) return true;
      problems.push_back(path + ": msgid \"" + msgid + "\": the translation must keep its " +
                         std::to_string(holes(source)) + " \"{}\"");
      return false;
    };
    po_message_iterator_t it = po_message_iterator(file, nullptr);
    while (po_message_t message = po_next_message(it)) {
      const char* msgid = po_message_msgid(message);
      if (*msgid == '\0' || po_message_is_obsolete(message) || po_message_is_fuzzy(message)) {
        continue;
      }
      if (const char* plural = po_message_msgid_plural(message)) {
        std::vector<std::string> forms;
        bool usable = true;
        for (int i = 0; const char* form = po_message_msgstr_plural(message, i); ++i) {
          usable = usable && *form != '\0' && keepsHoles(msgid, plural, form);
          forms.emplace_back(form);
        }
        if (usable && static_cast<int>(forms.size()) != catalog.m_rule.Forms()) {
          problems.push_back(path + ": msgid \"" + msgid + "\": " + std::to_string(forms.size()) +
                             " plural forms, but the header's Plural-Forms has nplurals=" +
                             std::to_string(catalog.m_rule.Forms()));
          usable = false;
        }
        if (usable) catalog.m_plurals.emplace(msgid, std::move(forms));
        continue;
      }
      const char* msgstr = po_message_msgstr(message);
      if (*msgstr != '\0' && keepsHoles(msgid, msgid, msgstr)) {
        catalog.m_entries.emplace(msgid, msgstr);
      }
    }
    po_message_iterator_free(it);
    po_file_free(file);
  }
  if (!problems.empty()) return base::Problems(problems);
  return catalog;
}

std::string Fill(const char* text, const std::string& arg) {
  std::string filled = text;
  if (size_t at = filled.find("{}"); at != std::string::npos) filled.replace(at, 2, arg);
  return filled;
}

const char* Catalog::Find(std::string_view msgid) const {
  auto it = m_entries.find(msgid);
  return it == m_entries.end() ? nullptr : it->second.c_str();
}

const char* Catalog::FindPlural(std::string_view msgid, unsigned long n) const {
  auto it = m_plurals.find(msgid);
  return it == m_plurals.end() ? nullptr
                               : it->second[static_cast<std::size_t>(m_rule.FormFor(n))].c_str();
}

// [SECTION] Choosing the language

Translator Translator::Load(const std::string& localesDir, std::vector<std::string>* problems) {
  Translator translator;
  for (const Language& language : KnownLanguages()) {
    if (std::string_view(language.code) == kSourceLanguage) continue;
    std::string path = localesDir + "/" + language.code + ".po";
    if (!std::filesystem::exists(path)) continue;
    base::Result<Catalog> catalog = Catalog::Load(path);
    if (!catalog) {
      problems->push_back(catalog.error());
      continue;
    }
    translator.m_catalogs.emplace(language.code, std::move(catalog.value()));
  }
  return translator;
}

std::vector<const Language*> Translator::Available() const {
  std::vector<const Language*> available;
  for (const Language& language : KnownLanguages()) {
    if (std::string_view(language.code) == kSourceLanguage || m_catalogs.contains(language.code)) {
      available.push_back(&language);
    }
  }
  return available;
}

bool Translator::SetLanguage(std::string_view code) {
  const Language* language = FindLanguage(code);
  if (!language || (code != kSourceLanguage && !m_catalogs.contains(code))) return false;
  m_current = language;
  return true;
}

template <typename Find>
const char* Translator::InCurrentOrFallbacks(Find find) const {
  if (const char* found = find(m_current->code)) return found;
  if (auto chain = m_fallbacks.find(m_current->code); chain != m_fallbacks.end()) {
    for (const std::string& code : chain->second) {
      if (const char* found = find(code)) return found;
    }
  }
  return nullptr;
}

const char* Translator::Tr(const char* msgid) const {
  const char* translated = InCurrentOrFallbacks([&](std::string_view code) -> const char* {
    auto it = m_catalogs.find(code);
    return it == m_catalogs.end() ? nullptr : it->second.Find(msgid);
  });
  return translated ? translated : msgid;
}

const char* Translator::TrN(const char* singular, const char* plural, unsigned long n) const {
  const char* translated = InCurrentOrFallbacks([&](std::string_view code) -> const char* {
    auto it = m_catalogs.find(code);
    return it == m_catalogs.end() ? nullptr : it->second.FindPlural(singular, n);
  });
  if (translated) return translated;
  return n == 1 ? singular : plural;
}

const char* Translator::TrIn(std::string_view code, const char* msgid) const {
  auto it = m_catalogs.find(code);
  const char* translated = it == m_catalogs.end() ? nullptr : it->second.Find(msgid);
  return translated ? translated : msgid;
}

const char* Translator::Pick(const std::map<std::string, std::string>& texts) const {
  const std::string* text = Pick<std::string>(texts);
  return text ? text->c_str() : "";
}

std::string Translator::PickLanguage(const std::function<bool(std::string_view code)>& has) const {
  const char* code = InCurrentOrFallbacks(
      [&](std::string_view candidate) { return has(candidate) ? candidate.data() : nullptr; });
  if (code) return code;
  return has(kSourceLanguage) ? kSourceLanguage : "";
}

void Translator::SetFallbacks(std::string_view code, std::vector<std::string> chain) {
  m_fallbacks[std::string(code)] = std::move(chain);
}

}  // namespace kiosk::i18n
