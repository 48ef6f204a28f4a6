// Reads gettext catalogs with libgettextpo (the translators' own tool chain, so a file that
// msgfmt accepts is a file the kiosk accepts) and picks the string for the current language.
// Main thread, at start.
#include <gettext-po.h>

#include <csetjmp>
#include <filesystem>

#include "i18n/i18n.h"

namespace kiosk::i18n {
namespace {

// libgettextpo reports through callbacks without a user pointer, so problems are collected in
// a thread-local list while one file is read. A fatal error must not return (gettext-po.h).
thread_local std::vector<std::string>* t_problems = nullptr;
thread_local std::jmp_buf t_fatal;

void Report(int severity, const char* filename, size_t lineno, const char* text) {
  std::string where = filename ? filename : "";
  if (filename && lineno != static_cast<size_t>(-1)) where += ":" + std::to_string(lineno);
  std::string line = (where.empty() ? "" : where + ": ") + text;
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
    po_message_iterator_t it = po_message_iterator(file, nullptr);
    while (po_message_t message = po_next_message(it)) {
      const char* msgid = po_message_msgid(message);
      const char* msgstr = po_message_msgstr(message);
      if (*msgid == '\0' || po_message_is_obsolete(message) || po_message_is_fuzzy(message) ||
          *msgstr == '\0') {
        continue;
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
      if (holes(msgid) != holes(msgstr)) {
        problems.push_back(path + ": msgid \"" + msgid + "\": the translation must keep its " +
                           std::to_string(holes(msgid)) + " \"{}\"");
        continue;
      }
      catalog.m_entries.emplace(msgid, msgstr);
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

const char* Translator::Tr(const char* msgid) const {
  auto find = [&](std::string_view code) -> const char* {
    auto it = m_catalogs.find(code);
    return it == m_catalogs.end() ? nullptr : it->second.Find(msgid);
  };
  if (const char* translated = find(m_current->code)) return translated;
  if (auto chain = m_fallbacks.find(m_current->code); chain != m_fallbacks.end()) {
    for (const std::string& code : chain->second) {
      if (const char* translated = find(code)) return translated;
    }
  }
  return msgid;
}

const char* Translator::TrIn(std::string_view code, const char* msgid) const {
  auto it = m_catalogs.find(code);
  const char* translated = it == m_catalogs.end() ? nullptr : it->second.Find(msgid);
  return translated ? translated : msgid;
}

const char* Translator::Pick(const std::map<std::string, std::string>& texts) const {
  auto find = [&](const std::string& code) -> const char* {
    auto it = texts.find(code);
    return it == texts.end() ? nullptr : it->second.c_str();
  };
  if (const char* text = find(m_current->code)) return text;
  if (auto chain = m_fallbacks.find(m_current->code); chain != m_fallbacks.end()) {
    for (const std::string& code : chain->second) {
      if (const char* text = find(code)) return text;
    }
  }
  if (const char* text = find(kSourceLanguage)) return text;
  return texts.empty() ? "" : texts.begin()->second.c_str();
}

void Translator::SetFallbacks(std::string_view code, std::vector<std::string> chain) {
  m_fallbacks[std::string(code)] = std::move(chain);
}

}  // namespace kiosk::i18n
