// USB sticks without the UI: the mount table read as the kernel writes it, a real mount noticed
// by the watcher (in a mount namespace of the test's own), the counts written onto a stick
// whole, under a name a FAT stick takes, and a stick that is hostile ground: links and FIFOs at
// the names the kiosk uses, names that would forge a log line, a stick that stops answering.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "stats/stats.h"
#include "support/temp_dir.h"
#include "support/test_stick.h"
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

// systemd-mount --automount=yes (or an fstab automount) puts autofs at the mount point before
// the stick is mounted there: the kiosk sees the stick once, when its filesystem is there.
TEST(StickMountsTest, AnAutomountPointIsNoStickUntilTheStickIsMountedThere) {
  const std::string automount = "systemd-1 /media/usb-KIOSK autofs rw,fd=51,pgrp=1 0 0\n";
  EXPECT_TRUE(StickMounts(automount, {"/media"}).empty());
  const std::string mounted = automount + "/dev/sdb1 /media/usb-KIOSK vfat rw,nosuid 0 0\n";
  EXPECT_EQ(StickMounts(mounted, {"/media"}), (std::vector<std::string>{"/media/usb-KIOSK"}));
  EXPECT_TRUE(StickMounts("binfmt_misc /media/x binfmt_misc rw 0 0\n", {"/media"}).empty());
}

TEST(PacksOnTest, ThePacksAtTheTopOfAStickByName) {
  testing::TempDir stick;
  std::ofstream(stick / "b.kpack") << "x";
  std::ofstream(stick / "a.kpack") << "x";
  std::ofstream(stick / "notes.txt") << "x";
  fs::create_directories(stick / "folder.kpack");
  // What is named like a pack and is not a folder is listed, so that a tap on it says why it is
  // not read; listing it opens nothing (a FIFO would hold the open).
  ASSERT_EQ(::mkfifo((stick / "c.kpack").c_str(), 0644), 0);
  fs::create_symlink("/etc/passwd", stick / "d.kpack");
  EXPECT_EQ(PacksOn(stick.path().string()),
            (std::vector<std::string>{(stick / "a.kpack").string(), (stick / "b.kpack").string(),
                                      (stick / "c.kpack").string(), (stick / "d.kpack").string()}));
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

// A state folder as the kiosk leaves it: counts in usage.db, its id, and a staff PIN file.
void MakeState(const fs::path& state) {
  std::string notice;
  base::Result<std::unique_ptr<stats::Counter>> counter = stats::Counter::Open(
      state.string(), [] { return "2026-11-30"; }, &notice);
  ASSERT_TRUE(counter.ok()) << counter.error();
  counter.value()->Count(stats::Event::kVideoStarted, "demo", "wages", "zh_CN");
  ASSERT_TRUE(counter.value()->Flush().ok());
  std::ofstream(state / "staff-pin") << "$argon2id$v=19$m=65536,t=2,p=1$pin-hash\n";
  fs::permissions(state / "staff-pin", fs::perms::owner_read | fs::perms::owner_write);
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

TEST(ExportCountsTest, LinksAtTheNamesTheExportUsesAreNotFollowed) {
  testing::TempDir state, stick, elsewhere;
  MakeState(state.path());
  const fs::path rootOnly = elsewhere / "shadow";
  std::ofstream(rootOnly) << "root:secret\n";
  fs::permissions(rootOnly, fs::perms::owner_read | fs::perms::owner_write);
  const std::vector<fs::path> targets = {state / "staff-pin", state / "usage.db", rootOnly};
  std::vector<Snapshot> before;
  for (const fs::path& target : targets) before.push_back(Take(target));

  // A prepared stick: links at the names an export of this kiosk writes (its id is on the About
  // screen and in every earlier export's name), and at the temporary names it used to write.
  const std::string name =
      "kiosk-counts-Mengla-" + stats::KioskId(state.path().string()).value() + "-2026-11-30";
  fs::create_symlink(targets[0], stick / (name + ".csv"));
  fs::create_symlink(targets[1], stick / (name + ".csv.part"));
  fs::create_symlink(targets[2], stick / (name + ".html"));
  fs::create_symlink(targets[0], stick / (name + ".html.part"));

  base::Result<std::vector<std::string>> written =
      ExportCounts(state.path().string(), stick.path().string(), "Mengla", "2026-11-30");
  ASSERT_TRUE(written.ok()) << written.error();
  for (std::size_t i = 0; i < targets.size(); ++i) {
    EXPECT_TRUE(Take(targets[i]) == before[i]) << targets[i] << " was changed through a link";
  }
  // The counts went into new files of their own, and the result names them.
  EXPECT_EQ(written.value(), (std::vector<std::string>{name + "-2.csv", name + "-2.html"}));
  for (const std::string& file : written.value()) {
    EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(stick / file))) << file;
  }
  base::Result<std::vector<stats::ExportRow>> rows =
      stats::ParseExport(testing::ReadFile(stick / written.value()[0]), written.value()[0]);
  ASSERT_TRUE(rows.ok()) << rows.error();
  EXPECT_EQ(rows.value().size(), 1u);
  // The links are still links, and nothing else was left on the stick.
  EXPECT_TRUE(fs::is_symlink(stick / (name + ".csv")));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(stick.path())) ++files;
  EXPECT_EQ(files, 6u) << "four links and two new files";

  // The stick's folder itself a link (to the state folder): refused, nothing written there.
  testing::TempDir media;
  fs::create_directory_symlink(state.path(), media / "STICK");
  base::Result<std::vector<std::string>> refused =
      ExportCounts(state.path().string(), (media / "STICK").string(), "Mengla", "2026-11-30");
  EXPECT_FALSE(refused.ok());
  EXPECT_FALSE(fs::exists(state / (name + ".csv")));
}

TEST(ExportCountsTest, AFifoOrAFolderAtTheExportsNamesHoldsNothingUp) {
  testing::TempDir state, stick;
  MakeState(state.path());
  const std::string name =
      "kiosk-counts-" + stats::KioskId(state.path().string()).value() + "-2026-11-30";
  ASSERT_EQ(::mkfifo((stick / (name + ".csv")).c_str(), 0644), 0);
  ASSERT_EQ(::mkfifo((stick / (name + ".csv.part")).c_str(), 0644), 0);
  fs::create_directories(stick / (name + ".html"));
  base::Result<std::vector<std::string>> written = base::Error{"not run"};
  ASSERT_TRUE(EndsWithin(60s, [&] {
    written = ExportCounts(state.path().string(), stick.path().string(), "", "2026-11-30");
  })) << "the export waits on a FIFO";
  ASSERT_TRUE(written.ok()) << written.error();
  EXPECT_EQ(written.value(), (std::vector<std::string>{name + "-2.csv", name + "-2.html"}));
  EXPECT_TRUE(fs::is_fifo(stick / (name + ".csv"))) << "the FIFO is left as it was";
  EXPECT_TRUE(fs::is_directory(stick / (name + ".html")));
  // An earlier export of the day is the kiosk's own: the next one replaces it.
  ASSERT_TRUE(ExportCounts(state.path().string(), stick.path().string(), "", "2026-11-30").ok());
  EXPECT_FALSE(fs::exists(stick / (name + "-3.csv")));
}

// A job on its own thread, waited for (with a hang guard) until it leaves kChecking.
ImportJob::Stage Checked(ImportJob& job) {
  EXPECT_TRUE(EndsWithin(60s, [&] {
    while (job.GetStage() == ImportJob::Stage::kChecking) std::this_thread::sleep_for(5ms);
  })) << "the check never ended";
  return job.GetStage();
}

TEST(ImportJobTest, AFifoNamedLikeAPackIsRefusedAtOnceSayingWhy) {
  testing::TempDir stick, store;
  const fs::path fifo = stick / "demo-2.kpack";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  ImportJob job(fifo.string(), store.path().string(), KIOSK_DEMO_TRUST, "2026-11-30", [] {});
  EXPECT_EQ(Checked(job), ImportJob::Stage::kFailed);
  EXPECT_TRUE(job.NotAFile());
  EXPECT_EQ(job.Error(), fifo.string() + ": a FIFO (a pipe), not a file");
}

TEST(ImportJobTest, ALinkIsFollowedOnlyWithinTheStick) {
  testing::TempDir stick, store, elsewhere;
  fs::copy_file(KIOSK_DEMO_PACK, elsewhere / "demo.kpack");
  fs::create_directories(stick / "packs");
  fs::copy_file(KIOSK_DEMO_PACK, stick / "packs" / "demo.kpack");
  fs::create_symlink(elsewhere / "demo.kpack", stick / "out.kpack");
  fs::create_symlink("packs/demo.kpack", stick / "in.kpack");
  fs::create_symlink("../" + elsewhere.path().filename().string() + "/demo.kpack",
                     stick / "dots.kpack");

  ImportJob out((stick / "out.kpack").string(), store.path().string(), KIOSK_DEMO_TRUST,
                "2026-11-30", [] {});
  EXPECT_EQ(Checked(out), ImportJob::Stage::kFailed);
  EXPECT_TRUE(out.NotAFile());
  EXPECT_EQ(out.Error(), (stick / "out.kpack").string() + ": a link to " +
                             (elsewhere / "demo.kpack").string() +
                             ", which is not on the stick: the kiosk does not follow it");
  ImportJob dots((stick / "dots.kpack").string(), store.path().string(), KIOSK_DEMO_TRUST,
                 "2026-11-30", [] {});
  EXPECT_EQ(Checked(dots), ImportJob::Stage::kFailed);
  EXPECT_TRUE(dots.NotAFile());

  ImportJob in((stick / "in.kpack").string(), store.path().string(), KIOSK_DEMO_TRUST, "2026-11-30",
               [] {});
  ASSERT_EQ(Checked(in), ImportJob::Stage::kPreview) << in.Error();
  EXPECT_EQ(in.GetPreview().manifest.id, "demo");
}

TEST(ImportJobTest, ANameWithANewlineIsLoggedAndShownCleaned) {
  testing::TempDir stick, store;
  const std::string forged = "x.kpack\nkiosk: error: the staff PIN was reset.kpack";
  ASSERT_EQ(::mkfifo((stick / forged).c_str(), 0644), 0);
  ImportJob job((stick / forged).string(), store.path().string(), KIOSK_DEMO_TRUST, "2026-11-30",
                [] {});
  ASSERT_EQ(Checked(job), ImportJob::Stage::kFailed);
  EXPECT_EQ(job.Error().find('\n'), std::string::npos) << job.Error();
  EXPECT_NE(job.Error().find("x.kpack\xEF\xBF\xBDkiosk: error"), std::string::npos) << job.Error();
  const std::vector<base::LogLine> logged = base::RecentProblems();
  ASSERT_FALSE(logged.empty());
  EXPECT_EQ(logged.front().text.find('\n'), std::string::npos) << logged.front().text;
  EXPECT_NE(logged.front().text.find("x.kpack\xEF\xBF\xBD"), std::string::npos);
}

TEST(CleanNameTest, ControlsBadBytesAndLengthAreMadeSafe) {
  EXPECT_EQ(CleanName("demo-2.kpack"), "demo-2.kpack");
  EXPECT_EQ(CleanName("勐腊-2.kpack"), "勐腊-2.kpack");
  EXPECT_EQ(CleanName("a\nb\tc\x7f.kpack"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\xEF\xBF\xBD.kpack");
  // Latin-1 bytes (a name from an old FAT stick), a cut sequence, an overlong "/".
  EXPECT_EQ(CleanName("caf\xe9.kpack"), "caf\xEF\xBF\xBD.kpack");
  EXPECT_EQ(CleanName("\xe5\x8b.kpack"), "\xEF\xBF\xBD\xEF\xBF\xBD.kpack");
  EXPECT_EQ(CleanName("\xc0\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  // A right-to-left override that would show "kcap.exe" as "exe.kpack".
  EXPECT_EQ(CleanName("a\u202Eexe.kpack"),
            "a\xEF\xBF\xBD"
            "exe.kpack");
  // Long: the middle is left out, the end shows.
  const std::string longName = std::string(200, 'x') + "-version-2.kpack";
  const std::string shown = CleanName(longName, 40);
  EXPECT_EQ(shown, std::string(23, 'x') + "\xE2\x80\xA6" + "-version-2.kpack");
  EXPECT_EQ(CleanName(std::string(40, 'y'), 40), std::string(40, 'y'));
  EXPECT_EQ(CleanPath("/media/STICK/a\nb.kpack"),
            "/media/STICK/a\xEF\xBF\xBD"
            "b.kpack");
}

// [SECTION] A stick that stops answering (FUSE)

class DeadStickTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(folder / "files");
    fs::create_directories(folder / "mount");
    stick = std::make_unique<testing::TestStick>(folder / "files", folder / "mount");
    if (!stick->Mounted()) GTEST_SKIP() << "FUSE cannot be mounted here (needs /dev/fuse)";
  }
  void TearDown() override { stick.reset(); }

  fs::path Mount() const { return folder / "mount"; }

  testing::TempDir folder, store;
  std::unique_ptr<testing::TestStick> stick;
};

TEST_F(DeadStickTest, CancelWhileTheStickDoesNotAnswerEndsTheCheckAtOnce) {
  fs::copy_file(KIOSK_DEMO_PACK, folder / "files" / "demo.kpack");
  stick->Hold(0);
  auto job = std::make_unique<ImportJob>((Mount() / "demo.kpack").string(), store.path().string(),
                                         KIOSK_DEMO_TRUST, "2026-11-30", [] {});
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(job->GetStage(), ImportJob::Stage::kChecking) << "the read is held";
  job->Cancel();
  EXPECT_EQ(job->GetStage(), ImportJob::Stage::kCancelled);
  EXPECT_FALSE(job->Busy());
  EXPECT_TRUE(EndsWithin(60s, [&] { job.reset(); })) << "the job waited for its stuck thread";
}

TEST_F(DeadStickTest, AnInstallStuckOnADeadStickDoesNotHoldTheKioskForever) {
  fs::copy_file(KIOSK_DEMO_PACK, folder / "files" / "demo.kpack");
  auto job = std::make_unique<ImportJob>((Mount() / "demo.kpack").string(), store.path().string(),
                                         KIOSK_DEMO_TRUST, "2026-11-30", [] {});
  ASSERT_EQ(Checked(*job), ImportJob::Stage::kPreview) << job->Error();
  stick->Hold(static_cast<long long>(fs::file_size(KIOSK_DEMO_PACK) / 2));
  job->Install();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(job->GetStage(), ImportJob::Stage::kInstalling);
  // The kiosk closes: the job is destroyed while its thread is stuck in a read.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(EndsWithin(60s, [&] { job.reset(); })) << "the kiosk would hang on the join";
  EXPECT_GE(std::chrono::steady_clock::now() - start, kJobWait) << "an install is given time";
  EXPECT_NE(base::RecentProblems().front().text.find("the stick does not answer"),
            std::string::npos);
  // The stick is pulled at last: the thread left behind ends, and the store is as it was.
  stick->Pull();
  std::this_thread::sleep_for(300ms);
  std::vector<std::string> damaged;
  EXPECT_TRUE(packs::ListPacks(store.path().string(), &damaged).empty());
}

TEST_F(DeadStickTest, AStickPulledDuringTheCopyOfTheCountsSaysTheyWereNotCopied) {
  testing::TempDir state;
  MakeState(state.path());
  stick->Hold(0);
  std::atomic<int> calls{0};
  ExportJob job(state.path().string(), Mount().string(), "Mengla", "2026-11-30", [&] { ++calls; });
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(job.Done()) << "the write is held";
  stick->Pull();
  ASSERT_TRUE(EndsWithin(60s, [&] {
    while (!job.Done()) std::this_thread::sleep_for(5ms);
  }));
  ASSERT_FALSE(job.Written().ok());
  EXPECT_NE(job.Written().error().find("Input/output error"), std::string::npos)
      << job.Written().error();
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace kiosk::usb
