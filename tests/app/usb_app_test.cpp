// USB sticks on the whole kiosk, headless: a stick with packs wakes a dark kiosk and asks for
// staff; an install shows its progress bar, and a stick pulled in the middle of it, or a tap on
// Cancel, leaves the content as it was and says so. The stick is hostile ground: FIFOs and links
// at the names the kiosk reads and writes, names that would break a line, a stick that stops
// answering. "The middle of the install" and "a stick that stops answering" are a FUSE stick
// (tests/support/test_stick.h) whose reads the test holds: a moment the test chooses, not a race.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "app/app_fixture.h"
#include "stats/stats.h"
#include "support/test_stick.h"

namespace kiosk::app {
namespace {

// Runs `work` on a thread of its own; false when it has not ended within `limit` (a hang guard,
// not a speed limit: the thread is left behind, and the test fails).
bool EndsWithin(std::chrono::seconds limit, std::function<void()> work) {
  struct Done {
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
  };
  auto done = std::make_shared<Done>();
  std::thread([done, work = std::move(work)] {
    work();
    std::lock_guard lock(done->mutex);
    done->done = true;
    done->cv.notify_all();
  }).detach();
  std::unique_lock lock(done->mutex);
  return done->cv.wait_for(lock, limit, [&] { return done->done; });
}

class UsbAppTest : public AppTest {
 protected:
  void SetUp() override {
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
    AppTest::TearDown();
    held.reset();
  }

  // The stick as a FUSE mount of `stick`'s files, whose reads the test can hold; skips where
  // FUSE cannot be mounted.
  void MountHeldStick() {
    const fs::path files = std::exchange(stick, TempDir("held-stick"));
    held = std::make_unique<testing::TestStick>(files, stick);
    if (!held->Mounted()) GTEST_SKIP() << "FUSE cannot be mounted here (needs /dev/fuse)";
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

  // Staff put a stick with version 2 in, look at the preview and tap Install; returns once the
  // install has read up to byte `part`, where the stick stops answering, and shows its progress.
  void InstallUntil(std::size_t part) {
    std::ofstream(stick / "demo-2.kpack", std::ios::binary) << bytes;
    MountHeldStick();
    if (IsSkipped()) return;
    PutInAndEnter();
    Tap("demo-2.kpack");
    ASSERT_TRUE(PlayUntil([&] { return OnScreen("Replaces the installed version 1."); }, 30s));
    held->Hold(static_cast<long long>(part));
    Tap("Install");
    // The first megabyte (the reads' size) comes: about 40 % of the files.
    ASSERT_TRUE(PlayUntil([&] { return Percent() >= 25; }, 30s));
    // and the next read waits on the stick.
    ASSERT_TRUE(PlayUntil([&] { return held->Waiting(); }, 30s));
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
  std::unique_ptr<testing::TestStick> held;
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
  InstallUntil(bytes.size() / 2);
  if (IsSkipped()) return;
  EXPECT_TRUE(OnScreen("Installing…"));
  EXPECT_TRUE(OnScreen("Do not take the stick out."));
  EXPECT_GT(Percent(), 20) << "half the pack is read";
  EXPECT_LT(Percent(), 80);
  ASSERT_TRUE(app->Screenshot((TempDir("shots") / "installing.png").string()).ok());

  // Idle time passes while the install waits on the stick: no reset cancels it.
  clock.Advance(5min);
  Settle();
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaffUsb);

  // The stick goes: the mount disappears, and its reads fail.
  ASSERT_TRUE(app->RemoveStick());
  held->Pull();
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
  InstallUntil(bytes.size() / 2);
  if (IsSkipped()) return;
  Tap("Cancel");
  held->Go();  // the rest comes; the install stops at its next read
  ASSERT_TRUE(PlayUntil([&] { return !app->Working(); }, 30s));
  Settle();
  EXPECT_TRUE(OnScreen("Cancelled. Nothing was changed."));
  ExpectVersionOne(store);
}

TEST_F(UsbAppTest, LeavingTheScreenDuringAnInstallNeitherStopsItNorHidesItsResult) {
  const std::string store = DemoStore();
  Start(1280, 720, store);
  InstallUntil(bytes.size() / 2);
  if (IsSkipped()) return;
  Tap("Back");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaff) << "Back does not wait";
  held->Go();
  ASSERT_TRUE(PlayUntil([&] { return !app->Working(); }, 30s));
  Settle();
  EXPECT_TRUE(OnScreen("demo · version 2")) << "the staff screen lists the new version at once";
  Tap("USB stick");
  EXPECT_TRUE(OnScreen("Installed: demo · version 2")) << "the result waits on the USB screen";
}

struct Snapshot {
  std::string content;
  fs::perms perms;
  bool operator==(const Snapshot& other) const {
    return content == other.content && perms == other.perms;
  }
};
Snapshot Take(const fs::path& file) {
  return {testing::ReadFile(file), fs::status(file).permissions()};
}

TEST_F(UsbAppTest, LinksAndFifosAtTheNamesTheKioskUsesChangeNothingAndSayWhy) {
  Start(1280, 720, DemoStore());
  // A FIFO named like a pack, and a link named like one that leads to the kiosk's PIN file.
  const fs::path state = TempDir("state");
  ASSERT_EQ(::mkfifo((stick / "demo-2.kpack").c_str(), 0644), 0);
  fs::create_symlink(state / "staff-pin", stick / "leak.kpack");
  PutInAndEnter();

  // Links at the names the export writes (the kiosk id is on the About screen), and at the
  // temporary names it wrote before: to the PIN file, the counts, and a root-only file.
  const fs::path rootOnly = TempDir("elsewhere") / "shadow";
  std::ofstream(rootOnly) << "root:secret\n";
  fs::permissions(rootOnly, fs::perms::owner_read | fs::perms::owner_write);
  const std::vector<fs::path> targets = {state / "staff-pin", state / "usage.db", rootOnly};
  const std::string name =
      "kiosk-counts-" + stats::KioskId(state.string()).value() + "-" + packs::Today();
  ASSERT_TRUE(fs::exists(state / "staff-pin"));
  fs::create_symlink(targets[0], stick / (name + ".csv"));
  fs::create_symlink(targets[1], stick / (name + ".csv.part"));
  fs::create_symlink(targets[2], stick / (name + ".html"));
  ASSERT_EQ(::mkfifo((stick / (name + ".html.part")).c_str(), 0644), 0);
  std::vector<Snapshot> before;
  for (const fs::path& target : targets) before.push_back(Take(target));

  Tap("Copy the counts to the stick");
  ASSERT_TRUE(PlayUntil([&] { return !app->Working(); }, 60s)) << "the export hangs";
  Settle();
  EXPECT_TRUE(OnScreen("The counts are on the stick: " + name + "-2.csv, " + name + "-2.html"));
  for (std::size_t i = 0; i < targets.size(); ++i) {
    EXPECT_TRUE(Take(targets[i]) == before[i]) << targets[i] << " was changed through a link";
  }
  EXPECT_TRUE(fs::is_symlink(stick / (name + ".csv")));

  // The FIFO: refused at once, saying why; Done goes back to the list.
  Tap("demo-2.kpack");
  ASSERT_TRUE(PlayUntil([&] { return !app->Working(); }, 60s)) << "the check hangs on the FIFO";
  Settle();
  EXPECT_TRUE(OnScreen("This pack was not installed. Nothing was changed."));
  EXPECT_TRUE(OnScreen("This is not a pack file"));
  EXPECT_TRUE(OnScreen("demo-2.kpack: a FIFO (a pipe), not a file"));
  ASSERT_TRUE(app->Screenshot((TempDir("shots") / "fifo.png").string()).ok());
  Tap("Done");
  Tap("leak.kpack");
  ASSERT_TRUE(PlayUntil([&] { return !app->Working(); }, 60s));
  Settle();
  EXPECT_TRUE(OnScreen("This is not a pack file"));
  EXPECT_TRUE(OnScreen("leak.kpack: a link to " + (state / "staff-pin").string() +
                       ", which is not on the stick"));
  Tap("Done");
  // The PIN file is whole: staff mode opens with the same PIN.
  Tap("Back");
  Tap("Leave staff mode");
  EnterStaffMode();
}

TEST_F(UsbAppTest, AStickThatStopsAnsweringHoldsUpNeitherCancelNorLeavingNorClosing) {
  Start(1280, 720, DemoStore());
  std::ofstream(stick / "demo-2.kpack", std::ios::binary) << bytes;
  MountHeldStick();
  if (IsSkipped()) return;
  held->Hold(0);  // no read of a file's content returns
  PutInAndEnter();
  Tap("demo-2.kpack");
  EXPECT_TRUE(OnScreen("Checking the pack's signature and content…"));
  Tap("Cancel");
  EXPECT_TRUE(OnScreen("Cancelled. Nothing was changed.")) << "Cancel waits for the stick";
  Tap("Done");
  EXPECT_TRUE(OnScreen("Content packs on the stick"));
  // Checking again, and leaving while it is stuck.
  Tap("demo-2.kpack");
  EXPECT_TRUE(OnScreen("Checking the pack's signature and content…"));
  Tap("Back");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kStaff);
  Tap("Leave staff mode");
  EXPECT_EQ(app->CurrentScreen(), screens::ScreenId::kHome);
  // Closing the kiosk (SIGTERM or "Close the kiosk" end in the same destructor).
  EXPECT_TRUE(EndsWithin(60s, [&] { app.reset(); })) << "closing waits for the stuck job";
}

TEST_F(UsbAppTest, AnInstallFromAStickThatStopsAnsweringDoesNotKeepTheKioskFromClosing) {
  Start(1280, 720, DemoStore());
  InstallUntil(bytes.size() / 2);
  if (IsSkipped()) return;
  EXPECT_TRUE(OnScreen("Installing…"));
  EXPECT_TRUE(EndsWithin(60s, [&] { app.reset(); })) << "closing waits for the stuck install";
  const std::vector<base::LogLine> logged = base::RecentProblems();
  ASSERT_FALSE(logged.empty());
  EXPECT_NE(logged.front().text.find("the stick does not answer"), std::string::npos)
      << logged.front().text;
}

TEST_F(UsbAppTest, AStickPulledDuringTheCopyOfTheCountsSaysTheyWereNotCopied) {
  Start(1280, 720, DemoStore());
  std::ofstream(stick / "demo-2.kpack", std::ios::binary) << bytes;
  MountHeldStick();
  if (IsSkipped()) return;
  PutInAndEnter();
  held->Hold(0);  // writes are held too
  Tap("Copy the counts to the stick");
  EXPECT_TRUE(OnScreen("Copying…"));
  ASSERT_TRUE(app->RemoveStick());
  held->Pull();
  ASSERT_TRUE(PlayUntil([&] { return !app->Working(); }, 60s));
  Settle();
  EXPECT_TRUE(OnScreen("The stick was taken out: the counts were not copied."));
  EXPECT_TRUE(OnScreen("No USB stick is in."));
  ASSERT_TRUE(app->Screenshot((TempDir("shots") / "pulled.png").string()).ok());
}

TEST_F(UsbAppTest, NamesFromAStickAreShownAndLoggedCleanAndFitTheirButtons) {
  Start(800, 480, DemoStore());
  const std::string forged = "x\nkiosk: error: the staff PIN was reset.kpack";
  std::string longName;
  for (int i = 0; i < 80; ++i) longName += "長";
  longName += "-2.kpack";
  for (const std::string& name : {forged, longName, std::string("caf\xe9.kpack")}) {
    std::ofstream(stick / name, std::ios::binary) << "not a tar";
  }
  PutInAndEnter();
  ASSERT_TRUE(app->Screenshot((TempDir("shots") / "names.png").string()).ok());
  int width = 0, height = 0;
  app->Platform().OutputSize(&width, &height);
  bool forgedShown = false, longShown = false, latinShown = false;
  for (const ui::Label& label : app->Labels()) {
    EXPECT_EQ(label.text.find('\n'), std::string::npos) << label.text;
    if (label.text == "x\xEF\xBF\xBDkiosk: error: the staff PIN was reset.kpack")
      forgedShown = true;
    if (label.text == "caf\xEF\xBF\xBD.kpack") latinShown = true;
    if (label.text.rfind("長長", 0) == 0) {
      longShown = true;
      EXPECT_NE(label.text.find("…"), std::string::npos) << "shortened in the middle";
      EXPECT_EQ(label.text.substr(label.text.size() - 8), "-2.kpack") << "its end shows";
      EXPECT_LE(label.rect.Max.x, static_cast<float>(width)) << "the name runs off its button";
    }
  }
  EXPECT_TRUE(forgedShown && longShown && latinShown);
  Tap("x\xEF\xBF\xBDkiosk: error: the staff PIN was reset.kpack");
  ASSERT_TRUE(PlayUntil([&] { return !app->Working(); }, 60s));
  Settle();
  const std::vector<base::LogLine> logged = base::RecentProblems();
  ASSERT_FALSE(logged.empty());
  EXPECT_EQ(logged.front().text.find('\n'), std::string::npos) << "a forged log line";
  EXPECT_NE(logged.front().text.find("x\xEF\xBF\xBDkiosk: error"), std::string::npos)
      << logged.front().text;
}

}  // namespace
}  // namespace kiosk::app
