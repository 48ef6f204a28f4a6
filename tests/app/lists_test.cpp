// Lists on the whole kiosk, headless, as a person sees them: a list that scrolls shows it (its
// edge fades where more of it lies beyond, in the screenshot's pixels), and a stick with 5,000
// packs is listed at the cost of one with 50.
#include <gtest/gtest.h>
#include <imgui.h>
#include <stb_image.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/app_fixture.h"

namespace kiosk::app {
namespace {

class ListsTest : public AppTest {
 protected:
  // The frame on screen, read back from a screenshot.
  void Shoot() {
    const std::string path = (TempDir("shots") / "list.png").string();
    ASSERT_TRUE(app->Screenshot(path).ok());
    int channels = 0;
    unsigned char* read = stbi_load(path.c_str(), &m_width, &m_height, &channels, 3);
    ASSERT_NE(read, nullptr);
    m_pixels.assign(read, read + static_cast<std::ptrdiff_t>(m_width) * m_height * 3);
    stbi_image_free(read);
  }

  ImU32 At(float x, float y) const {
    const unsigned char* px =
        m_pixels.data() + (static_cast<int>(y) * m_width + static_cast<int>(x)) * 3;
    return IM_COL32(px[0], px[1], px[2], 255);
  }

  // The colour 1.5 mm inside a button's face from its top or bottom edge as shown, 3 mm from its
  // left (clear of its border and its centred name).
  ImU32 NearEdge(const ui::Label& button, bool bottom) const {
    const float mm = app->Platform().PxPerMm();
    const float in = std::min(1.5f * mm, button.rect.GetHeight() / 2);
    return At(button.rect.Min.x + 3 * mm, bottom ? button.rect.Max.y - in : button.rect.Min.y + in);
  }

  // Nearer the background than the button's own colour: faded.
  static bool Faded(ImU32 seen, ImU32 face) {
    auto distance = [](ImU32 a, ImU32 b) {
      int sum = 0;
      for (int shift : {0, 8, 16}) {
        sum +=
            std::abs(static_cast<int>((a >> shift) & 0xFF) - static_cast<int>((b >> shift) & 0xFF));
      }
      return sum;
    };
    return distance(seen, ui::colors::kBackground) < distance(seen, face);
  }

  // The offered languages' buttons on screen, top to bottom.
  std::vector<const ui::Label*> Languages() const {
    std::vector<const ui::Label*> shown;
    for (const i18n::Language& language : i18n::KnownLanguages()) {
      if (const ui::Label* label = Find(language.ownName)) shown.push_back(label);
    }
    std::sort(shown.begin(), shown.end(),
              [](const ui::Label* a, const ui::Label* b) { return a->rect.Min.y < b->rect.Min.y; });
    return shown;
  }

  // A slow drag up from `from` by `by` px that rests before lifting.
  void DragUp(ImVec2 from, float by) { Drag(from, ImVec2(from.x, from.y - by), 300ms); }

  int m_width = 0, m_height = 0;
  std::vector<unsigned char> m_pixels;
};

// Issue 13, item 5: at 800x480 two languages were below the list's bottom with nothing to show it.
TEST_F(ListsTest, TheLanguageListFadesWhereMoreLanguagesAre) {
  const std::string store = DemoStore();
  for (const char* code : {"en", "my"}) {
    SCOPED_TRACE(code);
    lang = code;
    Start(800, 480, store);
    std::vector<const ui::Label*> shown = Languages();
    ASSERT_GE(shown.size(), 2u);
    ASSERT_LT(shown.size(), i18n::KnownLanguages().size()) << "the list does not scroll at 800x480";
    const ui::Label& first = *shown.front();
    const ui::Label& last = *shown.back();
    // The current language's button is yellow, the others the panel's colour.
    auto face = [&](const ui::Label& button) {
      return button.text == i18n::FindLanguage(code)->ownName ? ui::colors::kAccent
                                                              : ui::colors::kPanel;
    };
    Shoot();
    EXPECT_FALSE(Faded(NearEdge(first, false), face(first)))
        << "the top of the list is faded, though nothing is above it";
    EXPECT_TRUE(Faded(NearEdge(last, true), face(last)))
        << "the list's bottom edge does not fade: nothing shows that more languages are below";

    // Dragged to its end: the last language whole, no fade below it, a fade above.
    DragUp(first.rect.GetCenter(), 400);
    shown = Languages();
    ASSERT_EQ(shown.back()->text, i18n::KnownLanguages().back().ownName);
    Shoot();
    EXPECT_FALSE(Faded(NearEdge(*shown.back(), true), face(*shown.back())))
        << "the bottom still fades at the end of the list";
    EXPECT_TRUE(Faded(NearEdge(*shown.front(), false), face(*shown.front())))
        << "the top does not fade, though languages are above it";
  }
}

// Issue 13, item 22: 5,000 packs on a stick made one swipe of the list take 60 s of CPU.
class LongStickTest : public ListsTest {
 protected:
  // A stick holding `count` packs pack-0000.kpack...: real copies of the demo pack (hard links,
  // so that 5,000 of them take no room).
  fs::path Stick(std::size_t count) {
    const fs::path stick = TempDir("stick-" + std::to_string(count));
    const fs::path first = stick / "pack-0000.kpack";
    fs::copy_file(KIOSK_DEMO_PACK, first);
    for (std::size_t i = 1; i < count; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "pack-%04zu.kpack", i);
      fs::create_hard_link(first, stick / name);
    }
    return stick;
  }

  // The stick's screen, in staff mode.
  void Open(const fs::path& stick) {
    Start(800, 480);
    EnterStaffMode();
    ASSERT_TRUE(app->InsertStick(stick.string()));
    Settle();
    // A stick with packs brings staff to its screen.
    ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffUsb);
    ASSERT_TRUE(OnScreen("pack-0000.kpack"));
  }

  // What the last frame gave the renderer, and the labels it laid out.
  struct Cost {
    int vertices, commands;
    std::size_t labels;
  };
  Cost Drawn() const {
    const ImDrawData* data = ImGui::GetDrawData();
    int commands = 0;
    for (int i = 0; i < data->CmdListsCount; ++i) commands += data->CmdLists[i]->CmdBuffer.Size;
    return {data->TotalVtxCount, commands, app->Labels().size()};
  }

  // A quick flick up; frames run until the list stops. Time moves a quarter second a frame while
  // it coasts, so that 5,000 packs are crossed in few frames.
  void Fling() {
    const ImVec2 from(400, 400);
    app->Platform().PushPointer(Kind::kPointerDown, from.x, from.y);
    for (int i = 1; i <= 3; ++i) {
      app->PumpEvents(0);
      app->DrawFrame();
      clock.Advance(16ms);
      app->Platform().PushPointer(Kind::kPointerMove, from.x,
                                  from.y - 100.0f * static_cast<float>(i));
    }
    app->Platform().PushPointer(Kind::kPointerUp, from.x, from.y - 300);
    for (int frames = 0; frames < 100; ++frames) {
      app->PumpEvents(0);
      if (!app->NeedsFrame()) break;
      app->DrawFrame();
      clock.Advance(234ms);
    }
  }
};

TEST_F(LongStickTest, FiveThousandPacksAreDrawnAtTheCostOfFifty) {
  Open(Stick(50));
  const Cost fifty = Drawn();
  DragUp(ImVec2(400, 400), 250);
  const Cost fiftyDragged = Drawn();
  ASSERT_FALSE(OnScreen("pack-0000.kpack")) << "the drag did not scroll the list";

  Open(Stick(5000));
  const Cost many = Drawn();
  EXPECT_EQ(many.vertices, fifty.vertices) << "packs out of view were drawn";
  EXPECT_EQ(many.commands, fifty.commands);
  EXPECT_EQ(many.labels, fifty.labels) << "packs out of view were laid out";
  DragUp(ImVec2(400, 400), 250);
  const Cost manyDragged = Drawn();
  EXPECT_EQ(manyDragged.vertices, fiftyDragged.vertices);
  EXPECT_EQ(manyDragged.labels, fiftyDragged.labels);
}

TEST_F(LongStickTest, TheLastOfFiveThousandPacksIsReachedByFlinging) {
  Open(Stick(5000));
  int flings = 0;
  while (!Find("pack-4999.kpack") && flings < 500) {
    Fling();
    ++flings;
  }
  ASSERT_NE(Find("pack-4999.kpack"), nullptr) << "after " << flings << " flings";
  EXPECT_TRUE(Find("pack-4999.kpack")->tappable);
  // Below the packs, the rest of the screen follows them.
  for (int i = 0; i < 3 && !OnScreen("Copy the counts to the stick"); ++i) Fling();
  EXPECT_TRUE(OnScreen("Copy the counts to the stick"));
}

}  // namespace
}  // namespace kiosk::app
