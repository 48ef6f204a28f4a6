// minisign-format signatures, both ways against Debian's minisign tool: a pack signed by kioskctl
// verifies with `minisign -V`, and a key and signature made by `minisign` work in the kiosk.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "packs/packs.h"
#include "support/temp_dir.h"

namespace kiosk::packs {
namespace {

namespace fs = std::filesystem;

class SignatureTest : public ::testing::Test {
 protected:
  static int Run(const std::string& command) {
    return std::system((command + " >/dev/null 2>&1").c_str());
  }

  static std::string Read(const fs::path& path) { return testing::ReadFile(path); }

  testing::TempDir temp{"kiosk-sig-test"};
  const fs::path dir = temp.path();
};

TEST_F(SignatureTest, ASignatureVerifiesAndAnyChangeBreaksIt) {
  base::Result<PublicKey> pub = GenerateKey((dir / "k").string());
  ASSERT_TRUE(pub.ok()) << pub.error();
  base::Result<SecretKey> secret = ReadSecretKey((dir / "k.key").string());
  ASSERT_TRUE(secret.ok()) << secret.error();
  const std::string data = "{\"id\":\"demo\"}";
  const std::string sig = Sign(secret.value(), data, "pack:demo version:1 expires:2030-01-01");
  base::Result<std::string> comment = Verify({pub.value()}, data, sig, "sig");
  ASSERT_TRUE(comment.ok()) << comment.error();
  EXPECT_EQ(comment.value(), "pack:demo version:1 expires:2030-01-01");

  EXPECT_FALSE(Verify({pub.value()}, data + " ", sig, "sig").ok()) << "changed data";
  std::string changedComment = sig;
  changedComment.replace(changedComment.find("version:1"), 9, "version:9");
  base::Result<std::string> forged = Verify({pub.value()}, data, changedComment, "sig");
  ASSERT_FALSE(forged.ok());
  EXPECT_NE(forged.error().find("trusted comment"), std::string::npos) << forged.error();

  base::Result<PublicKey> other = GenerateKey((dir / "other").string());
  base::Result<std::string> stranger = Verify({other.value()}, data, sig, "sig");
  ASSERT_FALSE(stranger.ok());
  EXPECT_NE(stranger.error().find("not among the trusted keys"), std::string::npos);
}

TEST_F(SignatureTest, KeysAreNeverOverwritten) {
  ASSERT_TRUE(GenerateKey((dir / "k").string()).ok());
  const std::string before = Read(dir / "k.key");
  EXPECT_FALSE(GenerateKey((dir / "k").string()).ok());
  EXPECT_EQ(Read(dir / "k.key"), before);
}

TEST_F(SignatureTest, MinisignVerifiesWhatKioskctlSigned) {
  ASSERT_TRUE(GenerateKey((dir / "k").string()).ok());
  base::Result<SecretKey> secret = ReadSecretKey((dir / "k.key").string());
  ASSERT_TRUE(secret.ok());
  const std::string data = "manifest bytes\n";
  std::ofstream(dir / "m.json") << data;
  std::ofstream(dir / "m.json.minisig")
      << Sign(secret.value(), data, "pack:x version:2 expires:2031-01-01");
  EXPECT_EQ(Run("minisign -V -p " + (dir / "k.pub").string() + " -m " + (dir / "m.json").string()),
            0);
  std::ofstream(dir / "m.json", std::ios::app) << "tampered";
  EXPECT_NE(Run("minisign -V -p " + (dir / "k.pub").string() + " -m " + (dir / "m.json").string()),
            0);
}

TEST_F(SignatureTest, KioskctlTakesMinisignsKeysAndSignatures) {
  // A publisher's own minisign key, made without a password (-W) so kioskctl can use it too.
  ASSERT_EQ(
      Run("minisign -G -W -p " + (dir / "pub.pub").string() + " -s " + (dir / "pub.key").string()),
      0);
  base::Result<PublicKey> pub = ReadPublicKey((dir / "pub.pub").string());
  ASSERT_TRUE(pub.ok()) << pub.error();
  ASSERT_TRUE(ReadSecretKey((dir / "pub.key").string()).ok());
  std::ofstream(dir / "m.json") << "signed by minisign\n";
  ASSERT_EQ(Run("minisign -S -s " + (dir / "pub.key").string() + " -m " +
                (dir / "m.json").string() + " -t 'pack:x version:3 expires:2031-01-01'"),
            0);
  base::Result<std::string> comment =
      Verify({pub.value()}, Read(dir / "m.json"), Read(dir / "m.json.minisig"), "m.json.minisig");
  ASSERT_TRUE(comment.ok()) << comment.error();
  EXPECT_EQ(comment.value(), "pack:x version:3 expires:2031-01-01");
}

TEST_F(SignatureTest, APasswordProtectedKeyIsExplainedNotMisread) {
  ASSERT_EQ(Run("printf 'pw\\npw\\n' | minisign -G -p " + (dir / "enc.pub").string() + " -s " +
                (dir / "enc.key").string()),
            0);
  base::Result<SecretKey> secret = ReadSecretKey((dir / "enc.key").string());
  ASSERT_FALSE(secret.ok());
  EXPECT_NE(secret.error().find("password"), std::string::npos) << secret.error();
}

}  // namespace
}  // namespace kiosk::packs
