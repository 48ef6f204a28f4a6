// Staff mode's lock: the staff PIN, kept as a libsodium crypto_pwhash string (never the PIN
// itself) in the state folder, and a pad that locks after five wrong tries, for a minute, then
// longer, across restarts. Main thread.
#pragma once

#include <string>

#include "base/base.h"

namespace kiosk::staff {

class Pin {
 public:
  // How hard each try is: libsodium's interactive limits on a kiosk (about a tenth of a second
  // and 64 MiB), its minimum for tests.
  enum class Cost { kInteractive, kTest };
  // The PIN and lock files in stateDir (staff-pin, staff-lock).
  explicit Pin(std::string stateDir, Cost cost = Cost::kInteractive);

  // Not set: staff may choose one. Unreadable: the PIN file is there but cannot be read or is no
  // PIN hash; staff mode is off (it never lets the PIN be chosen anew), and the log says why.
  enum class State { kNotSet, kSet, kUnreadable };
  State GetState() const { return m_state; }
  // Sets (or changes) the PIN: 4 to 8 digits. Fails saying why, or naming the file.
  base::Result<bool> Set(const std::string& pin);

  enum class Outcome { kRight, kWrong, kLocked };
  // One try at `now` (the wall clock, so that a restart does not reset the lock; a lock longer
  // than any can be, after the clock was set back, ends at the longest).
  Outcome Try(const std::string& pin, base::WallTime now);
  // Wrong tries left before the pad locks.
  int TriesLeft() const;
  // While locked, when it opens again; now or earlier when it is open.
  base::WallTime LockedUntil() const { return m_lockedUntil; }

  static constexpr int kTries = 5;

 private:
  void SaveLock() const;

  std::string m_pinFile, m_lockFile;
  Cost m_cost;
  State m_state = State::kNotSet;
  std::string m_hash;
  int m_wrong = 0;     // wrong tries since the pad last locked or opened
  int m_lockouts = 0;  // how often it locked since the last right PIN: each lock lasts longer
  base::WallTime m_lockedUntil{};
};

}  // namespace kiosk::staff
