// USB sticks without the UI: the mount table read as the kernel writes it, a real mount noticed
// by the watcher (in a mount namespace of the test's own), and the counts written onto a stick
// whole, under a name a FAT stick takes.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "stats/stats.h"
#include "support/temp_dir.h"
#include "usb/usb.h"

namespace kiosk::usb {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST(StickMountsTest, OnlyMountsBelowTheRootsCountAndSpacesAreDecoded) {
  const std::string table =
      "/dev/sda1 / ext4 rw,relatime 0 0\n"
      "proc /proc proc rw 0 0\n"
      "tmpfs /media tmpfs rw 0 0\n"  // the root itself is no stick
      "/dev/sdb1 /media/staff/KIOSK\\040PACKS vfat rw,nosuid 0 0\n"
      "/dev/sdc1 /run/media/li/3A1F-0C22 exfat rw 0 0\n"
      "/dev/sdd1 /mediaplayer ext4 rw 0 0\n"  // a name that only starts like a root
      "\n";
  EXPECT_EQ(StickMounts(table, {"/media", "/run/media"}),
            (std::vector<std::string>{"/media/staff/KIOSK PACKS", "/run/media/li/3A1F-0C22"}));
  EXPECT_TRUE(StickMounts(table, {"/mnt"}).empty());
}

TEST(PacksOnTest, ThePacksAtTheTopOfAStickByName) {
  testing::TempDir stick;
  std::ofstream(stick / "b.kpack") << "x";
  std::ofstream(stick / "a.kpack") << "x";
  std::ofstream(stick / "notes.txt") << "x";
  fs::create_directories(stick / "folder.kpack");
  EXPECT_EQ(PacksOn(stick.path().string()),
            (std::vector<std::string>{(stick / "a.kpack").string(), (stick / "b.kpack").string()}));
  EXPECT_TRUE(PacksOn((stick / "gone").string()).empty()) << "a pulled stick lists nothing";
}

// In a child process with a mount namespace of its own (so nothing is mounted on the machine),
// a tmpfs mounted below a root and unmounted again: the watcher calls back for each. The child's
// exit status: 0 passed, 1 a callback never came, 2 the list was wrong, 77 no namespace allowed.
int WatchRealMounts(const fs::path& root) {
  if (::unshare(CLONE_NEWNS) != 0 ||
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    return 77;
  }
  std::mutex mutex;
  std::condition_variable changed;
  int calls = 0;
  base::Result<std::unique_ptr<Sticks>> watcher = WatchMounts({root.string()}, [&] {
    std::lock_guard lock(mutex);
    ++calls;
    changed.notify_all();
  });
  if (!watcher) return 1;
  auto waitFor = [&](int n) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 10s, [&] { return calls >= n; });
  };
  const fs::path stick = root / "STICK";
  fs::create_directories(stick);
  if (!watcher.value()->Mounted().empty()) return 2;
  if (::mount("stick", stick.c_str(), "tmpfs", 0, "size=1m") != 0) return 77;
  if (!waitFor(1)) return 1;
  if (watcher.value()->Mounted() != std::vector<std::string>{stick.string()}) return 2;
  if (::umount(stick.c_str()) != 0) return 2;
  if (!waitFor(2)) return 1;
  return watcher.value()->Mounted().empty() ? 0 : 2;
}

TEST(WatchMountsTest, AStickMountedAndUnmountedIsNoticed) {
  testing::TempDir media;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(WatchRealMounts(media.path()));
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) {
    GTEST_SKIP() << "this machine allows no mount namespace (needs CAP_SYS_ADMIN)";
  }
  EXPECT_NE(WEXITSTATUS(status), 1) << "the watcher did not call back within 10 s";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the watcher listed the wrong sticks";
}

TEST(ExportCountsTest, TheCountsGoOntoTheStickAsACsvAndAReport) {
  testing::TempDir state, stick;
  {
    std::string notice;
    base::Result<std::unique_ptr<stats::Counter>> counter = stats::Counter::Open(
        state.path().string(), [] { return "2026-11-30"; }, &notice);
    ASSERT_TRUE(counter.ok()) << counter.error();
    counter.value()->Count(stats::Event::kVideoStarted, "demo", "wages", "zh_CN");
    counter.value()->Count(stats::Event::kVideoStarted, "demo", "wages", "zh_CN");
    ASSERT_TRUE(counter.value()->Flush().ok());
  }
  base::Result<std::vector<std::string>> written =
      ExportCounts(state.path().string(), stick.path().string(), "Mengla: \"Home\"", "2026-11-30");
  ASSERT_TRUE(written.ok()) << written.error();
  const std::string kiosk = stats::KioskId(state.path().string()).value();
  const std::string name = "kiosk-counts-Mengla Home-" + kiosk + "-2026-11-30";
  EXPECT_EQ(written.value(), (std::vector<std::string>{name + ".csv", name + ".html"}));
  base::Result<std::vector<stats::ExportRow>> rows =
      stats::ParseExport(testing::ReadFile(stick / (name + ".csv")), name + ".csv");
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows.value().size(), 1u);
  EXPECT_EQ(rows.value()[0].centre, "Mengla: \"Home\"") << "the name as typed, inside the file";
  EXPECT_EQ(rows.value()[0].item, "wages");
  EXPECT_EQ(rows.value()[0].count, 2);
  const std::string report = testing::ReadFile(stick / (name + ".html"));
  EXPECT_NE(report.find("<html"), std::string::npos);
  EXPECT_NE(report.find("wages"), std::string::npos) << "the video is in the report";
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(stick.path())) ++files;
  EXPECT_EQ(files, 2u) << "no temporary file is left";

  // A centre named in its own script keeps its name in the file's.
  base::Result<std::vector<std::string>> chinese =
      ExportCounts(state.path().string(), stick.path().string(), "勐腊妇女之家", "2026-11-30");
  ASSERT_TRUE(chinese.ok()) << chinese.error();
  EXPECT_EQ(chinese.value()[0], "kiosk-counts-勐腊妇女之家-" + kiosk + "-2026-11-30.csv");
  EXPECT_TRUE(fs::exists(stick / chinese.value()[0]));

  // A stick pulled before the export: a message naming the file, nothing half-written.
  base::Result<std::vector<std::string>> gone =
      ExportCounts(state.path().string(), (stick / "pulled").string(), "", "2026-11-30");
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.error().find(stick / "pulled"), std::string::npos) << gone.error();
}

}  // namespace
}  // namespace kiosk::usb
