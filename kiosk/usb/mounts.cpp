// Noticing USB sticks: the mount table, read when the kernel marks it changed, and what is on a
// stick, listed and named as it may be shown. The watcher's own thread waits in poll();
// Mounted() and Generation() are for the main thread; the rest is for any thread.
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <thread>

#include "usb/usb.h"

namespace kiosk::usb {
namespace {

// "\040" → " ": the kernel writes spaces, tabs, newlines and backslashes in octal.
std::string Unescape(const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() &&
        field.substr(i + 1, 3).find_first_not_of("01234567") == std::string::npos) {
      out += static_cast<char>(std::stoi(field.substr(i + 1, 3), nullptr, 8));
      i += 3;
      continue;
    }
    out += field[i];
  }
  return out;
}

bool Below(const std::string& path, const std::string& root) {
  const std::string prefix = root.back() == '/' ? root : root + "/";
  return path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0;
}

// Filesystems that hold no files of a stick. An automount (systemd-mount --automount=yes, an
// fstab x-systemd.automount) shows as autofs at the mount point before the stick is mounted
// there: reading it would mount it, or wait for it.
bool IsPseudo(const std::string& type) {
  for (const char* pseudo : {"autofs", "proc", "sysfs", "devpts", "devtmpfs", "cgroup", "cgroup2",
                             "securityfs", "debugfs", "tracefs", "configfs", "fusectl", "mqueue",
                             "pstore", "bpf", "binfmt_misc", "hugetlbfs", "rpc_pipefs", "nsfs"}) {
    if (type == pseudo) return true;
  }
  return false;
}

// The whole mount table, read from its start.
std::string ReadTable(int fd) {
  std::string text;
  char buffer[4096];
  if (::lseek(fd, 0, SEEK_SET) != 0) return text;
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

class MountWatcher final : public Sticks {
 public:
  MountWatcher(int table, int stop, std::vector<std::string> roots, std::function<void()> changed)
      : m_table(table), m_stop(stop), m_roots(std::move(roots)), m_changed(std::move(changed)) {
    m_mounted = StickMounts(ReadTable(m_table), m_roots);
    m_thread = std::thread([this] { Run(); });
  }
  ~MountWatcher() override {
    const std::uint64_t one = 1;
    (void)!::write(m_stop, &one, sizeof one);
    m_thread.join();
    ::close(m_table);
    ::close(m_stop);
  }

  std::vector<std::string> Mounted() const override {
    std::lock_guard lock(m_mutex);
    return m_mounted;
  }
  std::uint64_t Generation() const override { return m_generation; }

 private:
  void Run() {
    for (;;) {
      pollfd fds[2] = {{m_table, POLLPRI, 0}, {m_stop, POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        base::Log(base::LogLevel::kError, "USB sticks are no longer watched: poll: %s",
                  std::strerror(errno));
        return;
      }
      if (fds[1].revents) return;
      if (!(fds[0].revents & (POLLPRI | POLLERR))) continue;
      std::vector<std::string> mounted = StickMounts(ReadTable(m_table), m_roots);
      {
        std::lock_guard lock(m_mutex);
        if (mounted == m_mounted) continue;
        m_mounted = std::move(mounted);
      }
      ++m_generation;
      m_changed();
    }
  }

  const int m_table, m_stop;  // the mount table, and an eventfd that ends the thread
  const std::vector<std::string> m_roots;
  const std::function<void()> m_changed;
  mutable std::mutex m_mutex;
  std::vector<std::string> m_mounted;  // under m_mutex
  std::atomic<std::uint64_t> m_generation{0};
  std::thread m_thread;
};

}  // namespace

std::vector<std::string> StickMounts(const std::string& mountsText,
                                     const std::vector<std::string>& roots) {
  std::vector<std::string> mounts;
  std::istringstream lines(mountsText);
  for (std::string line; std::getline(lines, line);) {
    // "device mountpoint type options 0 0"
    std::istringstream fields(line);
    std::string device, point, type;
    if (!(fields >> device >> point >> type)) continue;
    if (IsPseudo(type)) continue;
    point = Unescape(point);
    if (std::find(mounts.begin(), mounts.end(), point) != mounts.end()) continue;
    for (const std::string& root : roots) {
      if (!root.empty() && Below(point, root)) {
        mounts.push_back(point);
        break;
      }
    }
  }
  return mounts;
}

base::Result<std::unique_ptr<Sticks>> WatchMounts(std::vector<std::string> roots,
                                                  std::function<void()> changed,
                                                  const std::string& mountTable) {
  const int table = ::open(mountTable.c_str(), O_RDONLY | O_CLOEXEC);
  if (table < 0) {
    return base::Error{mountTable + ": cannot be read: " + std::strerror(errno), true};
  }
  const int stop = ::eventfd(0, EFD_CLOEXEC);
  if (stop < 0) {
    ::close(table);
    return base::Error{std::string("eventfd: ") + std::strerror(errno), true};
  }
  return std::unique_ptr<Sticks>(
      std::make_unique<MountWatcher>(table, stop, std::move(roots), std::move(changed)));
}

std::vector<std::string> PacksOn(const std::string& mountPoint) {
  namespace fs = std::filesystem;
  std::vector<std::string> packs;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(mountPoint, error)) {
    // The entry itself, not where a link leads: nothing off the stick is looked at.
    std::error_code typeError;
    if (entry.path().extension() == ".kpack" &&
        !fs::is_directory(entry.symlink_status(typeError))) {
      packs.push_back(entry.path().string());
    }
  }
  std::sort(packs.begin(), packs.end());
  return packs;
}

namespace {

// The code point of the UTF-8 sequence at text[at], and its length; a length of 0 for a byte
// that starts no valid sequence (overlong forms, surrogates and values past U+10FFFF included).
std::pair<char32_t, std::size_t> DecodeUtf8(const std::string& text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const unsigned char first = byte(0);
  if (first < 0x80) return {first, 1};
  std::size_t length = 0;
  char32_t c = 0, least = 0;
  if ((first & 0xE0) == 0xC0) {
    length = 2, c = first & 0x1F, least = 0x80;
  } else if ((first & 0xF0) == 0xE0) {
    length = 3, c = first & 0x0F, least = 0x800;
  } else if ((first & 0xF8) == 0xF0) {
    length = 4, c = first & 0x07, least = 0x10000;
  } else {
    return {0, 0};
  }
  if (at + length > text.size()) return {0, 0};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return {0, 0};
    c = (c << 6) | (byte(i) & 0x3F);
  }
  if (c < least || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return {0, 0};
  return {c, length};
}

// Characters that would make a name more than a name: C0 and C1 controls (a newline starts a new
// log line), line and paragraph separators, and the bidirectional overrides and isolates that
// show a name's letters in another order than they are stored (Unicode TR #36, 2.2).
bool Hidden(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string CleanName(const std::string& name, std::size_t maxChars) {
  static const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::vector<std::string> chars;
  for (std::size_t at = 0; at < name.size();) {
    const auto [c, length] = DecodeUtf8(name, at);
    chars.push_back(length == 0 || Hidden(c) ? kReplacement : name.substr(at, length));
    at += std::max<std::size_t>(length, 1);
  }
  std::string clean;
  if (chars.size() <= maxChars || maxChars < 3) {
    for (const std::string& c : chars) clean += c;
    return clean;
  }
  // The end shows a name's version and extension: up to 16 characters, half of what is kept.
  const std::size_t tail = std::min<std::size_t>(16, (maxChars - 1) / 2);
  const std::size_t head = maxChars - 1 - tail;
  for (std::size_t i = 0; i < head; ++i) clean += chars[i];
  clean += "\xE2\x80\xA6";  // …
  for (std::size_t i = chars.size() - tail; i < chars.size(); ++i) clean += chars[i];
  return clean;
}

std::string CleanPath(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return CleanName(path);
  return path.substr(0, slash + 1) + CleanName(path.substr(slash + 1));
}

}  // namespace kiosk::usb
