// What the files of kiosk/packs share. Not for use outside it.
#pragma once

#include <cstdint>
#include <string>

#include "packs/packs.h"

namespace kiosk::packs {

// libsodium started (once, any thread); false when it could not.
bool SodiumReady();
std::string Hex(const std::uint8_t* data, std::size_t size);

}  // namespace kiosk::packs
