// Files written whole or not at all, for the state folder and USB sticks, and files opened only
// when they are regular files. Any thread.
//
// A stick is hostile ground: anyone may have put a link or a FIFO at the name the kiosk writes or
// reads. So a file is written under a folder's descriptor (openat/renameat: no path is looked up
// twice), into a temporary file of a random name created with O_EXCL|O_NOFOLLOW (nothing there
// is followed or truncated), and a file is read only once fstat() of its descriptor says it is
// regular (opened with O_NONBLOCK, which a FIFO's open() would otherwise wait on for good).
#include <fcntl.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/base.h"

namespace kiosk::base {
namespace {

namespace fs = std::filesystem;

std::string Reason(int error) {
  return std::strerror(error);
}

// What a file that is not regular is, in the words staff read in a message.
const char* KindOf(mode_t mode) {
  if (S_ISLNK(mode)) return "a link";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO (a pipe), not a file";
  if (S_ISSOCK(mode)) return "a socket, not a file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device, not a file";
  return "not a regular file";
}

// A name nobody can guess before the kiosk writes it: ".<name>.<16 hex digits>.part".
std::string TemporaryName(const std::string& name) {
  unsigned char random[8] = {};
  // getrandom() of 8 bytes does not fail once the kernel's pool is ready (it is, long before the
  // kiosk starts); a short read only makes the name less random, O_EXCL still guards it.
  (void)!::getrandom(random, sizeof random, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string temp = "." + name + ".";
  for (unsigned char byte : random) {
    temp += kHex[byte >> 4];
    temp += kHex[byte & 15];
  }
  return temp + ".part";
}

// "kiosk-counts.csv" → "kiosk-counts-2.csv": another name for a file beside one that is taken.
std::string Numbered(const std::string& name, int n) {
  const std::size_t dot = name.rfind('.');
  const std::size_t stem = dot == std::string::npos || dot == 0 ? name.size() : dot;
  return name.substr(0, stem) + "-" + std::to_string(n) + name.substr(stem);
}

class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }

 private:
  int m_fd;
};

enum class Replace {
  kAnything,     // the state folder's own files: whatever has the name is replaced
  kRegularOnly,  // a stick: a link, FIFO or folder at the name stays; another name is taken
};

// Writes `text` as `name` in the open folder `dir` (see the file's comment), shown in messages as
// `shown`. Returns the name written, which is `name` unless kRegularOnly found something that is
// not a regular file there; fails naming `shown` and the system's reason, leaving nothing behind.
Result<std::string> WriteIn(int dir, const std::string& name, const std::string& shown,
                            const std::string& text, int mode, Replace replace) {
  std::string temp;
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 8; ++attempt) {
    temp = TemporaryName(name);
    fd = ::openat(dir, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) return Error{shown + ": cannot be written: " + Reason(errno), true};
  ::fchmod(fd, static_cast<mode_t>(mode));  // whatever the umask is
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
  if (error != 0) {
    ::unlinkat(dir, temp.c_str(), 0);
    return Error{shown + ": not written: " + Reason(error), true};
  }
  std::string placed = name;
  int renamed = -1;
  if (replace == Replace::kAnything) {
    renamed = ::renameat(dir, temp.c_str(), dir, placed.c_str());
  } else {
    for (int n = 2; renamed != 0 && n < 100; ++n) {
      renamed = ::renameat2(dir, temp.c_str(), dir, placed.c_str(), RENAME_NOREPLACE);
      if (renamed == 0 || (errno != EEXIST && errno != EINVAL)) break;
      // Taken (or, EINVAL, a file system without RENAME_NOREPLACE): an earlier file of the
      // kiosk's own is replaced; a link, FIFO or folder is left alone and another name taken.
      struct stat there {};
      const bool absent = ::fstatat(dir, placed.c_str(), &there, AT_SYMLINK_NOFOLLOW) != 0;
      if (absent || S_ISREG(there.st_mode)) {
        renamed = ::renameat(dir, temp.c_str(), dir, placed.c_str());
        break;
      }
      placed = Numbered(name, n);
    }
  }
  if (renamed != 0) {
    error = errno;
    ::unlinkat(dir, temp.c_str(), 0);
    return Error{shown + ": cannot be put in place: " + Reason(error), true};
  }
  // The rename itself reaches the disk before the stick is called safe to remove.
  if (::fsync(dir) != 0) return Error{shown + ": written, but not flushed to the disk", true};
  return placed;
}

}  // namespace

Result<bool> WriteAtomically(const std::string& path, const std::string& text, int mode) {
  const fs::path parent = fs::path(path).parent_path();
  const Fd dir(::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return Error{path + ": cannot be written: " + Reason(errno), true};
  Result<std::string> written =
      WriteIn(dir.get(), fs::path(path).filename().string(), path, text, mode, Replace::kAnything);
  if (!written) return written.failure();
  return true;
}

Result<std::string> WriteNewFile(const std::string& folder, const std::string& name,
                                 const std::string& text) {
  const std::string shown = (fs::path(folder) / name).string();
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    return Error{shown + ": not a file name"};
  }
  const Fd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (dir.get() < 0) return Error{shown + ": cannot be written: " + Reason(errno), true};
  return WriteIn(dir.get(), name, shown, text, 0644, Replace::kRegularOnly);
}

Result<int> OpenRegular(const std::string& path, bool followLinks) {
  const int fd =
      ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW));
  if (fd < 0) {
    const int error = errno;
    if (error == ELOOP && !followLinks) return Error{path + ": " + KindOf(S_IFLNK)};
    // EWOULDBLOCK: another program holds a lease on it; a device that does not answer is the
    // machine's trouble too.
    return Error{path + ": cannot be read: " + Reason(error), true};
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int error = errno;
    ::close(fd);
    return Error{path + ": cannot be read: " + Reason(error), true};
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{path + ": " + KindOf(st.st_mode)};
  }
  // Reads of a regular file ignore O_NONBLOCK; it is cleared so that nothing later depends on it.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

}  // namespace kiosk::base
