// Staff mode on the whole kiosk: the hidden gesture, choosing and checking the PIN, the pad's
// lock, the installed packs with a roll back that the kiosk shows at once, and closing the kiosk,
// which only staff can do.
#include <gtest/gtest.h>

#include <fstream>

#include "app/app_fixture.h"

namespace kiosk::app {
namespace {

class StaffTest : public AppTest {
 protected:
  // A pack of one help page, version `version`, signed by a key of its own.
  std::string HotlinePack(int version, const std::string& note) {
    const fs::path source = TempDir("hotlines-" + std::to_string(version));
    std::ofstream(source / "pack.json")
        << R"({"id": "a-hotlines", "expires": "2099-12-31", "publisher": "County bureau",)"
        << R"("version": )" << version << "}";
    fs::create_directories(source / "help");
    std::ofstream(source / "help/county.json")
        << R"({"title": {"en": "County lines"}, "body": {"en": ")" << note
        << R"("}, "contacts": [{"name": {"en": "County police"}, "number": "110"}]})";
    const fs::path keys = TempDir("keys");
    if (!fs::exists(keys / "county.key")) {
      EXPECT_TRUE(packs::GenerateKey((keys / "county").string()).ok());
      fs::copy_file(keys / "county.pub", TempDir("trust") / "county.pub");
    }
    const std::string pack = (keys / ("v" + std::to_string(version) + ".kpack")).string();
    EXPECT_TRUE(packs::BuildPack(source.string(), (keys / "county.key").string(), pack).ok());
    return pack;
  }
};

TEST_F(StaffTest, AFiveSecondHoldOnTheCornerOpensThePinPadWhereStaffChooseThePin) {
  Start(1280, 720, DemoStore());
  HoldCorner(4s);
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kHome) << "4 s is not enough";
  HoldCorner(5s);
  ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffPin);
  EXPECT_TRUE(OnScreen("Choose a staff PIN: 4 to 8 digits")) << "the first time";
  TypePin("2468");
  EXPECT_TRUE(OnScreen("Enter the same PIN again"));
  TypePin("2469");
  EXPECT_TRUE(OnScreen("The two PINs differ. Start again."));
  TypePin("2468");
  TypePin("2468");
  ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaff);
  EXPECT_TRUE(OnScreen("Installed packs"));
  EXPECT_TRUE(OnScreen("demo · version"));
  EXPECT_TRUE(OnScreen("3 videos, 2 quizzes, 1 survey, 1 contest set"));
  EXPECT_EQ(Find("Roll back"), nullptr) << "one version only";
  Tap("Back");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kHome) << "Back leaves, past the pad";

  // The next time the PIN is asked for, and a wrong one is refused.
  HoldCorner(5s);
  EXPECT_TRUE(OnScreen("Staff PIN"));
  Tap("OK");  // an empty entry is not a try
  EXPECT_FALSE(OnScreen("Wrong PIN"));
  TypePin("1111");
  EXPECT_TRUE(OnScreen("Wrong PIN. Tries left: 4"));
  TypePin("2468");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaff);
  Tap("Leave staff mode");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kHome);
}

TEST_F(StaffTest, EachPacksItemsAreCountedInTheLanguagesOwnPluralForms) {
  // Beside the demo pack (one survey), a pack of two surveys and nothing else.
  const fs::path source = TempDir("surveys");
  std::ofstream(source / "pack.json")
      << R"({"id": "b-surveys", "expires": "2099-12-31", "publisher": "County bureau",)"
      << R"("version": 1})";
  fs::create_directories(source / "surveys");
  for (const char* name : {"work", "health"}) {
    std::ofstream(source / "surveys" / (std::string(name) + ".json"))
        << R"({"title": {"en": "About )" << name << R"("}, "questions": [{"kind": "single", )"
        << R"("text": {"en": "Is it going well?"}, "answers": [{"text": {"en": "Yes"}}, )"
        << R"({"text": {"en": "No"}}]}]})";
  }
  const fs::path keys = TempDir("keys");
  ASSERT_TRUE(packs::GenerateKey((keys / "county").string()).ok());
  fs::copy_file(keys / "county.pub", TempDir("trust") / "county.pub");
  const std::string pack = (keys / "surveys.kpack").string();
  const base::Result<packs::Manifest> built =
      packs::BuildPack(source.string(), (keys / "county.key").string(), pack);
  ASSERT_TRUE(built.ok()) << built.error();
  const std::string store = DemoStore();
  const base::Result<packs::Installed> installed =
      packs::InstallPack(pack, store, TempDir("trust").string(), packs::Today());
  ASSERT_TRUE(installed.ok()) << installed.error();

  Start(1280, 720, store);
  EnterStaffMode();
  EXPECT_TRUE(OnScreen("3 videos, 2 quizzes, 1 survey, 1 contest set"));
  EXPECT_TRUE(OnScreen("0 videos, 0 quizzes, 2 surveys, 0 contest sets"));
  EXPECT_FALSE(OnScreen("1 surveys"));

  // Chinese has one form for every number (Plural-Forms: nplurals=1).
  lang = "zh_CN";
  Start(1280, 720, store);
  HoldCorner(5s);
  for (const char* digit : {"2", "4", "6", "8"}) Tap(digit);
  Tap("确定");  // the Chinese pad's OK
  ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaff);
  EXPECT_TRUE(OnScreen("3 个视频, 2 个知识问答, 1 份问卷, 1 套竞赛题目"));
  EXPECT_TRUE(OnScreen("0 个视频, 0 个知识问答, 2 份问卷, 0 套竞赛题目"));
}

TEST_F(StaffTest, StaffScreensCloseSoonAndAPinCanOnlyBeChosenBeforeTheFirstIdleReset) {
  Start(1280, 720, DemoStore());
  clock.Advance(91s);
  Settle();  // the first idle reset: a visitor may come now
  ASSERT_TRUE(app->Attracting());
  Finger(Kind::kPointerDown, ImVec2(640, 360));
  Finger(Kind::kPointerUp, ImVec2(640, 360));
  HoldCorner(5s);
  EXPECT_TRUE(OnScreen("No staff PIN is set yet: restart the kiosk and choose one at once."));
  EXPECT_EQ(Find("OK"), nullptr) << "no pad to choose one on";
  clock.Advance(31s);
  Settle();
  EXPECT_TRUE(app->Attracting()) << "staff screens wait 30 s, not the usual 90";
}

TEST_F(StaffTest, FiveWrongPinsLockThePadForAMinute) {
  Start(1280, 720, DemoStore());
  HoldCorner(5s);
  TypePin("2468");
  TypePin("2468");
  Tap("Leave staff mode");
  HoldCorner(5s);
  for (int i = 0; i < 5; ++i) TypePin("0000");
  EXPECT_TRUE(OnScreen("Too many wrong PINs. Try again at"));
  TypePin("2468");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffPin) << "locked, even the right PIN";
  clock.Advance(61s);
  TypePin("2468");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaff);
}

TEST_F(StaffTest, ARollBackIsShownAtOnceAndStaffCanCloseTheKiosk) {
  const std::string store = DemoStore();
  for (int version : {1, 2}) {
    const base::Result<packs::Installed> installed =
        packs::InstallPack(HotlinePack(version, "Lines of version " + std::to_string(version)),
                           store, TempDir("trust").string(), packs::Today());
    ASSERT_TRUE(installed.ok()) << installed.error();
  }
  Start(1280, 720, store);
  Tap("Help");
  EXPECT_TRUE(OnScreen("Lines of version 2"));
  Tap("Back");
  HoldCorner(5s);
  TypePin("2468");
  TypePin("2468");
  EXPECT_TRUE(OnScreen("a-hotlines · version 2 · County bureau"));
  Tap("Roll back");
  EXPECT_TRUE(OnScreen("Rolled back: a-hotlines · version 1"));
  EXPECT_TRUE(OnScreen("a-hotlines · version 1 · County bureau"));
  Tap("Leave staff mode");
  Tap("Help");
  EXPECT_TRUE(OnScreen("Lines of version 1")) << "the kiosk shows the rolled back pack at once";
  EXPECT_FALSE(OnScreen("Lines of version 2"));
  Tap("Back");
  HoldCorner(5s);
  TypePin("2468");
  EXPECT_FALSE(app->QuitRequested());
  Tap("Close the kiosk");
  EXPECT_TRUE(app->QuitRequested());
}

}  // namespace
}  // namespace kiosk::app
