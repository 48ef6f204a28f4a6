// Files written whole or not at all, for the state folder and USB sticks. Any thread.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/base.h"

namespace kiosk::base {

namespace fs = std::filesystem;

Result<bool> WriteAtomically(const std::string& path, const std::string& text, int mode) {
  const std::string temp = path + ".part";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) {
    return Error{path + ": cannot be written: " + std::strerror(errno), true};
  }
  ::fchmod(fd, static_cast<mode_t>(mode));  // a .part left by an earlier run keeps its own
  std::size_t done = 0;
  int error = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n < 0 ? errno : ENOSPC;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  ::close(fd);
  std::error_code ec;
  if (error != 0) {
    fs::remove(temp, ec);
    return Error{path + ": not written: " + std::strerror(error), true};
  }
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    return Error{path + ": cannot be put in place: " + ec.message(), true};
  }
  // The rename itself reaches the disk before the stick is called safe to remove.
  const fs::path parent = fs::path(path).parent_path();
  const int dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool synced = dir >= 0 && ::fsync(dir) == 0;
  if (dir >= 0) ::close(dir);
  if (!synced) return Error{path + ": written, but not flushed to the disk", true};
  return true;
}

}  // namespace kiosk::base
