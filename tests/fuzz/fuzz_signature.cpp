// libFuzzer: a .minisig file checked against a fixed trusted key.
#include <cstddef>
#include <cstdint>
#include <string>

#include "packs/packs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const kiosk::packs::PublicKey key = [] {
    kiosk::packs::PublicKey k{};
    k.id = {1, 2, 3, 4, 5, 6, 7, 8};
    return k;
  }();
  const std::string signature(reinterpret_cast<const char*>(data), size);
  (void)kiosk::packs::Verify({key}, "manifest", signature, "fuzz");
  return 0;
}
