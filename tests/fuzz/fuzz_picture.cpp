// libFuzzer: a picture a pack or a stick brings (PNG, JPEG, WebP, or anything named so): the
// header checks, and what passes them decoded, turned and scaled as the kiosk does.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "image/image.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)kiosk::image::DecodeBytes(bytes, "fuzz.png", 64, 48);
  return 0;
}
