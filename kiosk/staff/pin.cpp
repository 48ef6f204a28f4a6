// The staff PIN and the pad's lock (staff.h). Main thread.
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <regex>
#include <sstream>

#include "staff/staff.h"

namespace kiosk::staff {
namespace {

// The lock after the nth run of wrong tries: 1, 2, 4... minutes, at most an hour.
std::chrono::minutes LockFor(int lockouts) {
  return std::chrono::minutes(std::min(60, 1 << std::clamp(lockouts - 1, 0, 6)));
}

// A small file's text; nullopt when it is not there; an error when it is there but unreadable.
base::Result<std::optional<std::string>> ReadSmall(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return std::optional<std::string>();
  if (fd < 0) return base::Error{path + ": cannot be read", true};
  std::string text;
  char buffer[512];
  ssize_t n = 0;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0 && text.size() < 4096) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (n < 0) return base::Error{path + ": cannot be read", true};
  return std::optional<std::string>(text);
}

}  // namespace

Pin::Pin(std::string stateDir, Cost cost)
    : m_pinFile(stateDir + "/staff-pin"), m_lockFile(stateDir + "/staff-lock"), m_cost(cost) {
  if (sodium_init() < 0) {
    m_state = State::kUnreadable;
    base::Log(base::LogLevel::kError, "libsodium cannot start: staff mode is off");
    return;
  }
  // A PIN file that is there but cannot be read, or is not a hash, turns staff mode off; it
  // never lets the PIN be chosen anew.
  base::Result<std::optional<std::string>> pin = ReadSmall(m_pinFile);
  if (!pin) {
    m_state = State::kUnreadable;
  } else if (!pin.value()) {
    m_state = State::kNotSet;
  } else {
    m_hash = *pin.value();
    m_state = m_hash.rfind("$argon2", 0) == 0 ? State::kSet : State::kUnreadable;
  }
  if (m_state == State::kUnreadable) {
    base::Log(base::LogLevel::kError, "%s: not a staff PIN: staff mode is off", m_pinFile.c_str());
  }
  // "wrong lockouts until", as the last run left them; anything else is the strictest lock.
  base::Result<std::optional<std::string>> lock = ReadSmall(m_lockFile);
  if (lock && !lock.value()) return;
  long long until = 0;
  std::istringstream in(lock && lock.value() ? *lock.value() : "");
  if (!(in >> m_wrong >> m_lockouts >> until) || m_wrong < 0 || m_wrong >= kTries ||
      m_lockouts < 0 || m_lockouts > 1000) {
    m_wrong = 0;
    m_lockouts = 7;
    until = std::chrono::duration_cast<std::chrono::seconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count() +
            3600;
  }
  m_lockedUntil = base::WallTime(std::chrono::seconds(until));
}

base::Result<bool> Pin::Set(const std::string& pin) {
  if (m_state == State::kUnreadable) return base::Error{m_pinFile + ": staff mode is off", true};
  if (!std::regex_match(pin, std::regex("[0-9]{4,8}"))) {
    return base::Error{"a staff PIN is 4 to 8 digits"};
  }
  char hash[crypto_pwhash_STRBYTES];
  const bool test = m_cost == Cost::kTest;
  if (crypto_pwhash_str(hash, pin.c_str(), pin.size(),
                        test ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        test ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE) !=
      0) {
    return base::Error{"the PIN cannot be hashed: out of memory", true};
  }
  // Whole or not at all, and for the kiosk's user alone: a cut PIN file would lock staff out for
  // good, and a readable hash of a 4-digit PIN is found in minutes.
  base::Result<bool> written = base::WriteAtomically(m_pinFile, hash, 0600);
  if (!written) return written;
  m_hash = hash;
  m_state = State::kSet;
  m_wrong = m_lockouts = 0;
  SaveLock();
  return true;
}

Pin::Outcome Pin::Try(const std::string& pin, base::WallTime now) {
  // A lock that ends further ahead than the longest one can (a clock set back since) ends then.
  m_lockedUntil = std::min(m_lockedUntil, now + LockFor(std::max(m_lockouts, 1)));
  if (now < m_lockedUntil || m_state != State::kSet) return Outcome::kLocked;
  if (crypto_pwhash_str_verify(m_hash.c_str(), pin.c_str(), pin.size()) == 0) {
    m_wrong = m_lockouts = 0;
    SaveLock();
    return Outcome::kRight;
  }
  if (++m_wrong >= kTries) {
    m_wrong = 0;
    ++m_lockouts;
    m_lockedUntil = std::chrono::floor<std::chrono::seconds>(now) + LockFor(m_lockouts);
  }
  SaveLock();
  return Outcome::kWrong;
}

int Pin::TriesLeft() const {
  return kTries - m_wrong;
}

void Pin::SaveLock() const {
  const long long until =
      std::chrono::duration_cast<std::chrono::seconds>(m_lockedUntil.time_since_epoch()).count();
  base::Result<bool> written =
      base::WriteAtomically(m_lockFile,
                            std::to_string(m_wrong) + " " + std::to_string(m_lockouts) + " " +
                                std::to_string(until) + "\n",
                            0600);
  if (!written) base::Log(base::LogLevel::kError, "staff lock: %s", written.error().c_str());
}

}  // namespace kiosk::staff
