// Leaflets on the whole kiosk, headless: a pack's leaflet of pages made by ImageMagick, each
// page four upright stripes of colour (so that what the screen shows says which page, and which
// part of it, is there), opened from the library, swiped to its end and counted, zoomed by a
// double tap where the finger is, moved zoomed, pinched; a leaflet without pages in the
// visitor's language shows another's. And a topic's picture, on its quizzes' tiles.
#include <cstdlib>
#include <fstream>
#include <thread>

#include "app/app_fixture.h"
#include "image/image.h"

namespace kiosk::app {
namespace {

// Each page's stripes, left to right, in ImageMagick's colour names and as RGB.
struct Stripes {
  const char* names[4];
  std::uint32_t rgb[4];
};
constexpr Stripes kPages[] = {
    {{"red", "lime", "blue", "yellow"}, {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00}},
    {{"magenta", "cyan", "white", "black"}, {0xFF00FF, 0x00FFFF, 0xFFFFFF, 0x000000}},
    {{"orange", "purple", "green", "navy"}, {0xFFA500, 0x800080, 0x008000, 0x000080}},
};

class LeafletTest : public AppTest {
 protected:
  // A pack whose leaflet "steps" has the pages above in `language`, its topic "work".
  std::string Store(const std::string& language = "en") {
    const fs::path source = TempDir("source");
    fs::create_directories(source / "leaflets");
    fs::create_directories(source / "pages");
    std::ofstream(source / "pack.json")
        << R"({"id": "county", "version": 1, "expires": "2099-12-31", "publisher": "County"})";
    std::ofstream(source / "topics.json")
        << R"([{"id": "work", "title": {"en": "Work"}, "picture": "pages/work.png"}])";
    EXPECT_EQ(std::system(
                  ("convert -size 400x300 xc:orange '" + (source / "pages/work.png").string() + "'")
                      .c_str()),
              0);
    fs::create_directories(source / "quizzes");
    std::ofstream(source / "quizzes/work.json")
        << R"({"topic": "work", "title": {"en": "Work quiz"},
      "questions": [{"kind": "single", "text": {"en": "Who keeps your ID card?"},
        "explanation": {"en": "You do."},
        "answers": [{"text": {"en": "You"}, "correct": true}, {"text": {"en": "The boss"}}]}]})";
    std::string pages;
    for (std::size_t p = 0; p < std::size(kPages); ++p) {
      const std::string file = "pages/" + std::to_string(p + 1) + ".png";
      std::string command = "convert";
      for (const char* name : kPages[p].names) command += std::string(" -size 100x566 xc:") + name;
      command += " +append '" + (source / file).string() + "'";
      EXPECT_EQ(std::system(command.c_str()), 0) << command;
      pages += (p ? ", \"" : "\"") + file + "\"";
    }
    std::ofstream(source / "leaflets/steps.json")
        << R"({"topic": "work", "title": {"en": "Steps to safety"}, "pages": {")" << language
        << R"(": [)" << pages << "]}}";
    EXPECT_TRUE(packs::GenerateKey((TempDir("keys") / "county").string()).ok());
    fs::copy_file(TempDir("keys") / "county.pub", TempDir("trust") / "county.pub",
                  fs::copy_options::overwrite_existing);
    const std::string pack = (TempDir("packs") / "county.kpack").string();
    const base::Result<packs::Manifest> built =
        packs::BuildPack(source.string(), (TempDir("keys") / "county.key").string(), pack);
    EXPECT_TRUE(built.ok()) << built.error();
    const fs::path store = TempDir("store-" + language);
    const base::Result<packs::Installed> installed =
        packs::InstallPack(pack, store.string(), TempDir("trust").string(), packs::Today());
    EXPECT_TRUE(installed.ok()) << installed.error();
    return store.string();
  }

  // Draws until the pictures asked for are decoded and shown.
  void UntilDecoded() {
    for (int i = 0; i < 200 && app->Working(); ++i) {
      std::this_thread::sleep_for(20ms);
      Settle();
    }
    ASSERT_FALSE(app->Working());
  }

  // The colour on the screen at (x, y), as RGB: as the last frame left it.
  std::uint32_t Pixel(float x, float y, const std::string& name) {
    const fs::path path = TempDir("shots") / (name + ".png");
    EXPECT_TRUE(app->ScreenshotAsShown(path.string()).ok());
    base::Result<image::Pixels> shot = image::Decode(path.string(), 4096, 4096);
    EXPECT_TRUE(shot.ok()) << shot.error();
    if (!shot) return 0x123456;
    const image::Pixels& p = shot.value();
    const std::uint32_t c = p.rgba[static_cast<std::size_t>(y) * static_cast<std::size_t>(p.width) +
                                   static_cast<std::size_t>(x)];
    return ((c & 0xFF) << 16) | (c & 0xFF00) | ((c >> 16) & 0xFF);  // IM_COL32 to RGB
  }

  // The colour at a fraction of the screen's width, half way down (the page's view).
  std::uint32_t At(float fraction, const std::string& name) {
    return Pixel(fraction * 1280, 360, name);
  }

  void DoubleTap(ImVec2 at) {
    for (int tap = 0; tap < 2; ++tap) {
      Finger(Kind::kPointerDown, at);
      Finger(Kind::kPointerUp, at);
      clock.Advance(100ms);
    }
  }

  // Two fingers of a touchscreen about `at`, `from` px apart, moved to `to` apart.
  void Pinch(ImVec2 at, float from, float to) {
    auto fingers = [&](Kind kind, float apart) {
      app->Platform().PushPointer(kind, at.x - apart / 2, at.y, 1);
      app->Platform().PushPointer(kind, at.x + apart / 2, at.y, 2);
      Settle();
    };
    fingers(Kind::kPointerDown, from);
    for (int step = 1; step <= 10; ++step) {
      clock.Advance(16ms);
      fingers(Kind::kPointerMove, from + (to - from) * static_cast<float>(step) / 10);
    }
    fingers(Kind::kPointerUp, to);
  }

  void Open() {
    Tap("Videos");
    UntilDecoded();
    ASSERT_TRUE(OnScreen("Videos and leaflets"));
    ASSERT_TRUE(OnScreen("3 pages"));
    Tap("Steps to safety");
    UntilDecoded();
  }
};

TEST_F(LeafletTest, ALeafletIsSwipedToItsEndAndCounted) {
  Start(1280, 720, Store());
  Open();
  EXPECT_TRUE(OnScreen("1 / 3"));
  EXPECT_EQ(At(0.6f, "page-1"), kPages[0].rgb[2]) << "the first page, at the screen's width";
  EXPECT_EQ(app->CountOf("leaflet_opened", "steps"), 1);
  EXPECT_EQ(app->CountOf("leaflet_completed", "steps"), 0);

  // A finger moved a little sideways: the page springs back.
  Drag(ImVec2(700, 360), ImVec2(670, 365));
  EXPECT_TRUE(OnScreen("1 / 3"));
  // A swipe to the left: the next page.
  Drag(ImVec2(1000, 360), ImVec2(300, 380));
  EXPECT_TRUE(OnScreen("2 / 3"));
  UntilDecoded();
  EXPECT_EQ(At(0.6f, "page-2"), kPages[1].rgb[2]);
  // To the right: back; the arrow: on again, twice, to the end.
  Drag(ImVec2(300, 360), ImVec2(1000, 360));
  EXPECT_TRUE(OnScreen("1 / 3"));
  EXPECT_FALSE(OnScreen("Previous page")) << "nothing before the first page";
  Tap("Next page");
  EXPECT_TRUE(OnScreen("2 / 3"));
  // Swiped onto the last page: shown, and counted, with no other frame to come.
  Drag(ImVec2(1000, 360), ImVec2(300, 360));
  EXPECT_TRUE(OnScreen("3 / 3"));
  EXPECT_FALSE(OnScreen("Next page")) << "nothing after the last page";
  UntilDecoded();
  EXPECT_EQ(At(0.6f, "page-3"), kPages[2].rgb[2]);
  EXPECT_EQ(app->CountOf("leaflet_completed", "steps"), 1);
  // A page at rest draws nothing more.
  clock.Advance(10s);
  app->PumpEvents(0);
  EXPECT_FALSE(app->NeedsFrame());

  // Opened again, from its first page: counted again, completed only at its end.
  Tap("Back");
  Tap("Steps to safety");
  EXPECT_TRUE(OnScreen("1 / 3"));
  EXPECT_EQ(app->CountOf("leaflet_opened", "steps"), 2);
  EXPECT_EQ(app->CountOf("leaflet_completed", "steps"), 1);
}

TEST_F(LeafletTest, ADoubleTapZoomsAtTheFingerADragMovesItAndTwoFingersPinch) {
  Start(1280, 720, Store());
  Open();
  const std::uint32_t* stripes = kPages[0].rgb;  // each a quarter of the screen's width at first
  ASSERT_EQ(At(0.7f, "flat"), stripes[2]);
  // Twice as large about the finger at 1/8 of the width: what was under it stays, and 0.7 of
  // the width now shows the page's 0.41, the second stripe.
  DoubleTap(ImVec2(160, 360));
  UntilDecoded();
  EXPECT_EQ(At(0.125f, "zoomed"), stripes[0]) << "under the finger";
  EXPECT_EQ(At(0.7f, "zoomed"), stripes[1]);
  // A drag moves the zoomed page (it does not turn it): a quarter of the width to the left
  // shows the page's 0.54 there, the third stripe.
  Drag(ImVec2(700, 360), ImVec2(380, 360));
  EXPECT_TRUE(OnScreen("1 / 3"));
  EXPECT_EQ(At(0.7f, "moved"), stripes[2]);
  // A double tap again: the whole width.
  DoubleTap(ImVec2(640, 360));
  EXPECT_EQ(At(0.1f, "back"), stripes[0]);
  EXPECT_EQ(At(0.9f, "back"), stripes[3]);
  // Two fingers moving apart about the left edge zoom in; together, out again.
  Pinch(ImVec2(100, 360), 100, 300);
  EXPECT_NE(At(0.7f, "pinched"), stripes[2]);
  EXPECT_TRUE(OnScreen("1 / 3")) << "a pinch turns no page";
  Pinch(ImVec2(100, 360), 300, 100);
  EXPECT_EQ(At(0.7f, "unpinched"), stripes[2]);
}

TEST_F(LeafletTest, ALeafletWithoutPagesInTheVisitorsLanguageShowsAnothers) {
  Start(1280, 720, Store("zh_CN"));
  Open();
  EXPECT_TRUE(OnScreen("1 / 3"));
  EXPECT_EQ(At(0.6f, "chinese"), kPages[0].rgb[2]);
}

TEST_F(LeafletTest, AQuizTileShowsItsTopicsPicture) {
  Start(1280, 720, Store());
  Tap("Quizzes");
  UntilDecoded();
  const ui::Label* tile = Find("Work quiz");
  ASSERT_NE(tile, nullptr);
  // The picture on the tile's left, the quiz's name on its right.
  const ImVec2 left(tile->rect.Min.x + 40, tile->rect.GetCenter().y);
  EXPECT_EQ(Pixel(left.x, left.y, "quizzes"), 0xFFA500u) << "the topic's orange";
}

}  // namespace
}  // namespace kiosk::app
