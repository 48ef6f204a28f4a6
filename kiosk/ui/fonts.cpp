// The font atlas: Noto faces for every script the loaded languages use, rasterized by FreeType
// with only the glyphs the kiosk can show (a full Chinese atlas at touch sizes would be over
// 100 MiB; the few hundred characters of the UI fit in a few). Main thread, at start.
#include <imgui_freetype.h>

#include <fstream>
#include <set>

#include "ui/ui.h"

namespace kiosk::ui {
namespace {

// Heights in millimetres on the real screen: large enough for people who read little.
constexpr float kSmallMm = 5.0f;
constexpr float kBodyMm = 7.0f;
constexpr float kTitleMm = 10.0f;

const char* PackageOf(const char* path) {
  return std::string_view(path).find("CJK") != std::string_view::npos ? "fonts-noto-cjk"
                                                                      : "fonts-noto-core";
}

}  // namespace

float Ui::PxFor(FontSize size) const {
  switch (size) {
    case FontSize::kSmall:
      return std::round(Mm(kSmallMm));
    case FontSize::kBody:
      return std::round(Mm(kBodyMm));
    case FontSize::kTitle:
      return std::round(Mm(kTitleMm));
  }
  return std::round(Mm(kBodyMm));
}

ImFont* Ui::FontFor(FontSize size) const {
  ImFont* font = m_fonts[static_cast<int>(size)];
  IM_ASSERT(font != nullptr && "Ui::BuildFonts() must run before the first frame");
  return font;
}

std::vector<std::string> Ui::BuildFonts(const std::vector<const i18n::Language*>& languages,
                                        const std::string& text) {
  std::vector<std::string> problems;
  ImGui::SetCurrentContext(m_imgui);
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  atlas->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;

  ImFontGlyphRangesBuilder ranges;
  ranges.AddRanges(atlas->GetGlyphRangesDefault());
  ranges.AddText(text.c_str());
  m_glyphRanges.clear();
  ranges.BuildRanges(&m_glyphRanges);

  // Latin first (digits and punctuation look the same in every language), then one face per
  // script; a glyph comes from the first face that has it.
  std::vector<i18n::FontFace> faces = {i18n::FontFor(i18n::Script::kLatin)};
  std::set<std::string> seen = {faces.front().path};
  for (const i18n::Language* language : languages) {
    i18n::FontFace face = i18n::FontFor(language->script);
    if (seen.insert(face.path).second) faces.push_back(face);
  }
  std::vector<std::vector<char>> data;
  std::vector<i18n::FontFace> loaded;
  for (const i18n::FontFace& face : faces) {
    std::ifstream in(face.path, std::ios::binary | std::ios::ate);
    std::vector<char> bytes(in ? static_cast<size_t>(in.tellg()) : 0);
    in.seekg(0);
    if (bytes.empty() || !in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
      problems.push_back(std::string("font ") + face.path + ": missing or unreadable (install " +
                         PackageOf(face.path) + ")");
      continue;
    }
    data.push_back(std::move(bytes));
    loaded.push_back(face);
  }

  for (FontSize size : {FontSize::kSmall, FontSize::kBody, FontSize::kTitle}) {
    ImFont* font = nullptr;
    for (size_t i = 0; i < loaded.size(); ++i) {
      ImFontConfig config;
      config.FontDataOwnedByAtlas = false;  // one copy of each file serves all three sizes
      config.FontNo = loaded[i].index;
      config.MergeMode = i > 0;
      config.OversampleH = config.OversampleV = 1;  // FreeType hints; no oversampling needed
      if (size == FontSize::kTitle) config.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_Bold;
      ImFont* added = atlas->AddFontFromMemoryTTF(data[i].data(), static_cast<int>(data[i].size()),
                                                  PxFor(size), &config, m_glyphRanges.Data);
      if (!font) font = added;
    }
    // Without any Noto face, ImGui's own small font keeps the kiosk readable for staff.
    if (!font) {
      ImFontConfig config;
      config.SizePixels = PxFor(size);
      font = atlas->AddFontDefault(&config);
    }
    m_fonts[static_cast<int>(size)] = font;
  }
  if (!atlas->Build()) problems.push_back("font atlas: FreeType could not build it");
  atlas->ClearInputData();  // the files' bytes are freed with `data`
  return problems;
}

}  // namespace kiosk::ui
