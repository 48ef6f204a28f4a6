// A FUSE stick a test can make stop answering (tests/support/test_stick.cpp), as a folder whose
// files the test fills: Hold() its reads past a byte or its writes, Go() on, or Pull() it (EIO
// from then on); Waiting() says whether something is held now. Skips, saying why, where FUSE cannot
// be mounted.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace kiosk::testing {

class TestStick {
 public:
  // Serves `folder` at `mountPoint`; Mounted() says whether it could.
  TestStick(const std::filesystem::path& folder, const std::filesystem::path& mountPoint)
      : m_mountPoint(mountPoint), m_waiting(folder.string() + ".waiting") {
    int fds[2];
    if (::pipe(fds) != 0) return;
    m_pid = ::fork();
    if (m_pid == 0) {
      ::dup2(fds[0], 0);
      ::close(fds[1]);
      ::execl(KIOSK_TEST_STICK, KIOSK_TEST_STICK, folder.c_str(), mountPoint.c_str(), nullptr);
      ::_exit(127);
    }
    ::close(fds[0]);
    m_control = ::fdopen(fds[1], "w");
    struct stat folderStat {};
    ::stat(mountPoint.parent_path().c_str(), &folderStat);
    // Mounted once the mount point is on another device than its parent (within 10 s).
    for (int i = 0; i < 1000; ++i) {
      struct stat st {};
      if (::stat(mountPoint.c_str(), &st) == 0 && st.st_dev != folderStat.st_dev) {
        m_mounted = true;
        return;
      }
      int status = 0;
      if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~TestStick() {
    if (m_mounted) Pull();
    if (m_mounted) ::umount2(m_mountPoint.c_str(), MNT_DETACH);
    if (m_control) ::fclose(m_control);
    if (m_pid > 0) {
      ::kill(m_pid, SIGTERM);
      ::waitpid(m_pid, nullptr, 0);
    }
  }
  TestStick(const TestStick&) = delete;
  TestStick& operator=(const TestStick&) = delete;

  bool Mounted() const { return m_mounted; }
  void Hold(long long afterBytes) { Say("hold " + std::to_string(afterBytes)); }
  void Go() { Say("go"); }
  void Pull() { Say("pull"); }
  bool Waiting() const { return std::filesystem::exists(m_waiting); }

 private:
  void Say(const std::string& line) {
    if (!m_control) return;
    fputs((line + "\n").c_str(), m_control);
    fflush(m_control);
    // The helper reads its commands on a thread of its own: this one takes effect before the
    // test's next step.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  std::filesystem::path m_mountPoint;
  std::filesystem::path m_waiting;
  pid_t m_pid = -1;
  FILE* m_control = nullptr;
  bool m_mounted = false;
};

}  // namespace kiosk::testing
