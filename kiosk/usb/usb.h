// USB sticks: noticing one being mounted, and what staff do with it: install the content packs on
// it, and take the usage counts home on it. A plain library, no UI. The watcher and the jobs run
// on threads of their own; they tell the main thread through a `changed` callback (which wakes
// its loop) and hand results over under a lock; everything else is called on the main thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
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

// The content packs (*.kpack) at the top of a stick, by name: what is named like one and is not
// a folder, links and FIFOs included (a tap on one says why it is not read). Listing opens
// nothing, so nothing on the stick can make it wait.
std::vector<std::string> PacksOn(const std::string& mountPoint);

// A name from a stick as it may be shown and logged: control characters (a newline would forge a
// log line), bidirectional overrides and line separators, and bytes that are not UTF-8 each
// become U+FFFD; past `maxChars` characters the middle is left out for a "…", so that the end (a
// version, the extension) still shows.
std::string CleanName(const std::string& name, std::size_t maxChars = 255);
// A path on a stick with its last part cleaned (the mount point is the kiosk's own).
std::string CleanPath(const std::string& path);

// How long a job's thread is waited for when the job is destroyed while it is still copying a
// pack into the store (cancelled, it stops at its next read): a stick that no longer answers
// must not keep the kiosk from closing. Past it the thread is left to end on its own, with a
// log line. A job that is only reading (checking a pack, waiting at its preview) is not waited
// for at all: it changes nothing.
constexpr std::chrono::seconds kJobWait{5};

// One pack from a stick: checked and previewed at once, installed when staff say so. The work is
// done on a thread of the job's own, which owns what it works on: destroying the job cancels it
// and waits for the thread only as kJobWait says.
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
  // As listed on the stick (the file's name is CleanName()d for the screen).
  const std::string& PackPath() const;
  // Valid from kPreview on (not after a failed check).
  const packs::Preview& GetPreview() const;
  const packs::Installed& Installed() const;
  // Why it failed, naming the file (cleaned) and the field.
  const std::string& Error() const;
  // Why the pack was refused, for staff; kNone when the stick could not be read, the file is not
  // a pack file (NotAFile()), or the kiosk failed (EnvironmentError()).
  packs::Refusal Why() const;
  // The failure was the machine's (a disk full, a stick that cannot be read), not the pack's.
  bool EnvironmentError() const;
  // What was tapped is a link that leaves the stick, a FIFO, a device: not read at all.
  bool NotAFile() const;
  // True once, after the install put the new version in place: the kiosk reads the packs again.
  bool TakeInstalled();
  // How much of the pack is copied and checked, 0 to 1.
  float Fraction() const;
  // From kPreview: installs.
  void Install();
  // Before kInstalled: stops, leaving the store as it was. While checking, at once (a stick that
  // does not answer does not hold it up); while installing, at the install's next read.
  void Cancel();
  // The stick the pack is on was taken out: cancels, and says so from now on.
  void StickPulled();
  bool Pulled() const;

  struct State;  // what the job's thread shares with it

 private:
  std::shared_ptr<State> m_state;
  std::thread m_thread;
};

// The counts written onto a stick (ExportCounts) on a thread of the job's own: a slow or failing
// stick does not hold up the screen. Destroying the job waits for its thread at most kJobWait.
class ExportJob {
 public:
  ExportJob(std::string stateDir, std::string mountPoint, std::string centre, std::string today,
            std::function<void()> changed);
  ~ExportJob();
  ExportJob(const ExportJob&) = delete;
  ExportJob& operator=(const ExportJob&) = delete;

  bool Done() const;
  // Once Done(): the files written, or why not.
  const base::Result<std::vector<std::string>>& Written() const;
  const std::string& MountPoint() const { return m_mountPoint; }

  struct State;

 private:
  const std::string m_mountPoint;
  std::shared_ptr<State> m_state;
  std::thread m_thread;
};

// Writes the counts in stateDir onto a stick, in the folder `mountPoint`: the CSV of
// `kioskctl stats export` and its HTML report, each written atomically (temporary file, fsync,
// rename, fsync of the folder), named by centre, kiosk and day. Nothing on the stick is followed
// or written through (base::WriteNewFile): where a link, FIFO or folder has a file's name, the
// file gets another. Returns the files' names as written; fails naming the file and the reason
// (a full or pulled stick), leaving no partial file behind.
base::Result<std::vector<std::string>> ExportCounts(const std::string& stateDir,
                                                    const std::string& mountPoint,
                                                    const std::string& centre,
                                                    const std::string& today);

}  // namespace kiosk::usb
