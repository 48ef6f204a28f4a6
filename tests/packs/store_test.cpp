// Installing packs into a real store on disk: each way a pack can be wrong is refused with a
// message that says why, and the content installed before is left exactly as it was; a process
// killed mid-install leaves the old version or the new one, never a mix.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "packs/packs.h"
#include "support/temp_dir.h"

namespace kiosk::packs {
namespace {

namespace fs = std::filesystem;

struct TarEntry {
  TarEntry(std::string n, std::string d, unsigned t = AE_IFREG, std::string l = {})
      : name(std::move(n)), data(std::move(d)), type(t), link(std::move(l)) {}
  std::string name;
  std::string data;
  unsigned type;
  std::string link;  // symlink target or hardlink source
};

void WriteTar(const fs::path& path, const std::vector<TarEntry>& entries) {
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
  for (const TarEntry& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_filetype(entry, e.type);
    archive_entry_set_perm(entry, 0644);
    if (e.type == AE_IFLNK) archive_entry_set_symlink(entry, e.link.c_str());
    if (e.type == AE_IFREG && !e.link.empty()) archive_entry_set_hardlink(entry, e.link.c_str());
    archive_entry_set_size(entry, static_cast<la_int64_t>(e.data.size()));
    archive_write_header(a, entry);
    if (!e.data.empty()) archive_write_data(a, e.data.data(), e.data.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
}

using testing::ReadFile;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store = dir / "store";
    trust = dir / "trust";
    fs::create_directories(trust);
    ASSERT_TRUE(GenerateKey((dir / "publisher").string()).ok());
    fs::copy_file(dir / "publisher.pub", trust / "publisher.pub");
    secret = ReadSecretKey((dir / "publisher.key").string()).value();
  }

  // Builds demo version `version` with kioskctl's code from a source folder.
  std::string Build(std::uint64_t version, const std::map<std::string, std::string>& files,
                    const std::string& expires = "2099-12-31",
                    const std::string& key = "publisher") {
    const fs::path source = dir / ("src-" + std::to_string(version) + "-" + key);
    fs::remove_all(source);
    fs::create_directories(source);
    std::ofstream(source / "pack.json")
        << "{\"id\": \"demo\", \"version\": " << version << ", \"expires\": \"" << expires
        << "\", \"publisher\": \"Test bureau\"}";
    for (const auto& [path, data] : files) {
      fs::create_directories((source / path).parent_path());
      std::ofstream(source / path, std::ios::binary) << data;
    }
    const std::string out =
        (dir / ("demo-" + std::to_string(version) + "-" + key + ".kpack")).string();
    base::Result<Manifest> built = BuildPack(source.string(), (dir / (key + ".key")).string(), out);
    EXPECT_TRUE(built.ok()) << built.error();
    return out;
  }

  // A pack written entry by entry, its manifest signed by the trusted key: what a forger or a
  // broken tool could produce.
  std::string Forge(const Manifest& m, const std::vector<TarEntry>& files,
                    const std::string& manifestOverride = {},
                    const std::string& commentOverride = {}) {
    const std::string json = ManifestJson(m);
    std::vector<TarEntry> entries = {
        {"manifest.json", manifestOverride.empty() ? json : manifestOverride},
        {"manifest.json.minisig",
         Sign(secret, json, commentOverride.empty() ? TrustedComment(m) : commentOverride)}};
    entries.insert(entries.end(), files.begin(), files.end());
    const std::string out = (dir / ("forged-" + std::to_string(++forged) + ".kpack")).string();
    WriteTar(out, entries);
    return out;
  }

  static Manifest DemoManifest(std::uint64_t version,
                               const std::map<std::string, std::string>& files) {
    Manifest m{"demo", version, "2099-12-31", "Test bureau", {}};
    for (const auto& [path, data] : files) m.files.push_back({path, data.size(), Blake2bHex(data)});
    return m;
  }

  base::Result<Installed> Install(const std::string& pack) {
    return InstallPack(pack, store.string(), trust.string(), "2026-11-30");
  }

  // The store holds exactly `version` with exactly these files, intact, and nothing half-done.
  void ExpectInstalled(std::uint64_t version, const std::map<std::string, std::string>& files) {
    std::vector<std::string> damaged;
    const std::vector<Installed> packs = ListPacks(store.string(), &damaged);
    EXPECT_TRUE(damaged.empty()) << damaged.front();
    ASSERT_EQ(packs.size(), 1u);
    EXPECT_EQ(packs[0].manifest.version, version);
    for (const auto& [path, data] : files)
      EXPECT_EQ(ReadFile(store / "demo" / "files" / path), data) << path;
    std::size_t count = 0;
    for (const auto& e : fs::recursive_directory_iterator(store / "demo" / "files")) {
      count += e.is_regular_file();
    }
    EXPECT_EQ(count, files.size());
    EXPECT_TRUE(fs::is_empty(store / ".staging")) << "an install left work behind";
    // Installed by root (a technician's kioskctl), read by the kiosk's own user.
    const fs::perms others = fs::perms::others_read | fs::perms::others_exec;
    EXPECT_EQ(fs::status(store / "demo").permissions() & others, others);
  }

  testing::TempDir temp{"kiosk-store-test"};
  const fs::path dir = temp.path();
  fs::path store, trust;
  SecretKey secret{};
  int forged = 0;
  const std::map<std::string, std::string> v1 = {{"videos/safe-migration.txt", "version one"},
                                                 {"docs/hotlines.txt", "110 police"}};
  const std::map<std::string, std::string> v2 = {{"videos/safe-migration.txt", "version two!"},
                                                 {"docs/wages.txt", "[]"}};
};

TEST_F(StoreTest, InstallUpgradeAndRollBack) {
  ASSERT_TRUE(Install(Build(1, v1)).ok());
  ExpectInstalled(1, v1);
  base::Result<Installed> upgraded = Install(Build(2, v2));
  ASSERT_TRUE(upgraded.ok()) << upgraded.error();
  EXPECT_TRUE(upgraded.value().hasPrevious);
  ExpectInstalled(2, v2);
  base::Result<Installed> back = Rollback("demo", store.string());
  ASSERT_TRUE(back.ok()) << back.error();
  ExpectInstalled(1, v1);
  EXPECT_FALSE(Rollback("nothing-here", store.string()).ok());
}

TEST_F(StoreTest, FileNamesInChineseInstall) {
  const std::map<std::string, std::string> named = {{"视频/工资.txt", "工资"}};
  base::Result<Installed> installed = Install(Build(1, named));
  ASSERT_TRUE(installed.ok()) << installed.error();
  EXPECT_EQ(ReadFile(store / "demo" / "files" / "视频" / "工资.txt"), "工资");
}

TEST_F(StoreTest, OneInstallAtATime) {
  const std::string pack = Build(1, v1);
  fs::create_directories(store);
  const int fd = ::open((store / ".lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);  // as an install in another process would
  base::Result<Installed> second = Install(pack);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().find("another install is running"), std::string::npos);
  ::close(fd);
  EXPECT_TRUE(Install(pack).ok()) << "the lock went with the other install";
}

TEST_F(StoreTest, VerifyChecksWithoutInstalling) {
  const std::string pack = Build(1, v1);
  base::Result<Manifest> checked = VerifyPack(pack, trust.string(), "2026-11-30");
  ASSERT_TRUE(checked.ok()) << checked.error();
  EXPECT_EQ(checked.value().files.size(), 2u);
  EXPECT_FALSE(fs::exists(store));
}

struct BadPack {
  const char* what;
  const char* message;  // part of the error staff see
};

TEST_F(StoreTest, EveryBadPackIsRefusedAndTheOldContentStays) {
  ASSERT_TRUE(Install(Build(1, v1)).ok());
  const Manifest sane = DemoManifest(2, v2);
  const Manifest good = DemoManifest(3, v2);  // what each bad pack below spoils one way
  auto entriesOf = [](const std::map<std::string, std::string>& files) {
    std::vector<TarEntry> entries;
    for (const auto& [path, data] : files) entries.push_back({"files/" + path, data});
    return entries;
  };
  ASSERT_TRUE(Install(Forge(sane, entriesOf(v2))).ok()) << "the forging helper itself works";
  ASSERT_TRUE(Rollback("demo", store.string()).ok());
  ExpectInstalled(1, v1);

  ASSERT_TRUE(GenerateKey((dir / "stranger").string()).ok());
  std::vector<std::pair<BadPack, std::string>> cases;
  cases.push_back(
      {{"untrusted key", "not among the trusted keys"}, Build(2, v2, "2099-12-31", "stranger")});
  {
    std::string changed = ManifestJson(good);
    changed.replace(changed.find("Test bureau"), 11, "Fake bureau");
    cases.push_back({{"manifest changed after signing", "does not match"},
                     Forge(good, entriesOf(v2), changed)});
  }
  cases.push_back({{"same version", "not newer"}, Build(1, v1)});
  cases.push_back({{"a version once installed, then rolled back", "not newer"}, Build(2, v2)});
  {
    // Trusted, but not the publisher of the installed pack.
    ASSERT_TRUE(GenerateKey((dir / "rival").string()).ok());
    fs::copy_file(dir / "rival.pub", trust / "rival.pub");
    cases.push_back({{"another publisher's key", "another publisher's key"},
                     Build(5, v2, "2099-12-31", "rival")});
  }
  cases.push_back({{"trusted comment for another version", "does not match the manifest"},
                   Forge(good, entriesOf(v2), "", "pack:demo version:99 expires:2099-12-31")});
  {
    std::vector<TarEntry> device = entriesOf(v2);
    device[1] = {device[1].name, "", AE_IFCHR};
    cases.push_back({{"device", "not a regular file"}, Forge(good, device)});
  }
  {
    const std::map<std::string, std::string> broken = {{"topics.json", "[{\"id\": 7}]"}};
    cases.push_back({{"content the kiosk cannot load", "would not load"},
                     Forge(DemoManifest(3, broken), entriesOf(broken))});
  }
  {
    // A picture kioskctl would have refused (a GIF named .png): the kiosk checks it too.
    const std::map<std::string, std::string> gif = {
        {"topics.json", R"([{"id": "work", "title": {"en": "Work"}}])"},
        {"quizzes/help.json",
         R"({"topic": "work", "title": {"en": "Help"}, "questions": [{"kind": "single",
             "text": {"en": "Where?"}, "explanation": {"en": "At home."},
             "answers": [{"text": {"en": "Home"}, "correct": true,
             "picture": "home.png"}, {"text": {"en": "Car"}}]}]})"},
        {"home.png", std::string("GIF89a\x10\0\x10\0\0\0\0;", 13)}};
    cases.push_back({{"a GIF named .png as a picture answer",
                      "home.png: not a PNG, JPEG or WebP picture: it is a GIF picture "
                      "(quiz \"help\": questions[0].answers[0].picture)"},
                     Forge(DemoManifest(3, gif), entriesOf(gif))});
  }
  cases.push_back({{"expired", "expired"}, Build(3, v2, "2020-01-01")});
  {
    std::vector<TarEntry> extra = entriesOf(v2);
    extra.push_back({"files/job-advert.txt", "Easy job abroad, high pay!"});
    cases.push_back({{"entry not in the manifest", "not in the manifest"}, Forge(good, extra)});
  }
  {
    std::vector<TarEntry> missing = entriesOf(v2);
    missing.pop_back();
    cases.push_back({{"entry missing", "not in the pack"}, Forge(good, missing)});
  }
  {
    std::vector<TarEntry> longer = entriesOf(v2);
    longer[0].data += "x";
    cases.push_back({{"bigger than declared", "is not the manifest's"}, Forge(good, longer)});
  }
  {
    std::vector<TarEntry> changed = entriesOf(v2);
    changed[1].data = "version TWO!";  // same size, other bytes
    cases.push_back({{"hash mismatch", "hash"}, Forge(good, changed)});
  }
  {
    std::vector<TarEntry> link = entriesOf(v2);
    link[1] = {link[1].name, "", AE_IFLNK, "/etc/passwd"};
    cases.push_back({{"symlink", "not a regular file"}, Forge(good, link)});
  }
  {
    std::vector<TarEntry> hard = entriesOf(v2);
    hard[1] = {hard[1].name, "", AE_IFREG, "files/docs/wages.txt"};
    cases.push_back({{"hardlink", "not a regular file"}, Forge(good, hard)});
  }
  {
    Manifest absolute = good;
    absolute.files[0].path = "/etc/cron.d/evil";
    cases.push_back({{"absolute path", "is absolute"}, Forge(absolute, entriesOf(v2))});
  }
  {
    Manifest dots = good;
    dots.files[0].path = "../../outside.txt";
    cases.push_back({{"'..' path", "'..'"}, Forge(dots, entriesOf(v2))});
  }
  {
    Manifest many = good;
    for (std::size_t i = 0; i <= kMaxFiles; ++i)
      many.files.push_back({"f" + std::to_string(i), 0, Blake2bHex("")});
    // 10,001 entries make this manifest outgrow its size limit: refused before it is parsed.
    // (manifest_test checks the count limit itself, with a compact manifest.)
    cases.push_back({{"too many files", "larger than"}, Forge(many, entriesOf(v2))});
  }
  {
    Manifest bomb = good;
    bomb.files[0].size = kMaxPackBytes + 1;  // declares more than a kiosk will ever take
    cases.push_back({{"over the size limit", "up to the pack limit"}, Forge(bomb, entriesOf(v2))});
  }
  {
    std::vector<TarEntry> entries = {{"manifest.json", std::string(kMaxManifestBytes + 1, ' ')},
                                     {"manifest.json.minisig", "x"}};
    WriteTar(dir / "huge-manifest.kpack", entries);
    cases.push_back(
        {{"huge manifest", "larger than the limit"}, (dir / "huge-manifest.kpack").string()});
  }
  {
    std::ofstream(dir / "truncated.kpack") << ReadFile(Build(4, v2)).substr(0, 700);
    cases.push_back({{"truncated pack", "truncated.kpack: "}, (dir / "truncated.kpack").string()});
  }

  for (const auto& [refusal, pack] : cases) {
    base::Result<Installed> result = Install(pack);
    ASSERT_FALSE(result.ok()) << refusal.what << " was installed";
    EXPECT_NE(result.error().find(refusal.message), std::string::npos)
        << refusal.what << ": " << result.error();
    EXPECT_NE(result.error().find(pack), std::string::npos)
        << refusal.what << ": the message names the file: " << result.error();
    ExpectInstalled(1, v1);
  }
}

TEST_F(StoreTest, AProcessKilledMidInstallLeavesOldOrNewNeverAMix) {
  // Enough files (200, 4 MB) that an install takes a while: kills land all through it.
  std::map<std::string, std::string> big;
  for (int i = 0; i < 200; ++i)
    big["videos/clip-" + std::to_string(i) + ".bin"] =
        std::string(20000, static_cast<char>('a' + i % 26));
  std::map<std::string, std::string> small = {{"a.txt", "old"}};
  ASSERT_TRUE(Install(Build(1, small)).ok());
  // A new version for each run: an installed version is never taken again.
  constexpr int kRuns = 30;
  std::vector<std::string> packs;
  for (int run = 0; run < kRuns; ++run) packs.push_back(Build(2 + run, big));
  const std::string& pack = packs[0];

  // How long a whole install takes in a child process, fork to exit, into a store of its own.
  const auto start = std::chrono::steady_clock::now();
  const pid_t timer = fork();
  ASSERT_GE(timer, 0);
  if (timer == 0) {
    _exit(InstallPack(pack, (dir / "timing").string(), trust.string(), "2026-11-30").ok() ? 0 : 1);
  }
  int timed = 0;
  waitpid(timer, &timed, 0);
  ASSERT_TRUE(WIFEXITED(timed) && WEXITSTATUS(timed) == 0);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();

  std::mt19937 random(20261130);
  int sawOld = 0, sawNew = 0;
  std::uint64_t before = 1;
  for (int run = 0; run < kRuns; ++run) {
    const std::uint64_t version = 2 + static_cast<std::uint64_t>(run);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      const bool ok = Install(packs[static_cast<std::size_t>(run)]).ok();
      _exit(ok ? 0 : 1);
    }
    // Anywhere from the start of an install to a little past its end.
    std::this_thread::sleep_for(std::chrono::microseconds(random() % (micros * 5 / 4 + 1)));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    std::vector<std::string> damaged;
    const std::vector<Installed> installed = ListPacks(store.string(), &damaged);
    ASSERT_TRUE(damaged.empty()) << "run " << run << ": " << damaged.front();
    ASSERT_EQ(installed.size(), 1u);
    const Manifest& m = installed[0].manifest;
    ASSERT_TRUE(m.version == before || m.version == version)
        << "run " << run << ": version " << m.version;
    // Whichever version is there is whole: every listed file present with its hash.
    for (const FileEntry& f : m.files) {
      ASSERT_EQ(Blake2bHex(ReadFile(store / "demo" / "files" / f.path)), f.blake2b)
          << "run " << run << ": version " << m.version << " has a broken " << f.path;
    }
    std::size_t count = 0;
    for (const auto& e : fs::recursive_directory_iterator(store / "demo" / "files"))
      count += e.is_regular_file();
    ASSERT_EQ(count, m.files.size()) << "run " << run << ": files of two versions mixed";
    // The rollback version, where there is one, is whole too.
    if (installed[0].hasPrevious) {
      const std::string previousJson = ReadFile(store / ".previous" / "demo" / "manifest.json");
      base::Result<Manifest> previous = ParseManifest(previousJson, "previous");
      ASSERT_TRUE(previous.ok()) << "run " << run << ": " << previous.error();
      for (const FileEntry& f : previous.value().files) {
        ASSERT_EQ(Blake2bHex(ReadFile(store / ".previous" / "demo" / "files" / f.path)), f.blake2b)
            << "run " << run << ": the rollback version has a broken " << f.path;
      }
    }
    (m.version == before ? sawOld : sawNew)++;
    before = m.version;
  }
  std::printf("killed installs: %d left the old version, %d the new one (install takes %lld us)\n",
              sawOld, sawNew, static_cast<long long>(micros));
  EXPECT_GT(sawOld, 0) << "no kill landed before the swap: the test did not test";
  EXPECT_GT(sawNew, 0) << "no install got as far as the swap: the test did not test";
  // And the next install cleans up what the killed ones left.
  ASSERT_TRUE(Install(Build(100, small)).ok());
  EXPECT_TRUE(fs::is_empty(store / ".staging"));
}

// A real video (pack build checks that videos are videos), to which the preview tests append
// bytes of their own.
std::string Film() {
  return testing::ReadFile(KIOSK_TEST_MEDIA "/colours.mp4");
}

// A pack's content for the preview tests: a topic, videos (id -> its file's bytes after Film())
// and help pages.
std::map<std::string, std::string> Content(const std::map<std::string, std::string>& videos,
                                           const std::vector<std::string>& help) {
  std::map<std::string, std::string> files = {
      {"topics.json", R"([{"id": "work", "title": {"en": "Work"}}])"}};
  std::string list = "[";
  for (const auto& [id, bytes] : videos) {
    list += std::string(list.size() > 1 ? "," : "") + R"({"id": ")" + id +
            R"(", "topic": "work", "title": {"en": "Video )" + id +
            R"("}, "files": {"en": "videos/)" + id + R"(.mp4"}})";
    files["videos/" + id + ".mp4"] = Film() + bytes;
  }
  files["videos.json"] = list + "]";
  for (const std::string& id : help) {
    files["help/" + id + ".json"] =
        R"({"title": {"en": "Help )" + id + R"("}, "body": {"en": "Call us."}, "contacts": []})";
  }
  return files;
}

std::vector<std::string> Titles(const std::vector<Preview::Item>& items) {
  std::vector<std::string> titles;
  for (const Preview::Item& item : items)
    titles.push_back(item.kind + (": " + item.title.at("en")));
  return titles;
}

TEST_F(StoreTest, APreviewSaysWhatAnInstallWouldAddUpdateAndRemoveAndChangesNothing) {
  ASSERT_TRUE(Install(Build(1, Content({{"a", "film a"}, {"b", "film b"}}, {"police"}))).ok());
  // Video b gets new bytes of the same size, c comes, the police page goes.
  const std::string pack =
      Build(2, Content({{"a", "film a"}, {"b", "film B"}, {"c", "film c"}}, {"county"}));
  base::Result<Preview> preview = PreviewPack(pack, store.string(), trust.string(), "2026-11-30");
  ASSERT_TRUE(preview.ok()) << preview.error();
  EXPECT_EQ(preview.value().manifest.version, 2u);
  EXPECT_EQ(preview.value().installedVersion, 1u);
  EXPECT_EQ(Titles(preview.value().added),
            (std::vector<std::string>{"help: Help county", "video: Video c"}));
  EXPECT_EQ(Titles(preview.value().updated), (std::vector<std::string>{"video: Video b"}));
  EXPECT_EQ(Titles(preview.value().removed), (std::vector<std::string>{"help: Help police"}));
  EXPECT_EQ(preview.value().bytes, fs::file_size(dir / "src-2-publisher" / "videos.json") +
                                       fs::file_size(dir / "src-2-publisher" / "topics.json") +
                                       fs::file_size(dir / "src-2-publisher/help/county.json") +
                                       3 * (Film() + "film a").size());
  ExpectInstalled(1, Content({{"a", "film a"}, {"b", "film b"}}, {"police"}));

  // On a kiosk without the pack, everything is new.
  fs::remove_all(store);
  preview = PreviewPack(pack, store.string(), trust.string(), "2026-11-30");
  ASSERT_TRUE(preview.ok()) << preview.error();
  EXPECT_EQ(preview.value().installedVersion, 0u);
  EXPECT_EQ(preview.value().added.size(), 4u);
}

TEST_F(StoreTest, APreviewRefusesWhatTheInstallWouldRefuseBeforeCopyingAnything) {
  const std::string v1Pack = Build(1, v1);
  ASSERT_TRUE(Install(v1Pack).ok());
  base::Result<Preview> again = PreviewPack(v1Pack, store.string(), trust.string(), "2026-11-30");
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().find("is not newer than the installed version 1"), std::string::npos);
  EXPECT_EQ(RefusalOf(again), Refusal::kNotNewer) << "what staff are told";
  const std::string expired = Build(2, v2, "2026-11-29");
  base::Result<Preview> old = PreviewPack(expired, store.string(), trust.string(), "2026-11-30");
  ASSERT_FALSE(old.ok());
  EXPECT_NE(old.error().find("expired"), std::string::npos) << old.error();
  EXPECT_EQ(RefusalOf(old), Refusal::kExpired);
  // A content file changed after signing is caught by the preview, which reads content files.
  Manifest m = DemoManifest(3, {{"topics.json", "[]"}});
  const std::string forgedPack = Forge(m, {{"files/topics.json", "{}"}});
  base::Result<Preview> changed =
      PreviewPack(forgedPack, store.string(), trust.string(), "2026-11-30");
  ASSERT_FALSE(changed.ok());
  EXPECT_NE(changed.error().find("the file was changed"), std::string::npos) << changed.error();
  EXPECT_EQ(RefusalOf(changed), Refusal::kChanged);
  // Signed by nobody this kiosk trusts.
  fs::remove(trust / "publisher.pub");
  ASSERT_TRUE(GenerateKey((dir / "stranger").string()).ok());
  fs::copy_file(dir / "stranger.pub", trust / "stranger.pub");
  EXPECT_EQ(RefusalOf(PreviewPack(expired, store.string(), trust.string(), "2026-11-30")),
            Refusal::kUntrusted);
}

TEST_F(StoreTest, AnInstallReportsItsProgressAndACancelLeavesTheOldVersion) {
  ASSERT_TRUE(Install(Build(1, v1)).ok());
  const std::map<std::string, std::string> big = {{"videos/long.mp4", std::string(3 << 20, 'x')},
                                                  {"docs/wages.txt", "[]"}};
  const std::string pack = Build(2, big);

  Progress cancelled;
  int calls = 0;
  cancelled.changed = [&] {
    if (++calls == 1) cancelled.cancel = true;  // staff tap Cancel at the first percent
  };
  base::Result<Installed> stopped =
      InstallPack(pack, store.string(), trust.string(), "2026-11-30", &cancelled);
  ASSERT_FALSE(stopped.ok());
  EXPECT_NE(stopped.error().find("cancelled"), std::string::npos) << stopped.error();
  EXPECT_LT(cancelled.done.load(), cancelled.total.load()) << "it stopped part way";
  EXPECT_EQ(RefusalOf(stopped), Refusal::kCancelled);
  ExpectInstalled(1, v1);

  Progress progress;
  std::vector<std::uint64_t> seen;
  progress.changed = [&] { seen.push_back(progress.done); };
  ASSERT_TRUE(InstallPack(pack, store.string(), trust.string(), "2026-11-30", &progress).ok());
  EXPECT_EQ(progress.total.load(), (3u << 20) + 2);
  EXPECT_EQ(progress.done.load(), progress.total.load());
  EXPECT_GE(seen.size(), 3u) << "the bar moves while a 3 MB file is copied";
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  ExpectInstalled(2, big);
}

TEST_F(StoreTest, AnInstallAfterAPreviewTakesOnlyThePackThatWasPreviewed) {
  ASSERT_TRUE(Install(Build(1, v1)).ok());
  const std::string pack = (dir / "on-the-stick.kpack").string();
  fs::copy_file(Build(2, v2), pack);
  base::Result<Preview> preview = PreviewPack(pack, store.string(), trust.string(), "2026-11-30");
  ASSERT_TRUE(preview.ok()) << preview.error();
  // Another version 2 put in its place meanwhile (a stick swapped for one with the same name).
  fs::copy_file(Build(2, {{"videos/safe-migration.txt", "another two"}}), pack,
                fs::copy_options::overwrite_existing);
  base::Result<Installed> other = InstallPack(pack, store.string(), trust.string(), "2026-11-30",
                                              nullptr, &preview.value().signature);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().find("is not the pack that was checked before"), std::string::npos)
      << other.error();
  EXPECT_EQ(RefusalOf(other), Refusal::kNotPreviewed);
  ExpectInstalled(1, v1);
}

}  // namespace
}  // namespace kiosk::packs
