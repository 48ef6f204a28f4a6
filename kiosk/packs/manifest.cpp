// manifest.json: the signed list of a pack's files, with its id, version, expiry and publisher.
// The validator reports every problem at once, each naming the field. Any thread.
#include <nlohmann/json.hpp>

#include <set>

#include "packs/packs_internal.h"

namespace kiosk::packs {
namespace {

constexpr std::string_view kDigits = "0123456789";

bool ValidDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      !AllOf(text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2), kDigits, 8, 8)) {
    return false;
  }
  const int month = std::stoi(text.substr(5, 2)), day = std::stoi(text.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

bool AllOf(std::string_view text, std::string_view allowed, std::size_t first, std::size_t last) {
  return text.size() >= first && text.size() <= last &&
         text.find_first_not_of(allowed) == std::string_view::npos;
}

bool IsId(std::string_view text) {
  return !text.empty() && text[0] != '-' &&
         AllOf(text, "abcdefghijklmnopqrstuvwxyz0123456789-", 1, 64);
}

bool IsLanguageCode(std::string_view text) {
  constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
  const std::size_t underscore = text.find('_');
  if (underscore == std::string_view::npos) return AllOf(text, kLower, 2, 3);
  return AllOf(text.substr(0, underscore), kLower, 2, 3) &&
         AllOf(text.substr(underscore + 1), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 2, 2);
}

std::string PathProblem(const std::string& path) {
  if (path.empty()) return "is empty";
  if (path.size() > 255) return "is longer than 255 bytes";
  if (path.front() == '/') return "is absolute";
  if (path.find('\\') != std::string::npos) return "contains a backslash";
  if (path.find('\0') != std::string::npos) return "contains a NUL byte";
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string part = path.substr(start, end - start);
    if (part.empty()) return "has an empty part (//)";
    if (part == "." || part == "..") return "has a '" + part + "' part";
    start = end + 1;
  }
  return {};
}

base::Result<Manifest> ParseManifest(const std::string& text, const std::string& where) {
  if (text.size() > kMaxManifestBytes) {
    return base::Error{where + ": larger than " + std::to_string(kMaxManifestBytes) + " bytes"};
  }
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return base::Error{where + ": not a JSON object"};
  }
  std::vector<std::string> problems;
  auto problem = [&](const std::string& field, const std::string& reason) {
    problems.push_back(where + ": " + field + ": " + reason);
  };
  Manifest m{};
  if (json.contains("id") && json["id"].is_string()) m.id = json["id"];
  if (!IsId(m.id)) {
    problem("id", "must be 1-64 of a-z, 0-9 and '-', not starting with '-'");
  }
  if (json.contains("version") && json["version"].is_number_unsigned() && json["version"] > 0) {
    m.version = json["version"];
  } else {
    problem("version", "must be a whole number above 0");
  }
  if (json.contains("expires") && json["expires"].is_string()) m.expires = json["expires"];
  if (!ValidDate(m.expires)) problem("expires", "must be a date YYYY-MM-DD");
  if (json.contains("publisher") && json["publisher"].is_string()) m.publisher = json["publisher"];
  if (m.publisher.empty()) problem("publisher", "is missing");
  if (!json.contains("files") || !json["files"].is_array()) {
    problem("files", "must be a list");
  } else if (json["files"].size() > kMaxFiles) {
    problem("files", "more than " + std::to_string(kMaxFiles) + " files");
  } else {
    std::set<std::string> seen;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < json["files"].size(); ++i) {
      const nlohmann::json& f = json["files"][i];
      const std::string field = "files[" + std::to_string(i) + "]";
      FileEntry entry{};
      if (!f.is_object() || !f.contains("path") || !f["path"].is_string()) {
        problem(field + ".path", "is missing");
        continue;
      }
      entry.path = f["path"];
      if (std::string why = PathProblem(entry.path); !why.empty()) {
        problem(field + ".path", "'" + entry.path + "' " + why);
      } else if (!seen.insert(entry.path).second) {
        problem(field + ".path", "'" + entry.path + "' is listed twice");
      }
      if (f.contains("size") && f["size"].is_number_unsigned() && f["size"] <= kMaxPackBytes) {
        entry.size = f["size"];
        total += entry.size;
      } else {
        problem(field + ".size", "must be a whole number of bytes up to the pack limit");
      }
      if (f.contains("blake2b") && f["blake2b"].is_string()) entry.blake2b = f["blake2b"];
      if (!AllOf(entry.blake2b, "0123456789abcdef", 64, 64)) {
        problem(field + ".blake2b", "must be 64 lower-case hex digits (BLAKE2b-256)");
      }
      m.files.push_back(entry);
    }
    // "a" and "a/b" cannot both be files.
    for (const std::string& path : seen) {
      for (std::size_t slash = path.find('/'); slash != std::string::npos;
           slash = path.find('/', slash + 1)) {
        if (seen.count(path.substr(0, slash))) {
          problem("files", "'" + path.substr(0, slash) + "' is both a file and a folder");
        }
      }
    }
    if (total > kMaxPackBytes) {
      problem("files", "add up to " + std::to_string(total) + " bytes, over the " +
                           std::to_string(kMaxPackBytes) + "-byte limit");
    }
  }
  if (!problems.empty()) return base::Problems(problems);
  return m;
}

std::string ManifestJson(const Manifest& m) {
  nlohmann::json json = {{"id", m.id},
                         {"version", m.version},
                         {"expires", m.expires},
                         {"publisher", m.publisher},
                         {"files", nlohmann::json::array()}};
  for (const FileEntry& f : m.files) {
    json["files"].push_back({{"path", f.path}, {"size", f.size}, {"blake2b", f.blake2b}});
  }
  return json.dump(2) + "\n";
}

std::string TrustedComment(const Manifest& m) {
  return "pack:" + m.id + " version:" + std::to_string(m.version) + " expires:" + m.expires;
}

std::string Today() {
  return base::LocalDay(std::chrono::system_clock::now());
}

}  // namespace kiosk::packs
