// USB sticks on the whole kiosk, headless: a stick with packs wakes a dark kiosk and asks for
// staff; an install shows its progress bar, and a stick pulled in the middle of it, or a tap on
// Cancel, leaves the content as it was and says so. The pack on the stick is a FIFO fed by the
// test, so "the middle of the install" is a moment the test chooses, not a race.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include "app/app_fixture.h"

namespace kiosk::app {
namespace {

class UsbAppTest : public AppTest {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);  // the kiosk may stop reading the FIFO before its end
    // Version 2 of the demo pack: the demo's sources with a new version number.
    const fs::path source = TempDir("demo-2");
    fs::copy(KIOSK_DEMO_DIR, source, fs::copy_options::recursive);
    std::ifstream in(source / "pack.json");
    std::string header((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    header.replace(header.find("\"version\": 1"), 12, "\"version\": 2");
    std::ofstream(source / "pack.json") << header;
    const fs::path built = TempDir("built") / "demo-2.kpack";
    base::Result<packs::Manifest> pack =
        packs::BuildPack(source.string(), KIOSK_DEMO_KEY, built.string());
    ASSERT_TRUE(pack.ok()) << pack.error();
    bytes = testing::ReadFile(built);
    stick = TempDir("stick");
  }

  void TearDown() override {
    if (feeder.joinable()) {
      release = true;
      feeder.join();
    }
    AppTest::TearDown();
  }

  // The pack on the stick as a FIFO: the preview reads it whole; once `previewed`, the install
  // gets the first `part` bytes, then waits for `release` before the rest (or, with `rest`
  // false, the end).
  void FeedPack(std::size_t part, bool rest) {
    const fs::path fifo = stick / "demo-2.kpack";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    feeder = std::thread([this, fifo, part, rest] {
      Write(fifo, bytes);
      // The preview must have seen the end of its copy before the install's opens the FIFO.
      while (!previewed && !release) std::this_thread::sleep_for(5ms);
      std::ofstream install(fifo, std::ios::binary);
      install.write(bytes.data(), static_cast<std::streamsize>(part));
      install.flush();
      fed = true;
      while (!release) std::this_thread::sleep_for(5ms);
      if (rest)
        install.write(bytes.data() + part, static_cast<std::streamsize>(bytes.size() - part));
    });
  }

  static void Write(const fs::path& fifo, const std::string& data) {
    std::ofstream out(fifo, std::ios::binary);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
  }

  // Staff put the stick in and choose the PIN; the kiosk goes on to the stick's screen.
  void PutInAndEnter() {
    ASSERT_TRUE(app->InsertStick(stick.string()));
    Settle();
    ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffPin);
    TypePin("2468");
    TypePin("2468");
    ASSERT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffUsb);
  }

  // Staff put the stick in, look at the preview and tap Install; returns once the install has
  // read the first `part` bytes and shows its progress.
  void InstallUntil(std::size_t part, bool rest) {
    FeedPack(part, rest);
    PutInAndEnter();
    Tap("demo-2.kpack");
    ASSERT_TRUE(PlayUntil([&] { return OnScreen("Replaces the installed version 1."); }, 30s));
    previewed = true;
    Tap("Install");
    ASSERT_TRUE(PlayUntil([&] { return fed.load() && Percent() > 0; }, 30s));
  }

  // The demo pack's version in the store, and the kiosk still showing its videos.
  void ExpectVersionOne(const std::string& store) {
    std::vector<std::string> damaged;
    const std::vector<packs::Installed> installed = packs::ListPacks(store, &damaged);
    ASSERT_EQ(installed.size(), 1u);
    EXPECT_EQ(installed[0].manifest.version, 1u);
    EXPECT_TRUE(damaged.empty());
    EXPECT_TRUE(fs::is_empty(fs::path(store) / ".staging")) << "nothing half-done is left";
  }

  // The install's progress as the screen shows it ("45 %"); -1 when none is shown.
  int Percent() const {
    for (const ui::Label& label : app->Labels()) {
      int percent = -1;
      char after = 0;
      if (std::sscanf(label.text.c_str(), "%d %c", &percent, &after) == 2 && after == '%') {
        return percent;
      }
    }
    return -1;
  }

  std::string bytes;
  fs::path stick;
  std::thread feeder;
  std::atomic<bool> previewed{false}, fed{false}, release{false};
};

TEST_F(UsbAppTest, AStickWithPacksWakesADarkKioskAndAsksForStaff) {
  hours = OpeningHours::Parse("08:00-18:00").value();
  Start(1280, 720, DemoStore());  // 07:00: closed
  ASSERT_TRUE(app->Closed());
  std::ofstream(stick / "demo-2.kpack", std::ios::binary) << bytes;
  ASSERT_TRUE(app->InsertStick(stick.string()));
  Settle();
  EXPECT_FALSE(app->Closed());
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffPin);
  EXPECT_TRUE(OnScreen("Choose a staff PIN")) << "the first start: staff choose it now";
  // A stick without packs asks for nobody.
  ASSERT_TRUE(app->RemoveStick());
  Tap("Back");
  const fs::path empty = TempDir("empty-stick");
  ASSERT_TRUE(app->InsertStick(empty.string()));
  Settle();
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kHome);
}

TEST_F(UsbAppTest, AStickPulledMidInstallLeavesTheOldContentAndSaysSo) {
  const std::string store = DemoStore();
  Start(1280, 720, store);
  InstallUntil(bytes.size() / 2, false);
  EXPECT_TRUE(OnScreen("Installing…"));
  EXPECT_TRUE(OnScreen("Do not take the stick out."));
  EXPECT_GT(Percent(), 20) << "half the pack is read";
  EXPECT_LT(Percent(), 80);
  ASSERT_TRUE(app->Screenshot((TempDir("shots") / "installing.png").string()).ok());

  // Idle time passes while the install waits on the stick: no reset cancels it.
  clock.Advance(5min);
  Settle();
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffUsb);

  // The stick goes: the mount disappears, and its reads end.
  ASSERT_TRUE(app->RemoveStick());
  release = true;
  ASSERT_TRUE(PlayUntil([&] { return !app->Working(); }, 30s));
  Settle();
  EXPECT_TRUE(OnScreen("The stick was taken out before the pack was installed."));
  EXPECT_TRUE(OnScreen("Nothing was changed"));
  ExpectVersionOne(store);
  clock.Advance(20s);
  Settle();
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffUsb)
      << "the result gets the staff screens' whole 30 s, counted from the install's end";
  Tap("Done");
  EXPECT_TRUE(OnScreen("No USB stick is in."));
  Tap("Back");
  Tap("Leave staff mode");
  Tap("Videos");
  EXPECT_TRUE(OnScreen("Five things to do before you leave for work")) << "the old content shows";
}

TEST_F(UsbAppTest, CancelDuringTheInstallLeavesTheOldContent) {
  const std::string store = DemoStore();
  Start(1280, 720, store);
  InstallUntil(bytes.size() / 3, true);
  Tap("Cancel");
  release = true;  // the rest comes; the install stops at its next read
  ASSERT_TRUE(PlayUntil([&] { return !app->Working(); }, 30s));
  Settle();
  EXPECT_TRUE(OnScreen("Cancelled. Nothing was changed."));
  ExpectVersionOne(store);
}

TEST_F(UsbAppTest, LeavingTheScreenDuringAnInstallNeitherStopsItNorHidesItsResult) {
  const std::string store = DemoStore();
  Start(1280, 720, store);
  InstallUntil(bytes.size() / 2, true);
  Tap("Back");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaff) << "Back does not wait";
  release = true;
  ASSERT_TRUE(PlayUntil([&] { return !app->Working(); }, 30s));
  Settle();
  EXPECT_TRUE(OnScreen("demo · version 2")) << "the staff screen lists the new version at once";
  Tap("USB stick");
  EXPECT_TRUE(OnScreen("Installed: demo · version 2")) << "the result waits on the USB screen";
}

}  // namespace
}  // namespace kiosk::app
