// The kiosk as the service manager sees it (kiosk/app/service.cpp), without systemd: the test is
// the notify socket, a unix datagram socket it binds and names in NOTIFY_SOCKET, as systemd does
// for a Type=notify unit. A real kiosk process, headless, on an empty store.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_dir.h"

extern char** environ;

namespace kiosk::app {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// The socket systemd would listen on: what the kiosk sends, one datagram a notification.
class NotifySocket {
 public:
  explicit NotifySocket(const fs::path& path) : m_path(path) {
    m_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
    m_bound = m_fd >= 0 && bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~NotifySocket() {
    if (m_fd >= 0) close(m_fd);
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  bool bound() const { return m_bound; }
  const fs::path& path() const { return m_path; }

  // The next notification within `wait`; none when nothing came.
  std::optional<std::string> Receive(Clock::duration wait) {
    pollfd poller{m_fd, POLLIN, 0};
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wait).count();
    if (poll(&poller, 1, static_cast<int>(ms)) != 1) return std::nullopt;
    char buffer[4096];
    const ssize_t got = recv(m_fd, buffer, sizeof(buffer), 0);
    if (got < 0) return std::nullopt;
    return std::string(buffer, static_cast<size_t>(got));
  }

  // Every notification until `end`.
  std::vector<std::pair<Clock::time_point, std::string>> ReceiveUntil(Clock::time_point end) {
    std::vector<std::pair<Clock::time_point, std::string>> got;
    for (Clock::time_point now = Clock::now(); now < end; now = Clock::now()) {
      if (std::optional<std::string> message = Receive(end - now)) {
        got.emplace_back(Clock::now(), *message);
      }
    }
    return got;
  }

 private:
  fs::path m_path;
  int m_fd = -1;
  bool m_bound = false;
};

class ServiceTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (m_pid > 0) {
      kill(m_pid, SIGCONT);
      kill(m_pid, SIGKILL);
      waitpid(m_pid, nullptr, 0);
    }
  }

  // Starts the kiosk as a Type=notify service would, with `extra` in its environment; its log
  // goes to log().
  void StartKiosk(const std::vector<std::string>& extra) {
    fs::create_directories(m_temp / "store");
    std::vector<std::string> variables = extra;
    for (char** entry = environ; *entry; ++entry) variables.emplace_back(*entry);
    variables.emplace_back("SDL_AUDIODRIVER=dummy");
    std::vector<char*> envp;
    for (std::string& variable : variables) envp.push_back(variable.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = {KIOSK_BINARY, "--headless",
                                     "--content",  (m_temp / "store").string(),
                                     "--state",    (m_temp / "state").string()};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, STDERR_FILENO, log().c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_EQ(posix_spawn(&m_pid, KIOSK_BINARY, &files, nullptr, argv.data(), envp.data()), 0);
    posix_spawn_file_actions_destroy(&files);
  }

  // The kiosk's exit status after SIGTERM; -1 when it did not end normally.
  int Stop() {
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  fs::path log() const { return m_temp / "kiosk.log"; }

  testing::TempDir m_temp{"kiosk-service-test"};
  pid_t m_pid = -1;
};

TEST_F(ServiceTest, ReadyAfterTheFirstFramePingsAtHalfTheIntervalOnlyWhileTheLoopRunsStopping) {
  NotifySocket notify(m_temp / "notify");
  ASSERT_TRUE(notify.bound()) << std::strerror(errno);
  // cage is the unit's main process: WATCHDOG_PID names it, not the kiosk, and the kiosk pings
  // all the same (NotifyAccess=all lets it).
  StartKiosk(
      {"NOTIFY_SOCKET=" + notify.path().string(), "WATCHDOG_USEC=1000000", "WATCHDOG_PID=1"});

  const std::optional<std::string> first = notify.Receive(60s);  // a sanitizer build is slow
  ASSERT_TRUE(first) << "no notification; the kiosk's log:\n" << testing::ReadFile(log());
  EXPECT_EQ(*first, "READY=1");
  EXPECT_NE(testing::ReadFile(log()).find("first frame"), std::string::npos)
      << "ready only once the first frame is on the screen";
  EXPECT_NE(testing::ReadFile(log()).find("watchdog: a ping every 500 ms"), std::string::npos);

  // Idle at the home screen: a ping every half second, never more often.
  const auto idle = notify.ReceiveUntil(Clock::now() + 3200ms);
  ASSERT_GE(idle.size(), 3u) << "the watchdog would restart an idle kiosk";
  EXPECT_LE(idle.size(), 7u) << "more wake-ups than the watchdog needs";
  for (size_t i = 0; i < idle.size(); ++i) {
    EXPECT_EQ(idle[i].second, "WATCHDOG=1");
    if (i > 0) {
      EXPECT_GE(idle[i].first - idle[i - 1].first, 450ms) << "ping " << i;
    }
  }

  // A frame loop that does not run (stopped, as a hung one would be): no pings, though every
  // other thread of the kiosk would be free to send them.
  ASSERT_EQ(kill(m_pid, SIGSTOP), 0);
  (void)notify.ReceiveUntil(Clock::now() + 200ms);  // one already under way
  EXPECT_TRUE(notify.ReceiveUntil(Clock::now() + 1500ms).empty()) << "pings while stopped";
  ASSERT_EQ(kill(m_pid, SIGCONT), 0);
  const std::optional<std::string> again = notify.Receive(5s);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, "WATCHDOG=1") << "the loop, going on, pings again";

  ASSERT_EQ(kill(m_pid, SIGTERM), 0);
  std::optional<std::string> last;
  for (auto message = notify.Receive(30s); message; message = notify.Receive(30s)) {
    last = message;
    if (*message != "WATCHDOG=1") break;
  }
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, "STOPPING=1");
  EXPECT_EQ(Stop(), 0);
}

TEST_F(ServiceTest, WithoutAWatchdogTheKioskOnlySaysReadyAndStopping) {
  NotifySocket notify(m_temp / "notify");
  ASSERT_TRUE(notify.bound()) << std::strerror(errno);
  StartKiosk({"NOTIFY_SOCKET=" + notify.path().string()});
  const std::optional<std::string> first = notify.Receive(60s);
  ASSERT_TRUE(first) << testing::ReadFile(log());
  EXPECT_EQ(*first, "READY=1");
  EXPECT_TRUE(notify.ReceiveUntil(Clock::now() + 1500ms).empty()) << "no wake-ups for nobody";
  ASSERT_EQ(kill(m_pid, SIGTERM), 0);
  const std::optional<std::string> last = notify.Receive(30s);
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, "STOPPING=1");
  EXPECT_EQ(Stop(), 0);
}

}  // namespace
}  // namespace kiosk::app
