// The staff PIN: kept only as a hash, right and wrong tries, and a pad that locks after five
// wrong ones, for a minute and then longer, and stays locked across a restart.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "staff/staff.h"
#include "support/temp_dir.h"

namespace kiosk::staff {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class PinTest : public ::testing::Test {
 protected:
  Pin Open() { return Pin(temp.path().string(), Pin::Cost::kTest); }
  testing::TempDir temp{"kiosk-pin-test"};
  base::WallTime now = base::WallTime(std::chrono::hours(24 * 20000));
};

TEST_F(PinTest, APinOfFourToEightDigitsIsKeptOnlyAsAHash) {
  Pin pin = Open();
  EXPECT_EQ(pin.GetState(), Pin::State::kNotSet);
  for (const char* bad : {"123", "123456789", "12a4", ""}) {
    base::Result<bool> set = pin.Set(bad);
    ASSERT_FALSE(set.ok()) << bad;
    EXPECT_NE(set.error().find("4 to 8 digits"), std::string::npos);
  }
  ASSERT_TRUE(pin.Set("2468").ok());
  EXPECT_EQ(pin.GetState(), Pin::State::kSet);
  const std::string kept = testing::ReadFile(temp / "staff-pin");
  EXPECT_EQ(fs::status(temp / "staff-pin").permissions() & fs::perms::others_read, fs::perms::none)
      << "nobody else reads the hash";
  EXPECT_EQ(kept.find("2468"), std::string::npos) << "never the PIN itself";
  EXPECT_EQ(kept.rfind("$argon2", 0), 0u) << kept;
  EXPECT_EQ(pin.Try("2468", now), Pin::Outcome::kRight);
  EXPECT_EQ(pin.Try("1357", now), Pin::Outcome::kWrong);
  EXPECT_EQ(Open().Try("2468", now), Pin::Outcome::kRight) << "a restart knows the PIN";
}

TEST_F(PinTest, FiveWrongTriesLockThePadForAMinuteThenLongerEvenAfterARestart) {
  Pin pin = Open();
  ASSERT_TRUE(pin.Set("2468").ok());
  for (int i = 0; i < 4; ++i) EXPECT_EQ(pin.Try("0000", now), Pin::Outcome::kWrong);
  EXPECT_EQ(pin.TriesLeft(), 1);
  EXPECT_EQ(pin.Try("0000", now), Pin::Outcome::kWrong);  // the fifth
  EXPECT_EQ(pin.Try("2468", now + 30s), Pin::Outcome::kLocked) << "even the right PIN";
  EXPECT_EQ(pin.LockedUntil(), now + 1min);
  EXPECT_EQ(Open().Try("2468", now + 59s), Pin::Outcome::kLocked) << "a restart keeps the lock";

  Pin again = Open();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(again.Try("1111", now + 61s), Pin::Outcome::kWrong);
  EXPECT_EQ(again.LockedUntil(), now + 61s + 2min) << "the second lock lasts longer";
  EXPECT_EQ(again.Try("2468", now + 61s + 2min), Pin::Outcome::kRight);
  EXPECT_EQ(again.TriesLeft(), Pin::kTries) << "a right PIN starts afresh";
  for (int i = 0; i < 5; ++i) again.Try("1111", now + 10min);
  EXPECT_EQ(again.LockedUntil(), now + 11min) << "back to a minute";
}

TEST_F(PinTest, AnUnreadablePinFileTurnsStaffModeOffInsteadOfLettingAnyoneChooseANewPin) {
  fs::create_directories(temp / "staff-pin");  // not a file
  Pin pin = Open();
  EXPECT_EQ(pin.GetState(), Pin::State::kUnreadable);
  EXPECT_FALSE(pin.Set("2468").ok());
  fs::remove(temp / "staff-pin");
  std::ofstream(temp / "staff-pin") << "2468";  // not a hash
  EXPECT_EQ(Open().GetState(), Pin::State::kUnreadable);
}

TEST_F(PinTest, ADamagedLockFileLocksAndAClockSetBackDoesNotLockForever) {
  {
    Pin pin = Open();
    ASSERT_TRUE(pin.Set("2468").ok());
  }
  std::ofstream(temp / "staff-lock") << "x";
  Pin damaged = Open();
  EXPECT_EQ(damaged.Try("2468", base::WallTime(std::chrono::system_clock::now())),
            Pin::Outcome::kLocked)
      << "a damaged lock file is the strictest lock";
  // Locked until a time far ahead, as after the clock was set back to 2000 by a lost battery:
  // the lock ends at the longest a lock can be.
  std::ofstream(temp / "staff-lock") << "0 2 " << 4102444800LL << "\n";  // 2100-01-01
  Pin far = Open();
  EXPECT_EQ(far.Try("2468", now), Pin::Outcome::kLocked);
  EXPECT_EQ(far.Try("2468", now + 61min), Pin::Outcome::kRight);
}

}  // namespace
}  // namespace kiosk::staff
