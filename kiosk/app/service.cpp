// The service manager's notifications (sd_notify(3), systemd.service(5)): READY=1 after the first
// frame, WATCHDOG=1 from the frame loop, STOPPING=1 when closing. The unit's main process is cage,
// not the kiosk, so the unit has NotifyAccess=all, and the watchdog's interval is read here from
// WATCHDOG_USEC: sd_watchdog_enabled() would refuse it, since WATCHDOG_PID names cage. Main thread
// only: a ping from a helper thread would keep a stuck frame loop alive.
#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <cstring>

#include "app/app.h"

namespace kiosk::app {

ServiceNotifier::ServiceNotifier() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  m_notify = socket && *socket;
  if (!m_notify) return;
  const char* usec = std::getenv("WATCHDOG_USEC");
  char* end = nullptr;
  const unsigned long long interval = usec ? std::strtoull(usec, &end, 10) : 0;
  if (usec && *end == '\0' && interval > 0) {
    // Half the interval, as sd_watchdog_enabled(3) advises: a late wake-up still comes in time.
    m_half = std::chrono::microseconds(interval / 2);
    base::Log(base::LogLevel::kInfo, "watchdog: a ping every %lld ms",
              static_cast<long long>(m_half.count() / 1000));
  }
}

void ServiceNotifier::Send(const char* state) {
  if (!m_notify) return;
  if (const int sent = sd_notify(0, state); sent < 0 && !m_failed) {
    m_failed = true;  // once: a loop that logs every ping would fill a small disk
    base::Log(base::LogLevel::kWarning, "the service manager was not told %s: %s", state,
              std::strerror(-sent));
  }
}

void ServiceNotifier::Ready(std::chrono::steady_clock::time_point now) {
  Send("READY=1");
  if (m_half.count() > 0) m_nextPing = now + m_half;
}

void ServiceNotifier::Stopping() {
  Send("STOPPING=1");
}

void ServiceNotifier::Ping(std::chrono::steady_clock::time_point now) {
  if (m_half.count() == 0 || now < m_nextPing) return;
  Send("WATCHDOG=1");
  m_nextPing = now + m_half;
}

std::optional<std::chrono::steady_clock::time_point> ServiceNotifier::NextPing() const {
  if (m_half.count() == 0) return std::nullopt;
  return m_nextPing;
}

}  // namespace kiosk::app
