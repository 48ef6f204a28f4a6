// What the files of kiosk/packs share. Not for use outside it.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "packs/packs.h"

namespace kiosk::packs {

// An error that refuses a pack, `why` being what staff are told.
inline base::Error Refuse(Refusal why, std::string message, bool environment = false) {
  return base::Error{std::move(message), environment, static_cast<int>(why)};
}

// libsodium started (once, any thread); false when it could not.
bool SodiumReady();
std::string Hex(const std::uint8_t* data, std::size_t size);
using KeyId = std::array<std::uint8_t, 8>;
// The id of the key that made a .minisig file's signature; nullopt when it is not one.
std::optional<KeyId> SignatureKeyId(const std::string& signature);
// Why a path inside a pack may not be used, or empty when it may (relative, no '..').
std::string PathProblem(const std::string& path);
// A small file's whole text; empty when it cannot be read.
std::string ReadFileText(const std::filesystem::path& path);

// Checks compiled once, not a std::regex built per call: a pack of 10,000 questions asks them
// hundreds of thousands of times (issue 15, item 3).
bool IsId(std::string_view text);            // [a-z0-9][a-z0-9-]{0,63}
bool IsLanguageCode(std::string_view text);  // [a-z]{2,3}(_[A-Z]{2})?
// `first` to `last` characters, each one of `allowed`.
bool AllOf(std::string_view text, std::string_view allowed, std::size_t first, std::size_t last);

// [SECTION] Text files (text.cpp)

enum class Encodings {
  kUtf8,  // an installed pack's: what kioskctl wrote
  kAny,   // a source folder's: UTF-8 (BOM or not), UTF-16LE/BE with a BOM, or GB18030 (GBK)
};
// The text of a file's bytes as UTF-8 without a byte-order mark; fails, naming `where`, the line
// and the byte, on bytes that are not text in the encodings allowed (a binary file, a file in
// another encoding).
base::Result<std::string> DecodeText(const std::string& bytes, const std::string& where,
                                     Encodings encodings);
// True for the files a pack builder reads as text and stores as UTF-8: by their extension.
bool IsTextFile(const std::filesystem::path& path);

// [SECTION] Content (content.cpp)

// Gives LoadContent a text file of the pack as UTF-8; nullopt, with the problem appended (or
// already reported), when it cannot.
using TextReader = std::function<std::optional<std::string>(const std::filesystem::path& path,
                                                            std::vector<std::string>* problems)>;
base::Result<Content> LoadContent(const std::string& dir, const HasFile& hasFile,
                                  const TextReader& read);

// An installed pack's index (beside its manifest): its content without the questions, which is
// what a kiosk reads when it starts (LoadCatalog).
constexpr const char* kIndexName = "index.json";
std::string CatalogJson(const Content& content);

// The questions of a quiz sheet (CSV, or tab-separated as Excel's "Unicode text", decided by the
// header line; UTF-8 text read from `path`), as quiz JSON; problems appended.
nlohmann::json QuestionsFromCsv(const std::string& text, const std::filesystem::path& path,
                                std::vector<std::string>* problems);

// [SECTION] Previews (preview.cpp)

// True for the files that hold a pack's content itself (its .json and .csv files), which a
// preview reads; false for media.
bool IsContentFile(const std::string& path);
// Fills the preview's added, updated and removed items: the installed content (empty when none)
// against the new one. An item is updated when its text or any file it uses changed.
void CompareContent(const Content& before, const Manifest& beforeManifest, const Content& after,
                    const Manifest& afterManifest, Preview* preview);

}  // namespace kiosk::packs
