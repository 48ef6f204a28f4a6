// A USB stick for tests, as FUSE: the files of a folder, served through a mount point, whose reads
// and writes the test can hold (a stick that stops answering), let go, or fail from then on as a
// stick pulled out (EIO). Nothing else makes "a read that never returns" from a regular file.
//   test_stick FOLDER MOUNT_POINT
// Commands on stdin, one a line: "hold N" holds every read that reaches past byte N of a file,
// and every create, write and fsync; "go" lets them go on; "pull" fails them, and everything
// after, with EIO. While an operation is held, the file FOLDER.waiting exists. Runs until it is
// unmounted (or stdin ends after "pull"). Exit 77: FUSE cannot be mounted here.
#define FUSE_USE_VERSION 35
#include <dirent.h>
#include <fcntl.h>
#include <fuse.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

namespace {

std::string g_folder;
std::atomic<bool> g_held{false}, g_pulled{false};
std::atomic<long long> g_holdAt{0};

std::string Backing(const char* path) {
  return g_folder + path;
}

// Marks, by FOLDER.waiting, whether an operation is held: the test knows the kiosk is stuck.
void CountWaiting(int change) {
  static std::mutex mutex;
  static int waiting = 0;
  std::lock_guard lock(mutex);
  waiting += change;
  const std::string marker = g_folder + ".waiting";
  if (waiting == 0) {
    ::unlink(marker.c_str());
  } else if (waiting == 1 && change > 0) {
    ::close(::open(marker.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
  }
}

// 0 once the operation may go on; -EIO when the stick is "pulled".
int Wait(bool held) {
  if (held && g_held && !g_pulled) {
    CountWaiting(+1);
    while (g_held && !g_pulled) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CountWaiting(-1);
  }
  return g_pulled ? -EIO : 0;
}

int Errno(int result) {
  return result < 0 ? -errno : result;
}

int GetAttr(const char* path, struct stat* st, fuse_file_info*) {
  if (g_pulled) return -EIO;
  return Errno(::lstat(Backing(path).c_str(), st));
}

int ReadLink(const char* path, char* buffer, size_t size) {
  const ssize_t n = ::readlink(Backing(path).c_str(), buffer, size - 1);
  if (n < 0) return -errno;
  buffer[n] = 0;
  return 0;
}

int ReadDir(const char* path, void* buffer, fuse_fill_dir_t fill, off_t, fuse_file_info*,
            fuse_readdir_flags) {
  if (g_pulled) return -EIO;
  DIR* dir = ::opendir(Backing(path).c_str());
  if (!dir) return -errno;
  while (const dirent* entry = ::readdir(dir)) {
    fill(buffer, entry->d_name, nullptr, 0, static_cast<fuse_fill_dir_flags>(0));
  }
  ::closedir(dir);
  return 0;
}

int Open(const char* path, fuse_file_info* fi) {
  if (g_pulled) return -EIO;
  const int fd = ::open(Backing(path).c_str(), fi->flags & ~O_NOFOLLOW);
  if (fd < 0) return -errno;
  fi->fh = static_cast<uint64_t>(fd);
  fi->direct_io = 1;  // every read comes here, none from the page cache
  return 0;
}

int Create(const char* path, mode_t mode, fuse_file_info* fi) {
  if (const int wait = Wait(true); wait != 0) return wait;
  const int fd = ::open(Backing(path).c_str(), fi->flags, mode);
  if (fd < 0) return -errno;
  fi->fh = static_cast<uint64_t>(fd);
  fi->direct_io = 1;
  return 0;
}

int Read(const char*, char* buffer, size_t size, off_t offset, fuse_file_info* fi) {
  if (const int wait = Wait(offset + static_cast<off_t>(size) > g_holdAt); wait != 0) return wait;
  return Errno(static_cast<int>(::pread(static_cast<int>(fi->fh), buffer, size, offset)));
}

int Write(const char*, const char* buffer, size_t size, off_t offset, fuse_file_info* fi) {
  if (const int wait = Wait(true); wait != 0) return wait;
  return Errno(static_cast<int>(::pwrite(static_cast<int>(fi->fh), buffer, size, offset)));
}

int Fsync(const char*, int, fuse_file_info* fi) {
  if (const int wait = Wait(true); wait != 0) return wait;
  return Errno(::fsync(static_cast<int>(fi->fh)));
}

int Release(const char*, fuse_file_info* fi) {
  ::close(static_cast<int>(fi->fh));
  return 0;
}

int Rename(const char* from, const char* to, unsigned int flags) {
  if (g_pulled) return -EIO;
  return Errno(::renameat2(AT_FDCWD, Backing(from).c_str(), AT_FDCWD, Backing(to).c_str(), flags));
}

int Unlink(const char* path) {
  return Errno(::unlink(Backing(path).c_str()));
}

int Chmod(const char* path, mode_t mode, fuse_file_info*) {
  if (g_pulled) return -EIO;
  return Errno(::chmod(Backing(path).c_str(), mode));
}

int StatFs(const char* path, struct statvfs* st) {
  return Errno(::statvfs(Backing(path).c_str(), st));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: test_stick FOLDER MOUNT_POINT\n";
    return 1;
  }
  g_folder = argv[1];
  if (::access("/dev/fuse", R_OK | W_OK) != 0) return 77;
  std::thread([] {
    for (std::string line; std::getline(std::cin, line);) {
      if (line.rfind("hold ", 0) == 0) {
        g_holdAt = std::stoll(line.substr(5));
        g_held = true;
      } else if (line == "go") {
        g_held = false;
      } else if (line == "pull") {
        g_pulled = true;
      }
    }
  }).detach();
  fuse_operations ops{};
  ops.getattr = GetAttr;
  ops.readlink = ReadLink;
  ops.readdir = ReadDir;
  ops.open = Open;
  ops.create = Create;
  ops.read = Read;
  ops.write = Write;
  ops.fsync = Fsync;
  ops.release = Release;
  ops.rename = Rename;
  ops.unlink = Unlink;
  ops.chmod = Chmod;
  ops.statfs = StatFs;
  char foreground[] = "-f";
  char options[] = "-o";
  char allowOther[] = "default_permissions";
  char* args[] = {argv[0], argv[2], foreground, options, allowOther, nullptr};
  const int status = fuse_main(5, args, &ops, nullptr);
  return status == 0 ? 0 : 77;
}
