// What the files of kiosk/packs share. Not for use outside it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "packs/packs.h"

namespace kiosk::packs {

// libsodium started (once, any thread); false when it could not.
bool SodiumReady();
std::string Hex(const std::uint8_t* data, std::size_t size);
// The questions of a quiz sheet (CSV text read from `path`), as quiz JSON; problems appended.
nlohmann::json QuestionsFromCsv(const std::string& text, const std::filesystem::path& path,
                                std::vector<std::string>* problems);

}  // namespace kiosk::packs
