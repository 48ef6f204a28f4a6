// What installing a pack would change, item by item, for the staff's preview before an install.
// Any thread.
#include <map>

#include "packs/packs_internal.h"

namespace kiosk::packs {
namespace {

// An item's identity ("quiz:rights-basics") and a fingerprint of everything it is made of: its
// titles, and the hash of every file it comes from or uses. Equal fingerprints: nothing changed.
struct Entry {
  const char* kind;
  Text title;
  std::string fingerprint;
};
using Entries = std::map<std::string, Entry>;

class Fingerprints {
 public:
  explicit Fingerprints(const Manifest& manifest) {
    for (const FileEntry& f : manifest.files) m_hashes[f.path] = f.blake2b;
  }

  Entries Of(const Content& content) const {
    Entries entries;
    for (const Video& v : content.videos) {
      std::string print = TextPrint(v.title);
      for (const auto& [lang, file] : v.files) print += File(file);
      for (const auto& [lang, file] : v.subtitles) print += File(file);
      for (const auto& [lang, file] : v.posters) print += File(file);
      entries["video:" + v.id] = {"video", v.title, print};
    }
    for (const Leaflet& l : content.leaflets) {
      std::string print = TextPrint(l.title) + Source("leaflets", l.id);
      for (const auto& [lang, pages] : l.pages) {
        for (const std::string& page : pages) print += File(page);
      }
      entries["leaflet:" + l.id] = {"leaflet", l.title, print};
    }
    auto questions = [&](const std::vector<Question>& list) {
      std::string print;
      for (const Question& q : list) {
        for (const auto& [lang, file] : q.narration) print += File(file);
        for (const Answer& a : q.answers) {
          for (const auto& [lang, file] : a.narration) print += File(file);
          if (!a.picture.empty()) print += File(a.picture);
        }
      }
      return print;
    };
    auto sets = [&](const std::vector<Quiz>& list, const char* kind, const std::string& folder) {
      for (const Quiz& q : list) {
        entries[std::string(kind) + ":" + q.id] = {
            kind, q.title, Source(folder, q.id) + questions(q.questions) + questions(q.tiebreak)};
      }
    };
    sets(content.quizzes, "quiz", "quizzes");
    sets(content.contests, "contest", "contests");
    for (const Survey& s : content.surveys) {
      entries["survey:" + s.id] = {"survey", s.title,
                                   Source("surveys", s.id) + questions(s.questions)};
    }
    for (const HelpPage& h : content.help) {
      entries["help:" + h.id] = {"help", h.title, Source("help", h.id)};
    }
    return entries;
  }

 private:
  std::string File(const std::string& path) const {
    auto it = m_hashes.find(path);
    return path + "=" + (it == m_hashes.end() ? "?" : it->second) + ";";
  }
  // The file an item was read from: folder/<id>.json or a quiz sheet, folder/<id>.csv.
  std::string Source(const std::string& folder, const std::string& id) const {
    return File(folder + "/" + id + ".json") + File(folder + "/" + id + ".csv");
  }
  static std::string TextPrint(const Text& text) {
    std::string print;
    for (const auto& [lang, value] : text) print += lang + "=" + value + ";";
    return print;
  }

  std::map<std::string, std::string> m_hashes;  // path -> BLAKE2b
};

}  // namespace

bool IsContentFile(const std::string& path) {
  // A quiz sheet may be Excel's "Unicode text" (.txt), and subtitles are checked as text too.
  return IsTextFile(path);
}

void CompareContent(const Content& before, const Manifest& beforeManifest, const Content& after,
                    const Manifest& afterManifest, Preview* preview) {
  const Entries old = Fingerprints(beforeManifest).Of(before);
  const Entries now = Fingerprints(afterManifest).Of(after);
  for (const auto& [key, entry] : now) {
    auto it = old.find(key);
    if (it == old.end()) {
      preview->added.push_back({entry.kind, entry.title});
    } else if (it->second.fingerprint != entry.fingerprint) {
      preview->updated.push_back({entry.kind, entry.title});
    }
  }
  for (const auto& [key, entry] : old) {
    if (!now.count(key)) preview->removed.push_back({entry.kind, entry.title});
  }
}

}  // namespace kiosk::packs
