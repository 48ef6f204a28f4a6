// What staff do with a stick: install a pack from it (on the job's own thread, with a preview
// first, progress and cancel), and write the usage counts onto it.
//
// A stick may hold anything: a link out of it, a FIFO named like a pack, or be a device that stops
// answering. So a pack is read only once it is known to be a regular file on the stick, and each
// job's thread owns what it works on (a shared State): when the job is destroyed while its thread
// is stuck in a read, the thread can be left behind without touching freed memory, and its
// `changed` callback (which reaches the main loop) is cut off first.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>

#include "stats/stats.h"
#include "usb/usb.h"

namespace kiosk::usb {
namespace {

namespace fs = std::filesystem;

bool Below(const fs::path& path, const fs::path& folder) {
  const auto [end, _] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
  return end == folder.end() && path != folder;
}

// `text` with every `from` replaced by `to`.
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  if (from.empty() || from == to) return text;
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Waits for a job's thread at most `limit` (zero: not at all), then joins it or leaves it to end
// on its own; `cut` makes sure it calls nobody once it is left.
template <class State>
void EndThread(std::thread& thread, State& state, std::chrono::seconds limit, const char* what) {
  std::unique_lock lock(state.mutex);
  if (!state.ended.wait_for(lock, limit, [&] { return state.finished; })) {
    state.changed = nullptr;
    lock.unlock();
    base::Log(base::LogLevel::kWarning,
              "%s: the stick does not answer; the kiosk goes on without it", what);
    thread.detach();
    return;
  }
  lock.unlock();
  thread.join();
}

}  // namespace

// [SECTION] ImportJob

struct ImportJob::State {
  State(std::string pack, std::string content, std::string trust, std::string day,
        std::function<void()> wake)
      : packPath(std::move(pack)),
        contentDir(std::move(content)),
        trustDir(std::move(trust)),
        today(std::move(day)),
        changed(std::move(wake)) {}

  // Calls the main thread's `changed`, unless the job was left behind.
  void Changed() {
    std::lock_guard lock(mutex);
    if (changed) changed();
  }
  void SetStage(Stage to) {
    {
      std::lock_guard lock(mutex);
      // Cancelled while checking: what the check finds later no longer matters.
      if (stage != Stage::kCancelled) stage = to;
    }
    Changed();
  }
  // Ends the job with `error`: failed, or cancelled when staff cancelled it.
  void Fail(const base::Error& error, bool notFile = false) {
    // Messages name the pack by its path; the name on the stick is cleaned of what would break a
    // log line or the screen.
    message = ReplaceAll(ReplaceAll(error.message, readPath, CleanPath(readPath)), packPath,
                         CleanPath(packPath));
    environment = error.environment;
    why = static_cast<packs::Refusal>(error.reason);
    notAFile = notFile;
    if (progress.cancel) return SetStage(Stage::kCancelled);
    // A stick pulled out fails the read (EIO) before the mount table says it went: the pack's
    // file no longer answers then, and that, not the pack, is why.
    struct stat st {};
    if (::lstat(packPath.c_str(), &st) != 0) {
      pulled = true;
      environment = true;
    }
    // A refused pack is the pack's problem; a stick that cannot be read or a full disk, the
    // kiosk's.
    base::Log(environment ? base::LogLevel::kError : base::LogLevel::kWarning, "USB import: %s",
              message.c_str());
    SetStage(Stage::kFailed);
  }
  // The file the pack is read from: the listed one, or where a link on the stick leads on it.
  // Fails for a link that leaves the stick, and for what is not a regular file.
  base::Result<std::string> Resolve() const {
    struct stat st {};
    if (::lstat(packPath.c_str(), &st) != 0) {
      return base::Error{packPath + ": cannot be read: " + std::strerror(errno), true};
    }
    std::string path = packPath;
    if (S_ISLNK(st.st_mode)) {
      std::error_code stickError, targetError;
      const fs::path stick = fs::canonical(fs::path(packPath).parent_path(), stickError);
      const fs::path target = fs::weakly_canonical(packPath, targetError);
      if (stickError || targetError || !Below(target, stick)) {
        return base::Error{packPath + ": a link to " + target.string() +
                           ", which is not on the stick: the kiosk does not follow it"};
      }
      path = target.string();
    }
    base::Result<int> fd = base::OpenRegular(path, false);
    if (!fd) return fd.failure();
    ::close(fd.value());
    return path;
  }

  const std::string packPath, contentDir, trustDir, today;
  std::string readPath;  // set by the thread before it reads
  std::mutex mutex;
  std::condition_variable decided, ended;
  std::function<void()> changed;  // under `mutex`; cut off when the thread is left behind
  Stage stage = Stage::kChecking;
  bool install = false;   // staff's decision, under `mutex`
  bool taken = false;     // TakeInstalled() said so, under `mutex`
  bool finished = false;  // the thread's work is over, under `mutex`
  // Written by the thread before it sets the stage that makes them valid.
  packs::Preview preview;
  packs::Installed installed;
  std::string message;
  bool environment = false, notAFile = false;
  packs::Refusal why = packs::Refusal::kNone;
  std::atomic<bool> pulled{false};
  packs::Progress progress;
};

namespace {

void RunImport(ImportJob::State& s) {
  using Stage = ImportJob::Stage;
  base::Result<std::string> path = s.Resolve();
  if (!path) return s.Fail(path.failure(), !path.environmentError());
  s.readPath = path.value();
  base::Result<packs::Preview> preview =
      packs::PreviewPack(s.readPath, s.contentDir, s.trustDir, s.today);
  if (!preview) return s.Fail(preview.failure());
  s.preview = std::move(preview.value());
  s.SetStage(s.progress.cancel ? Stage::kCancelled : Stage::kPreview);
  {
    std::unique_lock lock(s.mutex);
    s.decided.wait(lock, [&] { return s.install || s.progress.cancel; });
    if (!s.install) return;  // cancelled at the preview
  }
  base::Result<packs::Installed> installed = packs::InstallPack(
      s.readPath, s.contentDir, s.trustDir, s.today, &s.progress, &s.preview.signature);
  if (!installed) return s.Fail(installed.failure());
  s.installed = std::move(installed.value());
  base::Log(base::LogLevel::kInfo, "USB import: installed %s version %llu from %s",
            s.installed.manifest.id.c_str(),
            static_cast<unsigned long long>(s.installed.manifest.version),
            CleanPath(s.packPath).c_str());
  s.SetStage(Stage::kInstalled);
}

}  // namespace

ImportJob::ImportJob(std::string packPath, std::string contentDir, std::string trustDir,
                     std::string today, std::function<void()> changed)
    : m_state(std::make_shared<State>(std::move(packPath), std::move(contentDir),
                                      std::move(trustDir), std::move(today), std::move(changed))) {
  m_state->progress.changed = [state = m_state.get()] { state->Changed(); };
  m_thread = std::thread([state = m_state] {
    RunImport(*state);
    std::lock_guard lock(state->mutex);
    state->finished = true;
    state->ended.notify_all();
  });
}

ImportJob::~ImportJob() {
  Cancel();
  // Only an install may be changing the store: it is given time to stop where it is safe to.
  std::chrono::seconds wait{0};
  {
    std::lock_guard lock(m_state->mutex);
    if (m_state->install) wait = kJobWait;
  }
  EndThread(m_thread, *m_state, wait, ("USB import of " + CleanPath(PackPath())).c_str());
}

ImportJob::Stage ImportJob::GetStage() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->stage;
}

const std::string& ImportJob::PackPath() const {
  return m_state->packPath;
}
const packs::Preview& ImportJob::GetPreview() const {
  return m_state->preview;
}
const packs::Installed& ImportJob::Installed() const {
  return m_state->installed;
}
const std::string& ImportJob::Error() const {
  return m_state->message;
}
packs::Refusal ImportJob::Why() const {
  return m_state->why;
}
bool ImportJob::EnvironmentError() const {
  return m_state->environment;
}
bool ImportJob::NotAFile() const {
  return m_state->notAFile;
}
bool ImportJob::Pulled() const {
  return m_state->pulled;
}

float ImportJob::Fraction() const {
  const std::uint64_t total = m_state->progress.total;
  return total == 0 ? 0.0f
                    : static_cast<float>(static_cast<double>(m_state->progress.done) /
                                         static_cast<double>(total));
}

void ImportJob::Install() {
  std::lock_guard lock(m_state->mutex);
  if (m_state->stage != Stage::kPreview) return;
  m_state->install = true;
  m_state->stage = Stage::kInstalling;
  m_state->decided.notify_all();
}

void ImportJob::Cancel() {
  std::lock_guard lock(m_state->mutex);
  m_state->progress.cancel = true;
  if (m_state->stage == Stage::kPreview || m_state->stage == Stage::kChecking) {
    m_state->stage = Stage::kCancelled;
  }
  m_state->decided.notify_all();
}

void ImportJob::StickPulled() {
  m_state->pulled = true;
  Cancel();
}

bool ImportJob::TakeInstalled() {
  std::lock_guard lock(m_state->mutex);
  if (m_state->stage != Stage::kInstalled || m_state->taken) return false;
  m_state->taken = true;
  return true;
}

// [SECTION] ExportJob

struct ExportJob::State {
  std::mutex mutex;
  std::condition_variable ended;
  std::function<void()> changed;  // under `mutex`; cut off when the thread is left behind
  bool finished = false;          // under `mutex`; `written` is set before
  std::optional<base::Result<std::vector<std::string>>> written;
};

ExportJob::ExportJob(std::string stateDir, std::string mountPoint, std::string centre,
                     std::string today, std::function<void()> changed)
    : m_mountPoint(std::move(mountPoint)), m_state(std::make_shared<State>()) {
  m_state->changed = std::move(changed);
  m_thread =
      std::thread([state = m_state, stateDir = std::move(stateDir), mountPoint = m_mountPoint,
                   centre = std::move(centre), today = std::move(today)] {
        base::Result<std::vector<std::string>> written =
            ExportCounts(stateDir, mountPoint, centre, today);
        if (!written) base::Log(base::LogLevel::kError, "export: %s", written.error().c_str());
        std::lock_guard lock(state->mutex);
        state->written = std::move(written);
        state->finished = true;
        state->ended.notify_all();
        if (state->changed) state->changed();
      });
}

ExportJob::~ExportJob() {
  EndThread(m_thread, *m_state, kJobWait, "export of the counts");
}

bool ExportJob::Done() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->finished;
}

const base::Result<std::vector<std::string>>& ExportJob::Written() const {
  return *m_state->written;
}

base::Result<std::vector<std::string>> ExportCounts(const std::string& stateDir,
                                                    const std::string& mountPoint,
                                                    const std::string& centre,
                                                    const std::string& today) {
  base::Result<std::vector<stats::ExportRow>> rows = stats::ExportState(stateDir, centre, today);
  if (!rows) return rows.failure();
  const std::vector<stats::ExportRow>& exported = rows.value();
  base::Result<std::string> kiosk = stats::KioskId(stateDir);  // for the file's name
  if (!kiosk) return kiosk.failure();
  // A name any stick's file system takes (FAT forbids : * ? " < > | \ /): the centre's name
  // as typed, less those.
  std::string name = "kiosk-counts-";
  for (char c : centre) {
    if (std::string(":*?\"<>|\\/").find(c) == std::string::npos &&
        static_cast<unsigned char>(c) >= 0x20) {
      name += c;
    }
  }
  name += (centre.empty() ? "" : "-") + kiosk.value() + "-" + today;
  std::vector<std::string> written;
  for (const auto& [extension, text] :
       {std::pair<std::string, std::string>{".csv", stats::ToCsv(exported)},
        {".html", stats::ReportHtml(exported, today)}}) {
    base::Result<std::string> file = base::WriteNewFile(mountPoint, name + extension, text);
    if (!file) return file.failure();
    if (file.value() != name + extension) {
      base::Log(base::LogLevel::kWarning,
                "export: %s on the stick is not a file of the kiosk's (a link, a FIFO or a "
                "folder): it is left as it is, and the counts are written as %s",
                CleanName(name + extension).c_str(), CleanName(file.value()).c_str());
    }
    written.push_back(file.value());
  }
  return written;
}

}  // namespace kiosk::usb
