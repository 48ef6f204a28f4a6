// USB sticks: noticing one being mounted, and what staff do with it: install the content packs on
// it, and take the usage counts home on it. A plain library, no UI. The watcher and the jobs run
// on threads of their own; they tell the main thread through a `changed` callback (which wakes
// its loop) and hand results over under a lock; everything else is called on the main thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/base.h"
#include "packs/packs.h"

namespace kiosk::usb {

// The mount points below any of `roots` ("/media", "/run/media") in the text of /proc/self/mounts,
// in the order mounted, with the kernel's octal escapes ("\040" for a space) decoded.
std::vector<std::string> StickMounts(const std::string& mountsText,
                                     const std::vector<std::string>& roots);

// Where sticks are mounted now.
class Sticks {
 public:
  virtual ~Sticks() = default;
  // The mount points of the sticks that are in.
  virtual std::vector<std::string> Mounted() const = 0;
  // Grows each time a stick comes or goes: the main thread copies Mounted() only then.
  virtual std::uint64_t Generation() const = 0;
};

// Watches the mount table: a thread waits in poll() for the kernel's POLLPRI, which marks every
// mount and unmount (proc(5), /proc/[pid]/mounts), and calls `changed` when a stick came or went.
// Fails when the mount table cannot be opened.
base::Result<std::unique_ptr<Sticks>> WatchMounts(
    std::vector<std::string> roots, std::function<void()> changed,
    const std::string& mountTable = "/proc/self/mounts");

// Sticks put in and taken out by hand: the headless scripts' insert-usb and remove-usb.
class ManualSticks final : public Sticks {
 public:
  std::vector<std::string> Mounted() const override { return m_mounted; }
  std::uint64_t Generation() const override { return m_generation; }
  void Insert(std::string dir) {
    m_mounted.push_back(std::move(dir));
    ++m_generation;
  }
  // Takes out the last stick put in.
  void Remove() {
    if (!m_mounted.empty()) m_mounted.pop_back();
    ++m_generation;
  }

 private:
  std::vector<std::string> m_mounted;
  std::uint64_t m_generation = 0;
};

// The content packs (*.kpack) at the top of a stick, by name.
std::vector<std::string> PacksOn(const std::string& mountPoint);

// One pack from a stick: checked and previewed at once, installed when staff say so. The work is
// done on a thread of the job's own; destroying the job cancels it and waits for the thread.
class ImportJob {
 public:
  enum class Stage {
    kChecking,    // reading the signature, the manifest and the content
    kPreview,     // `GetPreview()` is ready: waiting for Install() or Cancel()
    kInstalling,  // Fraction() grows
    kInstalled,   // `Installed()` is ready
    kFailed,      // Error() says why; the store is as it was
    kCancelled,   // the store is as it was
  };
  ImportJob(std::string packPath, std::string contentDir, std::string trustDir, std::string today,
            std::function<void()> changed);
  ~ImportJob();
  ImportJob(const ImportJob&) = delete;
  ImportJob& operator=(const ImportJob&) = delete;

  Stage GetStage() const;
  bool Busy() const {
    const Stage stage = GetStage();
    return stage == Stage::kChecking || stage == Stage::kInstalling;
  }
  const std::string& PackPath() const { return m_packPath; }
  // Valid from kPreview on (not after a failed check).
  const packs::Preview& GetPreview() const { return m_preview; }
  const packs::Installed& Installed() const { return m_installed; }
  const std::string& Error() const { return m_error; }
  // Why the pack was refused, for staff; kNone when the stick could not be read or the kiosk
  // failed (EnvironmentError()).
  packs::Refusal Why() const { return m_why; }
  // The failure was the machine's (a disk full, a stick that cannot be read), not the pack's.
  bool EnvironmentError() const { return m_environment; }
  // True once, after the install put the new version in place: the kiosk reads the packs again.
  bool TakeInstalled();
  // How much of the pack is copied and checked, 0 to 1.
  float Fraction() const;
  // From kPreview: installs.
  void Install();
  // Before kInstalled: stops, leaving the store as it was.
  void Cancel();
  // The stick the pack is on was taken out: cancels, and says so from now on.
  void StickPulled() {
    m_pulled = true;
    Cancel();
  }
  bool Pulled() const { return m_pulled; }

 private:
  void Run();
  void SetStage(Stage stage);
  // Ends the job with `error`: failed, or cancelled when staff cancelled it.
  void Fail(const base::Error& error);

  const std::string m_packPath, m_contentDir, m_trustDir, m_today;
  const std::function<void()> m_changed;
  mutable std::mutex m_mutex;
  std::condition_variable m_decided;
  Stage m_stage = Stage::kChecking;
  bool m_install = false;  // staff's decision, under m_mutex
  bool m_taken = false;    // TakeInstalled() said so, under m_mutex
  // Written by the thread before it sets the stage that makes them valid.
  packs::Preview m_preview;
  packs::Installed m_installed;
  std::string m_error;
  bool m_environment = false;
  packs::Refusal m_why = packs::Refusal::kNone;
  std::atomic<bool> m_pulled{false};
  packs::Progress m_progress;
  std::thread m_thread;  // last: it starts once the rest is ready
};

// The counts written onto a stick (ExportCounts) on a thread of the job's own: a slow or failing
// stick does not hold up the screen. Destroying the job waits for its thread.
class ExportJob {
 public:
  ExportJob(std::string stateDir, std::string mountPoint, std::string centre, std::string today,
            std::function<void()> changed);
  ~ExportJob();
  ExportJob(const ExportJob&) = delete;
  ExportJob& operator=(const ExportJob&) = delete;

  bool Done() const;
  // Once Done(): the files written, or why not.
  const base::Result<std::vector<std::string>>& Written() const { return *m_written; }

 private:
  const std::function<void()> m_changed;
  mutable std::mutex m_mutex;
  bool m_done = false;  // under m_mutex; m_written is set before
  std::optional<base::Result<std::vector<std::string>>> m_written;
  std::thread m_thread;
};

// Writes the counts in stateDir onto a stick, in the folder `mountPoint`: the CSV of
// `kioskctl stats export` and its HTML report, each written atomically (temporary file, fsync,
// rename, fsync of the folder), named by centre, kiosk and day. Returns the files' names; fails
// naming the file and the reason (a full or pulled stick), leaving no partial file behind.
base::Result<std::vector<std::string>> ExportCounts(const std::string& stateDir,
                                                    const std::string& mountPoint,
                                                    const std::string& centre,
                                                    const std::string& today);

}  // namespace kiosk::usb
