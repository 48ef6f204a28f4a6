// The table of languages the kiosk serves in the Mekong region, with the Noto font for each
// script. Catalogs for them arrive one by one; a language shows in the picker once its catalog
// does.
#include "i18n/i18n.h"

namespace kiosk::i18n {

const std::vector<Language>& KnownLanguages() {
  static const std::vector<Language> kLanguages = {
      {"en", "English", "English", Script::kLatin},
      {"zh_CN", "简体中文", "Chinese (Simplified)", Script::kHan},
      {"th", "ไทย", "Thai", Script::kThai},
      {"vi", "Tiếng Việt", "Vietnamese", Script::kLatin},
      {"km", "ខ្មែរ", "Khmer", Script::kKhmer},
      {"lo", "ລາວ", "Lao", Script::kLao},
      {"my", "မြန်မာ", "Burmese", Script::kMyanmar},
  };
  return kLanguages;
}

const Language* FindLanguage(std::string_view code) {
  for (const Language& language : KnownLanguages()) {
    if (code == language.code) return &language;
  }
  return nullptr;
}

FontFace FontFor(Script script) {
  switch (script) {
    case Script::kLatin:
      return {"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 0};
    case Script::kHan:
      // Face 2 of the collection is Noto Sans CJK SC (0 JP, 1 KR, 2 SC, 3 TC, 4 HK): simplified
      // Chinese glyph shapes differ from the Japanese default ones.
      return {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2};
    case Script::kThai:
      return {"/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf", 0};
    case Script::kLao:
      return {"/usr/share/fonts/truetype/noto/NotoSansLao-Regular.ttf", 0};
    case Script::kKhmer:
      return {"/usr/share/fonts/truetype/noto/NotoSansKhmer-Regular.ttf", 0};
    case Script::kMyanmar:
      return {"/usr/share/fonts/truetype/noto/NotoSansMyanmar-Regular.ttf", 0};
    case Script::kYi:
      return {"/usr/share/fonts/truetype/noto/NotoSansYi-Regular.ttf", 0};
    case Script::kTaiLe:
      return {"/usr/share/fonts/truetype/noto/NotoSansTaiLe-Regular.ttf", 0};
    case Script::kNewTaiLue:
      return {"/usr/share/fonts/truetype/noto/NotoSansNewTaiLue-Regular.ttf", 0};
    case Script::kTaiTham:
      return {"/usr/share/fonts/truetype/noto/NotoSansTaiTham-Regular.ttf", 0};
  }
  return FontFor(Script::kLatin);
}

}  // namespace kiosk::i18n
