// Files written whole or not at all.
#include <gtest/gtest.h>

#include <filesystem>

#include "base/base.h"
#include "support/temp_dir.h"

namespace kiosk::base {
namespace {

namespace fs = std::filesystem;

TEST(FileTest, AnAtomicWriteLeavesAWholeFileOrNoneAndSaysWhy) {
  const testing::TempDir temp("kiosk-file-test");
  const std::string path = (temp / "counts.csv").string();
  ASSERT_TRUE(WriteAtomically(path, "first").ok());
  ASSERT_TRUE(WriteAtomically(path, "second").ok());
  EXPECT_EQ(testing::ReadFile(path), "second");
  EXPECT_FALSE(fs::exists(path + ".part"));
  // A stick pulled out: its folder is gone.
  base::Result<bool> refused = WriteAtomically((temp / "gone" / "x.csv").string(), "x");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().find("x.csv: cannot be written: No such file or directory"),
            std::string::npos)
      << refused.error();
  EXPECT_TRUE(refused.environmentError());
}

}  // namespace
}  // namespace kiosk::base
