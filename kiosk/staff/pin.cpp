// The staff PIN and the pad's lock (staff.h). Main thread.
#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "staff/staff.h"

namespace kiosk::staff {
namespace {

// The lock after the nth run of wrong tries: 1, 2, 4... minutes, at most an hour.
std::chrono::minutes LockFor(int lockouts) {
  return std::chrono::minutes(std::min(60, 1 << std::min(lockouts - 1, 6)));
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

Pin::Pin(std::string stateDir, Cost cost)
    : m_pinFile(stateDir + "/staff-pin"), m_lockFile(stateDir + "/staff-lock"), m_cost(cost) {
  if (sodium_init() < 0) base::Log(base::LogLevel::kError, "libsodium cannot start");
  // "wrong lockouts until": what the last run of the kiosk left.
  long long until = 0;
  std::istringstream(ReadAll(m_lockFile)) >> m_wrong >> m_lockouts >> until;
  m_lockedUntil = base::WallTime(std::chrono::seconds(until));
}

bool Pin::IsSet() const {
  return !ReadAll(m_pinFile).empty();
}

base::Result<bool> Pin::Set(const std::string& pin) {
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
  // Whole or not at all: a PIN file cut by a power failure would lock staff out for good.
  base::Result<bool> written = base::WriteAtomically(m_pinFile, hash);
  if (!written) return written;
  m_wrong = m_lockouts = 0;
  SaveLock();
  return true;
}

Pin::Outcome Pin::Try(const std::string& pin, base::WallTime now) {
  if (now < m_lockedUntil) return Outcome::kLocked;
  const std::string hash = ReadAll(m_pinFile);
  if (!hash.empty() && crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()) == 0) {
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
      base::WriteAtomically(m_lockFile, std::to_string(m_wrong) + " " + std::to_string(m_lockouts) +
                                            " " + std::to_string(until) + "\n");
  if (!written) base::Log(base::LogLevel::kError, "staff lock: %s", written.error().c_str());
}

}  // namespace kiosk::staff
