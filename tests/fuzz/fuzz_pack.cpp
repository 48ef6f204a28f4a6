// libFuzzer: the tar walk of a .kpack, with a trusted key (FUZZ_TRUST_DIR, default ./trust).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "packs/packs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string trust =
      std::getenv("FUZZ_TRUST_DIR") ? std::getenv("FUZZ_TRUST_DIR") : "trust";
  static const std::string path = "/tmp/kiosk-fuzz-" + std::to_string(getpid()) + ".kpack";
  FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) return 0;
  std::fwrite(data, 1, size, file);
  std::fclose(file);
  (void)kiosk::packs::VerifyPack(path, trust, "2026-11-30");
  return 0;
}
