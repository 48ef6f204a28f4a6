// Text cut for lack of room, as the widgets draw it in real ImGui frames: a title longer than its
// tile at 800x480 ends in the ellipsis glyph on its last visible line, and no line is drawn
// through the tile's edge. English, and Thai and Burmese, which write no spaces between words.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ui/ui.h"

namespace kiosk::ui {
namespace {

// 96 dpi, as the headless kiosk reports it.
constexpr float kPxPerMm = 96 / 25.4f;
const auto kTextTexture = reinterpret_cast<ImTextureID>(1);

struct Quad {
  ImVec2 min, max, uv0;
};

// Every glyph the text engine put in the last frame's draw lists, in drawing order.
std::vector<Quad> GlyphQuads() {
  std::vector<Quad> quads;
  const ImDrawData* data = ImGui::GetDrawData();
  for (int l = 0; l < data->CmdListsCount; ++l) {
    const ImDrawList* list = data->CmdLists[l];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.TextureId != kTextTexture) continue;
      // ImDrawList::PrimRectUV: indices a, a+1, a+2, a, a+2, a+3; a is the top left corner.
      for (unsigned i = cmd.IdxOffset; i + 5 < cmd.IdxOffset + cmd.ElemCount; i += 6) {
        const ImDrawVert& a =
            list->VtxBuffer[static_cast<int>(cmd.VtxOffset + list->IdxBuffer[static_cast<int>(i)])];
        const ImDrawVert& c = list->VtxBuffer[static_cast<int>(
            cmd.VtxOffset + list->IdxBuffer[static_cast<int>(i + 2)])];
        quads.push_back({a.pos, c.pos, a.uv});
      }
    }
  }
  return quads;
}

struct Case {
  const char* lang;
  const char* title;
  const char* letterAndEllipsis;  // "…" after a letter of the script: in the script's font
};

TEST(TextCutTest, ATitleLongerThanItsTileEndsInAnEllipsisOnItsLastLine) {
  const Case cases[] = {
      {"en",
       "How to check a job offer abroad before you travel, and what your contract must say "
       "about wages, hours, days off, your passport, your phone, your debts, your rest days, "
       "your health, your safety and who to call when something goes wrong. Ask the staff of the "
       "Women's Home to read the contract with you before you sign it",
       "a\u2026"},
      {"th",
       "วิธีตรวจสอบข้อเสนองานในต่างประเทศก่อนเดินทางและสิ่งที่สัญญาจ้างต้องระบุเกี่ยวกับค่าจ้าง"
       "ชั่วโมงทำงานวันหยุดและหนังสือเดินทางของคุณโทรศัพท์ของคุณหนี้สินของคุณสุขภาพของคุณ"
       "ความปลอดภัยของคุณและควรโทรหาใครเมื่อมีปัญหา"
       "ขอให้เจ้าหน้าที่บ้านสตรีอ่านสัญญากับคุณก่อนที่คุณจะลงนาม",
       "\u0E01\u2026"},
      {"my",
       "နိုင်ငံခြားတွင်အလုပ်ကမ်းလှမ်းချက်ကိုခရီးမထွက်မီစစ်ဆေးနည်းနှင့်လုပ်ခလစာအလုပ်ချိန်"
       "နားရက်နှင့်နိုင်ငံကူးလက်မှတ်အကြောင်းစာချုပ်တွင်ပါရမည့်အချက်များနှင့်ပြဿနာတစ်ခုခု"
       "ဖြစ်လာသောအခါမည်သူ့ကိုဖုန်းဆက်ရမည်နည်း",
       "\u1000\u2026"},
  };
  base::ManualClock clock;
  Ui ui(clock, kPxPerMm);
  ASSERT_TRUE(ui.LoadFonts().empty());
  ui.TextEngine().SetTexture(kTextTexture);
  // A video tile at 800x480, as the Videos screen places it.
  const ImRect tile(18, 94, 392, 318);
  constexpr int kSizes = 3;
  for (const Case& c : cases) {
    ui.SetLanguage(c.lang);
    // Frames until one finds room for every glyph in the atlas (it grows as the kiosk's does).
    for (int frame = 0; frame == 0 || ui.TextEngine().NeedsRedraw(); ++frame) {
      ASSERT_LT(frame, 8);
      if (frame > 0) ui.TextEngine().GrowAtlas();
      ui.BeginFrame(800, 480);
      ui.Tile(c.title, "Safe migration", tile, colors::kVideos, Icon::kPlay);
      // The ellipsis in each size below the tile, to know its glyph.
      for (int s = 0; s < kSizes; ++s) {
        const float x = 200.0f * static_cast<float>(s);
        ui.Text(c.letterAndEllipsis, ImRect(x, 400, x + 200, 480), static_cast<FontSize>(s),
                colors::kText);
      }
      ui.EndFrame();
    }
    std::vector<Quad> inTile, ellipses;
    for (const Quad& q : GlyphQuads()) {
      if (q.min.y < 400) {
        inTile.push_back(q);
      } else if (ellipses.empty() || q.min.x > ellipses.back().max.x + 20) {
        ellipses.push_back(q);  // the first glyph of another size
      } else if (q.min.x > ellipses.back().min.x) {
        ellipses.back() = q;  // further right: the ellipsis, after the letter
      }
    }
    ASSERT_EQ(ellipses.size(), static_cast<std::size_t>(kSizes)) << c.lang;
    ASSERT_FALSE(inTile.empty()) << c.lang;
    float lastTop = 0;
    for (const Quad& q : inTile) {
      EXPECT_LE(q.max.y, tile.Max.y) << c.lang << ": a line drawn through the tile's edge";
      EXPECT_GE(q.min.x, tile.Min.x) << c.lang;
      EXPECT_LE(q.max.x, tile.Max.x) << c.lang;
      lastTop = std::max(lastTop, q.min.y);
    }
    // The last line: the glyphs whose tops are within half a line of the lowest top. Its
    // rightmost glyph is the ellipsis, in one of the sizes.
    const float half = (tile.GetHeight() / 10);
    const Quad* rightmost = nullptr;
    for (const Quad& q : inTile) {
      if (q.min.y > lastTop - half && (!rightmost || q.max.x > rightmost->max.x)) rightmost = &q;
    }
    ASSERT_NE(rightmost, nullptr);
    const bool isEllipsis = std::any_of(ellipses.begin(), ellipses.end(), [&](const Quad& e) {
      return e.uv0.x == rightmost->uv0.x && e.uv0.y == rightmost->uv0.y;
    });
    EXPECT_TRUE(isEllipsis) << c.lang << ": the last visible line does not end in \"…\"";
  }
}

}  // namespace
}  // namespace kiosk::ui
