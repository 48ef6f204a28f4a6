// The manifest validator reports every problem at once, each naming its field.
#include <gtest/gtest.h>

#include "packs/packs.h"

namespace kiosk::packs {
namespace {

TEST(ManifestTest, EveryProblemIsReportedWithItsField) {
  const std::string json = R"({"id": "Demo Pack!", "version": 0, "expires": "next year",
    "files": [{"path": "../up", "size": 3, "blake2b": "xyz"},
              {"path": "a/b.txt", "size": -1, "blake2b": ")" +
                           std::string(64, 'a') + R"("},
              {"path": "a/b.txt", "size": 1, "blake2b": ")" +
                           std::string(64, 'b') + R"("}]})";
  base::Result<Manifest> manifest = ParseManifest(json, "pack.json");
  ASSERT_FALSE(manifest.ok());
  const std::string& error = manifest.error();
  for (const char* field :
       {"pack.json: id:", "pack.json: version:", "pack.json: expires:", "pack.json: publisher:",
        "files[0].path: '../up' has a '..' part",
        "files[0].blake2b:", "files[1].size:", "files[2].path: 'a/b.txt' is listed twice"}) {
    EXPECT_NE(error.find(field), std::string::npos) << field << "\n" << error;
  }
}

TEST(ManifestTest, MoreFilesThanTheLimitAreRefused) {
  std::string json = R"({"id": "x", "version": 1, "expires": "2030-01-01", "publisher": "p",
                         "files": [)";
  const std::string hash = Blake2bHex("");
  for (std::size_t i = 0; i <= kMaxFiles; ++i) {
    json += (i ? "," : "") + std::string(R"({"path":"f)") + std::to_string(i) +
            R"(","size":0,"blake2b":")" + hash + "\"}";
  }
  json += "]}";
  ASSERT_LE(json.size(), kMaxManifestBytes) << "the count must be what is refused, not the size";
  base::Result<Manifest> manifest = ParseManifest(json, "m");
  ASSERT_FALSE(manifest.ok());
  EXPECT_NE(manifest.error().find("more than 10000 files"), std::string::npos) << manifest.error();
}

TEST(ManifestTest, APathCannotBeBothFileAndFolder) {
  const Manifest m{
      "x", 1, "2030-01-01", "p", {{"a", 0, Blake2bHex("")}, {"a/b", 0, Blake2bHex("")}}};
  base::Result<Manifest> parsed = ParseManifest(ManifestJson(m), "m");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().find("'a' is both a file and a folder"), std::string::npos);
}

TEST(ManifestTest, AGoodManifestRoundTrips) {
  const Manifest m{"labour-rights",
                   7,
                   "2030-06-30",
                   "Provincial Labour Bureau",
                   {{"videos/wages.mp4", 12, Blake2bHex("twelve bytes")}}};
  base::Result<Manifest> parsed = ParseManifest(ManifestJson(m), "m");
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_EQ(parsed.value().id, "labour-rights");
  EXPECT_EQ(parsed.value().version, 7u);
  ASSERT_EQ(parsed.value().files.size(), 1u);
  EXPECT_EQ(parsed.value().files[0].blake2b, Blake2bHex("twelve bytes"));
  EXPECT_EQ(TrustedComment(m), "pack:labour-rights version:7 expires:2030-06-30");
}

}  // namespace
}  // namespace kiosk::packs
