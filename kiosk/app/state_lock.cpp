// One kiosk per state folder. Two kiosks on one folder would both count into its usage.db under
// its one kiosk id, every use twice over in the exports; the second one refuses to start. The
// lock is flock() on STATE/lock, held by an open descriptor for the process's life: the kernel
// lets it go however the process ends (SIGKILL, a power cut), so a stale lock never blocks a
// restart. Readers (kioskctl stats export) take no lock. Main thread.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include <imgui.h>  // IM_ASSERT

#include "app/app.h"

namespace kiosk::app {

StateLock::~StateLock() {
  if (m_fd >= 0) close(m_fd);
}

base::Result<bool> StateLock::Take(const std::string& stateDir) {
  namespace fs = std::filesystem;
  const std::string path = (fs::path(stateDir) / "lock").string();
  std::error_code error;
  fs::create_directories(stateDir, error);
  IM_ASSERT(m_fd < 0 && "the state folder's lock is taken once");
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  // A folder made read-only since the last start still has the lock file, and flock() takes a
  // descriptor open for reading.
  if (fd < 0) fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    // A folder the kiosk cannot write to (read-only, wrong owner) keeps no counts either: the
    // kiosk runs, and says so where the counts are opened.
    base::Log(base::LogLevel::kWarning,
              "%s: cannot be made (%s): a second kiosk on this state folder would not be "
              "noticed",
              path.c_str(), std::strerror(errno));
    return true;
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int why = errno;
    std::string holder;
    char text[32] = "";
    if (const ssize_t got = pread(fd, text, sizeof text - 1, 0); got > 0) {
      text[got] = '\0';
      holder = std::string(" (process ") + text + ")";
    }
    close(fd);
    if (why == EWOULDBLOCK) {
      return base::Error{"another kiosk" + holder + " already uses the state folder " + stateDir +
                         ": two would count every use twice. Stop it, or give this one a "
                         "folder of its own (--state DIR)"};
    }
    base::Log(base::LogLevel::kWarning,
              "%s: cannot be locked (%s): a second kiosk on this state folder would not be "
              "noticed",
              path.c_str(), std::strerror(why));
    return true;
  }
  // Who holds it, for the second kiosk's message. Only a help: the lock is the flock.
  const std::string pid = std::to_string(getpid());
  if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    base::Log(base::LogLevel::kWarning, "%s: cannot write the process id: %s", path.c_str(),
              std::strerror(errno));
  }
  m_fd = fd;
  return true;
}

}  // namespace kiosk::app
