// libFuzzer: a quiz sheet (CSV) as staff's spreadsheets produce them, or worse.
#include <cstddef>
#include <cstdint>
#include <string>

#include "packs/packs_internal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> problems;
  (void)kiosk::packs::QuestionsFromCsv(text, "fuzz.csv", &problems);
  return 0;
}
