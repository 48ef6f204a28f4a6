// What the files of kiosk/packs share. Not for use outside it.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
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

// The questions of a quiz sheet (CSV text read from `path`), as quiz JSON; problems appended.
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
