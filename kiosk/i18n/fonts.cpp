// Which installed fonts can show which characters: fontconfig lists every font with its
// character set (from its cache, without opening the files), for the text engine's fallback and
// for `kioskctl pack build`'s warning about characters no font has. Any thread; each
// InstalledFonts is read-only once found.
#include <fontconfig/fontconfig.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "i18n/i18n.h"

namespace kiosk::i18n {

bool IsIgnorable(char32_t cp) {
  return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_DEFAULT_IGNORABLE_CODE_POINT) != 0;
}

struct InstalledFonts::Sets {
  ~Sets() {
    for (FcCharSet* set : fallback) FcCharSetDestroy(set);
    if (all) FcCharSetDestroy(all);
  }
  std::vector<FcCharSet*> fallback;  // one per InstalledFonts::m_fallback, same order
  FcCharSet* all = nullptr;          // script fonts and fallback fonts together
};

namespace {

struct Candidate {
  FontFace face;
  std::string family;
  FcCharSet* chars;  // owned by the font set it came from
  bool regular;
};

// Fallback order: regular upright before other styles, Noto before other families, sans before
// serif, then by name so that the order is the same on every kiosk.
auto OrderKey(const Candidate& c) {
  const bool noto = c.family.starts_with("Noto ");
  const bool sans = c.family.starts_with("Noto Sans");
  return std::make_tuple(!c.regular, !noto, !sans, c.family, c.face.path, c.face.index);
}

}  // namespace

InstalledFonts InstalledFonts::Find() {
  InstalledFonts fonts;
  auto sets = std::make_shared<Sets>();
  sets->all = FcCharSetCreate();
  FcConfig* config = FcInitLoadConfigAndFonts();
  if (!config) {
    fonts.m_sets = sets;
    return fonts;
  }
  FcPattern* any = FcPatternCreate();
  FcObjectSet* wanted = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_FAMILY, FC_WEIGHT, FC_SLANT,
                                         FC_WIDTH, FC_CHARSET, FC_COLOR, FC_OUTLINE, nullptr);
  FcFontSet* list = FcFontList(config, any, wanted);
  FcObjectSetDestroy(wanted);
  FcPatternDestroy(any);

  std::vector<Candidate> candidates;
  for (int i = 0; list && i < list->nfont; ++i) {
    FcPattern* font = list->fonts[i];
    FcChar8* file = nullptr;
    FcChar8* family = nullptr;
    FcCharSet* chars = nullptr;
    int index = 0, weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN, width = FC_WIDTH_NORMAL;
    FcBool color = FcFalse, outline = FcTrue;
    if (FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch ||
        FcPatternGetCharSet(font, FC_CHARSET, 0, &chars) != FcResultMatch) {
      continue;
    }
    FcPatternGetInteger(font, FC_INDEX, 0, &index);
    FcPatternGetString(font, FC_FAMILY, 0, &family);
    FcPatternGetInteger(font, FC_WEIGHT, 0, &weight);
    FcPatternGetInteger(font, FC_SLANT, 0, &slant);
    FcPatternGetInteger(font, FC_WIDTH, 0, &width);
    FcPatternGetBool(font, FC_COLOR, 0, &color);
    FcPatternGetBool(font, FC_OUTLINE, 0, &outline);
    // A variable font's named instances carry their instance in the index's upper bits; the
    // engine opens plain faces only, and the default instance is listed as well.
    if (color || !outline || index > 0xFFFF) continue;
    candidates.push_back({{reinterpret_cast<const char*>(file), index},
                          family ? reinterpret_cast<const char*>(family) : "",
                          chars,
                          (weight == FC_WEIGHT_REGULAR || weight == FC_WEIGHT_BOOK) &&
                              slant == FC_SLANT_ROMAN && width == FC_WIDTH_NORMAL});
  }
  // The script fonts come first in the engine; what they have is covered already.
  for (Script script : kAllScripts) {
    const FontFace face = FontFor(script);
    for (const Candidate& c : candidates) {
      if (c.face.path == face.path && c.face.index == face.index)
        FcCharSetMerge(sets->all, c.chars, nullptr);
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return OrderKey(a) < OrderKey(b); });
  for (const Candidate& c : candidates) {
    if (FcCharSetSubtractCount(c.chars, sets->all) == 0) continue;
    FcCharSetMerge(sets->all, c.chars, nullptr);
    fonts.m_fallback.push_back(c.face);
    sets->fallback.push_back(FcCharSetCopy(c.chars));
  }
  if (list) FcFontSetDestroy(list);
  FcConfigDestroy(config);
  fonts.m_sets = sets;
  return fonts;
}

bool InstalledFonts::FallbackHas(std::size_t i, char32_t cp) const {
  return FcCharSetHasChar(m_sets->fallback[i], cp) != FcFalse;
}

bool InstalledFonts::Shows(char32_t cp) const {
  return cp < 0x20 || IsIgnorable(cp) || (m_sets && FcCharSetHasChar(m_sets->all, cp) != FcFalse);
}

// [SECTION] Pack sources

namespace {

// "U+12F90 U+12F91": the characters of utf8 that no installed font has, each once; "" when none.
// Malformed UTF-8 is left to the pack's own checks.
std::string Uncovered(const InstalledFonts& fonts, const std::string& utf8) {
  std::vector<char32_t> missing;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto length = static_cast<std::int32_t>(utf8.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 cp = 0;
    U8_NEXT(bytes, i, length, cp);
    if (cp < 0 || fonts.Shows(static_cast<char32_t>(cp))) continue;
    if (std::find(missing.begin(), missing.end(), cp) == missing.end()) missing.push_back(cp);
  }
  std::string out;
  for (char32_t cp : missing) {
    char code[16];
    std::snprintf(code, sizeof code, "%sU+%04X", out.empty() ? "" : " ", static_cast<unsigned>(cp));
    out += code;
  }
  return out;
}

void WalkJson(const InstalledFonts& fonts, const nlohmann::json& j, const std::string& field,
              const std::string& file, std::vector<std::string>* warnings) {
  if (j.is_string()) {
    const std::string missing = Uncovered(fonts, j.get<std::string>());
    if (!missing.empty()) {
      warnings->push_back(file + ": " + (field.empty() ? "(top)" : field) +
                          ": no installed font has " + missing + " (shown as boxes)");
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      WalkJson(fonts, j[i], field + "[" + std::to_string(i) + "]", file, warnings);
    }
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      WalkJson(fonts, value, field.empty() ? key : field + "." + key, file, warnings);
    }
  }
}

}  // namespace

std::vector<std::string> UncoveredText(const std::string& sourceDir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(sourceDir, error), end; !error && it != end;
       it.increment(error)) {
    const std::string extension = it->path().extension().string();
    if (it->is_regular_file(error) && (extension == ".json" || extension == ".csv" ||
                                       extension == ".tsv" || extension == ".srt")) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  const InstalledFonts fonts = InstalledFonts::Find();
  std::vector<std::string> warnings;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream read;
    read << in.rdbuf();
    const std::string text = read.str();
    if (path.extension() == ".json") {
      const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (!j.is_discarded()) WalkJson(fonts, j, "", path.string(), &warnings);
      continue;
    }
    std::istringstream lines(text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
      const std::string missing = Uncovered(fonts, line);
      if (!missing.empty()) {
        warnings.push_back(path.string() + ": line " + std::to_string(number) +
                           ": no installed font has " + missing + " (shown as boxes)");
      }
    }
  }
  return warnings;
}

}  // namespace kiosk::i18n
