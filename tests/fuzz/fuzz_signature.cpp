// libFuzzer: a .minisig file checked against a trusted key. The seed corpus holds a real
// signature by this key (made from the same seed), so mutations reach the trusted comment and the
// global signature, not only the parsing.
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "packs/packs.h"

namespace {

const std::string kData = "manifest";

kiosk::packs::SecretKey FixedKey(kiosk::packs::PublicKey* pub) {
  unsigned char seed[crypto_sign_SEEDBYTES] = {42};
  kiosk::packs::SecretKey secret{};
  secret.id = {1, 2, 3, 4, 5, 6, 7, 8};
  pub->id = secret.id;
  crypto_sign_seed_keypair(pub->key.data(), secret.key.data(), seed);
  return secret;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // FUZZ_WRITE_SEED=path writes a valid signature for the corpus.
  if (const char* path = std::getenv("FUZZ_WRITE_SEED")) {
    kiosk::packs::PublicKey pub{};
    const kiosk::packs::SecretKey secret = FixedKey(&pub);
    const std::string signature =
        kiosk::packs::Sign(secret, kData, "pack:demo version:1 expires:2030-01-01");
    if (FILE* f = std::fopen(path, "wb")) {
      std::fwrite(signature.data(), 1, signature.size(), f);
      std::fclose(f);
    }
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static kiosk::packs::PublicKey pub{};
  static const kiosk::packs::SecretKey secret = FixedKey(&pub);
  (void)secret;
  const std::string signature(reinterpret_cast<const char*>(data), size);
  (void)kiosk::packs::Verify({pub}, kData, signature, "fuzz");
  return 0;
}
