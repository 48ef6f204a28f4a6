// libFuzzer: manifest.json text, as an attacker could put in a pack.
#include <cstddef>
#include <cstdint>
#include <string>

#include "packs/packs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)kiosk::packs::ParseManifest(text, "fuzz");
  return 0;
}
