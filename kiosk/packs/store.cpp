// Building, verifying and installing .kpack files, and the store of installed packs.
//
// Reading trusts nothing before the signature: manifest.json and its .minisig must come first,
// the signature must be good and unexpired, and then every other entry must be a regular file
// named files/<path> for a <path> the manifest lists, with exactly the listed size and hash, and
// no more bytes than listed are ever read (a decompression bomb stops at the declared size).
// Installing extracts into .staging/ on the store's filesystem, fsyncs, and swaps the folder in
// with renameat2(RENAME_EXCHANGE). Any thread; one install at a time per store.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <clocale>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "packs/packs_internal.h"

namespace kiosk::packs {
namespace {

namespace fs = std::filesystem;

constexpr const char* kManifestName = "manifest.json";
constexpr const char* kSignatureName = "manifest.json.minisig";
constexpr std::size_t kMaxSignatureBytes = 4096;
constexpr std::size_t kChunk = 1 << 20;
// Room an install leaves on the store's disk for what the kiosk writes while it runs.
constexpr std::uint64_t kReserveBytes = 16u << 20;

base::Error Environment(const std::string& message) {
  return base::Error{message, true};
}

std::string Errno() {
  return std::strerror(errno);
}

// libarchive converts file names with the thread's locale; in the "C" locale a Chinese name fails
// (and libarchive 3.6.2's pax writer then crashes on the NULL it gets). Pack names are UTF-8
// whatever the process's locale, so each pack is read and written under C.UTF-8 for this thread.
class Utf8Names {
 public:
  Utf8Names() : m_locale(::newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr))) {
    if (m_locale) m_previous = ::uselocale(m_locale);
  }
  ~Utf8Names() {
    if (m_locale) {
      ::uselocale(m_previous);
      ::freelocale(m_locale);
    }
  }
  Utf8Names(const Utf8Names&) = delete;
  Utf8Names& operator=(const Utf8Names&) = delete;

 private:
  locale_t m_locale;
  locale_t m_previous = LC_GLOBAL_LOCALE;
};

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct ArchiveWriterCloser {
  void operator()(archive* a) const { archive_write_free(a); }
};

// Reads the whole (small) data of the current entry, or nullopt when it is larger than `limit`.
std::optional<std::string> ReadSmall(archive* a, std::size_t limit) {
  std::string data;
  char buffer[4096];
  for (la_ssize_t n; (n = archive_read_data(a, buffer, sizeof buffer)) > 0;) {
    data.append(buffer, static_cast<std::size_t>(n));
    if (data.size() > limit) return std::nullopt;
  }
  return data;
}

bool WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool FsyncPath(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// Writes `text` to dir/name and fsyncs it.
bool WriteSynced(const fs::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  const bool ok = WriteAll(fd, text.data(), text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// Hashes files on worker threads while the reading thread copies the archive to disk: BLAKE2b
// (about 0.9 GB/s on one core here) is the slowest step of an install. Each file stays on one
// worker, so its chunks are hashed in order; at most kMaxInFlight bytes wait at any time.
class Hasher {
 public:
  explicit Hasher(unsigned workers) : m_queues(std::max(1u, workers)) {
    for (std::size_t w = 0; w < m_queues.size(); ++w) m_threads.emplace_back([this, w] { Run(w); });
  }
  ~Hasher() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    for (std::thread& t : m_threads) t.join();
  }

  // Starts a file whose hash must be `expected`; returns its number.
  std::size_t Begin(std::string name, std::string expected) {
    auto job = std::make_unique<Job>();
    crypto_generichash_init(&job->state, nullptr, 0, crypto_generichash_BYTES);
    job->name = std::move(name);
    job->expected = std::move(expected);
    job->worker = m_jobs.size() % m_queues.size();
    m_jobs.push_back(std::move(job));
    return m_jobs.size() - 1;
  }
  // kChunk bytes for a file's data, `size` of them used.
  struct Chunk {
    std::unique_ptr<char[]> bytes = std::make_unique_for_overwrite<char[]>(kChunk);
    std::size_t size = 0;
  };
  // A chunk to fill, recycled from those hashed: a new one each time, zeroed and faulted in page
  // by page, was a sixth of the catalog install's profile. Waits while too many are queued.
  std::unique_ptr<Chunk> Take() {
    std::unique_lock lock(m_mutex);
    m_room.wait(lock, [&] { return m_inFlight < kMaxInFlight; });
    if (m_free.empty()) return std::make_unique<Chunk>();
    std::unique_ptr<Chunk> chunk = std::move(m_free.back());
    m_free.pop_back();
    return chunk;
  }
  // Gives back a chunk that was not used.
  void Recycle(std::unique_ptr<Chunk> chunk) {
    std::lock_guard lock(m_mutex);
    m_free.push_back(std::move(chunk));
  }
  // Queues a chunk of the file (none and end: the file is complete).
  void Add(std::size_t file, std::unique_ptr<Chunk> chunk, bool end) {
    std::lock_guard lock(m_mutex);
    if (chunk) ++m_inFlight;
    m_queues[m_jobs[file]->worker].push_back({m_jobs[file].get(), std::move(chunk), end});
    m_wake.notify_all();
  }
  // Waits until every file is hashed; the name of the first file whose hash was wrong, or empty.
  std::string Finish() {
    std::unique_lock lock(m_mutex);
    m_room.wait(lock, [&] {
      return std::all_of(m_jobs.begin(), m_jobs.end(), [](const auto& j) { return j->done; });
    });
    for (const auto& job : m_jobs) {
      if (job->wrong) return job->name;
    }
    return {};
  }

 private:
  static constexpr std::size_t kMaxInFlight = 64;  // chunks queued, of kChunk bytes
  struct Job {
    crypto_generichash_state state;
    std::string name, expected;
    std::size_t worker = 0;
    bool done = false, wrong = false;
  };
  struct Item {
    Job* job;
    std::unique_ptr<Chunk> chunk;
    bool end;
  };

  void Run(std::size_t worker) {
    for (;;) {
      Item item;
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [&] { return m_stop || !m_queues[worker].empty(); });
        if (m_queues[worker].empty()) return;  // stopping
        item = std::move(m_queues[worker].front());
        m_queues[worker].pop_front();
      }
      if (item.chunk) {
        crypto_generichash_update(&item.job->state,
                                  reinterpret_cast<unsigned char*>(item.chunk->bytes.get()),
                                  item.chunk->size);
      }
      bool wrong = false;
      if (item.end) {
        std::uint8_t hash[crypto_generichash_BYTES];
        crypto_generichash_final(&item.job->state, hash, sizeof hash);
        wrong = Hex(hash, sizeof hash) != item.job->expected;
      }
      {
        std::lock_guard lock(m_mutex);
        if (item.chunk) {
          --m_inFlight;
          m_free.push_back(std::move(item.chunk));
        }
        if (item.end) {
          item.job->done = true;
          item.job->wrong = wrong;
        }
      }
      m_room.notify_all();
    }
  }

  std::vector<std::unique_ptr<Job>> m_jobs;  // touched by the reading thread, and by workers
                                             // only through Item::job
  std::vector<std::deque<Item>> m_queues;
  std::vector<std::thread> m_threads;
  std::vector<std::unique_ptr<Chunk>> m_free;
  std::mutex m_mutex;
  std::condition_variable m_wake, m_room;
  std::size_t m_inFlight = 0;
  bool m_stop = false;
};

// What a pack is checked against while it is read.
struct ReadOptions {
  const std::vector<PublicKey>* trusted = nullptr;
  std::string today{};
  // Called once the signed manifest is known, before any file is extracted: may refuse.
  std::function<base::Result<bool>(const Manifest&, const std::string& signature)> accept{};
  fs::path extractTo{};  // empty: verify only
  // When set, only the files it accepts are read (and checked, and extracted); the others are
  // skipped unread.
  std::function<bool(const std::string& path)> only{};
  Progress* progress = nullptr;  // counts the bytes read, and may cancel
};

base::Result<Manifest> ReadPack(const std::string& packPath, const ReadOptions& options) {
  const Utf8Names names;
  // Only a regular file: a FIFO named like a pack (on a stick, say) would hold open() for good.
  base::Result<int> packFd = base::OpenRegular(packPath);
  if (!packFd) return packFd.failure();
  const std::unique_ptr<int, void (*)(int*)> closer(&packFd.value(), [](int* f) { ::close(*f); });
  std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_fd(a.get(), packFd.value(), kChunk) != ARCHIVE_OK) {
    return base::Error{packPath + ": cannot be read as a pack: " + archive_error_string(a.get())};
  }
  archive_entry* entry = nullptr;
  auto next = [&](const char* expected) -> base::Result<std::string> {
    if (archive_read_next_header(a.get(), &entry) != ARCHIVE_OK) {
      return base::Error{packPath + ": " + expected + ": missing (not a kiosk pack?)"};
    }
    const char* name = archive_entry_pathname_utf8(entry);
    if (!name || std::string(name) != expected) {
      return base::Error{packPath + ": the first entries must be " + kManifestName + " and " +
                         kSignatureName + ", found '" + (name ? name : "?") + "'"};
    }
    const std::size_t limit =
        std::string(expected) == kManifestName ? kMaxManifestBytes : kMaxSignatureBytes;
    std::optional<std::string> data = ReadSmall(a.get(), limit);
    if (!data) return base::Error{packPath + ": " + expected + ": larger than the limit"};
    return *data;
  };
  base::Result<std::string> manifestText = next(kManifestName);
  if (!manifestText) return base::Error{manifestText.error()};
  base::Result<std::string> signature = next(kSignatureName);
  if (!signature) return signature.failure();
  const std::string where = packPath + ": " + kManifestName;
  base::Result<std::string> comment = Verify(*options.trusted, manifestText.value(),
                                             signature.value(), packPath + ": " + kSignatureName);
  if (!comment) return comment.failure();
  base::Result<Manifest> parsed = ParseManifest(manifestText.value(), where);
  if (!parsed) return base::Error{parsed.error()};
  const Manifest& manifest = parsed.value();
  if (comment.value() != TrustedComment(manifest)) {
    return Refuse(Refusal::kChanged, packPath + ": " + kSignatureName + ": trusted comment '" +
                                         comment.value() + "' does not match the manifest ('" +
                                         TrustedComment(manifest) + "')");
  }
  if (manifest.expires < options.today) {
    return Refuse(Refusal::kExpired, where + ": expires: the pack expired on " + manifest.expires +
                                         "; ask the publisher for a new one");
  }
  if (options.accept) {
    base::Result<bool> accepted = options.accept(manifest, signature.value());
    if (!accepted) return accepted.failure();
  }

  std::map<std::string, const FileEntry*> pending;
  std::uint64_t total = 0;
  for (const FileEntry& f : manifest.files) {
    if (options.only && !options.only(f.path)) continue;
    pending["files/" + f.path] = &f;
    total += f.size;
  }
  Progress* const progress = options.progress;
  if (progress) progress->total = total;
  std::uint64_t done = 0;
  Hasher hasher(std::max(1u, std::thread::hardware_concurrency()));
  for (int status; (status = archive_read_next_header(a.get(), &entry)) != ARCHIVE_EOF;) {
    if (status != ARCHIVE_OK) {
      return base::Error{packPath + ": the archive is damaged after the manifest: " +
                         archive_error_string(a.get())};
    }
    const char* utf8 = archive_entry_pathname_utf8(entry);
    const std::string name = utf8 ? utf8 : "";
    auto it = pending.find(name);
    if (options.only && it == pending.end() && name.rfind("files/", 0) == 0 &&
        !options.only(name.substr(6))) {
      archive_read_data_skip(a.get());
      continue;
    }
    if (it == pending.end()) {
      return Refuse(Refusal::kChanged,
                    packPath + ": '" + name + "' is not in the manifest (or comes twice)");
    }
    const FileEntry& file = *it->second;
    if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry) ||
        archive_entry_symlink(entry)) {
      return base::Error{packPath + ": '" + name + "' is not a regular file (link or device)"};
    }
    if (!archive_entry_size_is_set(entry) ||
        static_cast<std::uint64_t>(archive_entry_size(entry)) != file.size) {
      return Refuse(Refusal::kChanged, packPath + ": '" + name + "': size " +
                                           std::to_string(archive_entry_size(entry)) +
                                           " is not the manifest's " + std::to_string(file.size));
    }
    int fd = -1;
    if (!options.extractTo.empty()) {
      const fs::path target = options.extractTo / name;
      std::error_code error;
      fs::create_directories(target.parent_path(), error);
      fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
      if (error || fd < 0) {
        // A folder that could not be made (a full disk) says why, not the open() after it.
        const std::string why = error ? error.message() : Errno();
        if (fd >= 0) ::close(fd);
        return Environment(target.string() + ": cannot write: " + why);
      }
    }
    const std::size_t job = hasher.Begin(name, file.blake2b);
    std::uint64_t read = 0;
    for (;;) {
      std::unique_ptr<Hasher::Chunk> chunk = hasher.Take();
      // No more than what is left, plus one byte to notice more.
      const la_ssize_t n = archive_read_data(
          a.get(), chunk->bytes.get(),
          static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, file.size - read + 1)));
      if (n == 0) {
        hasher.Recycle(std::move(chunk));
        break;
      }
      if (n < 0) {
        if (fd >= 0) ::close(fd);
        return base::Error{packPath + ": '" + name +
                           "': damaged data: " + archive_error_string(a.get())};
      }
      read += static_cast<std::uint64_t>(n);
      if (read > file.size) {
        if (fd >= 0) ::close(fd);
        return Refuse(Refusal::kChanged,
                      packPath + ": '" + name + "': more data than the manifest's size");
      }
      chunk->size = static_cast<std::size_t>(n);
      if (progress) {
        if (progress->cancel) {
          if (fd >= 0) ::close(fd);
          return Refuse(Refusal::kCancelled, packPath + ": the install was cancelled");
        }
        const std::uint64_t before = done * 100 / total;  // total > 0: this file has data
        done += static_cast<std::uint64_t>(n);
        progress->done = done;
        if (done * 100 / total != before && progress->changed) progress->changed();
      }
      if (fd >= 0 && !WriteAll(fd, chunk->bytes.get(), chunk->size)) {
        ::close(fd);
        return Environment(options.extractTo.string() + ": cannot write '" + name +
                           "': " + Errno() + " (disk full?)");
      }
      hasher.Add(job, std::move(chunk), false);
    }
    hasher.Add(job, nullptr, true);
    // The data reaches the disk with one syncfs() before the swap, not a flush per file.
    if (fd >= 0 && ::close(fd) != 0) {
      return Environment(name + ": cannot be saved to disk: " + Errno());
    }
    if (read != file.size) {
      return Refuse(Refusal::kChanged,
                    packPath + ": '" + name + "': shorter than the manifest's size");
    }
    pending.erase(it);
  }
  if (const std::string wrong = hasher.Finish(); !wrong.empty()) {
    return Refuse(Refusal::kChanged,
                  packPath + ": '" + wrong +
                      "': its BLAKE2b hash is not the manifest's (the file was changed)");
  }
  if (!pending.empty()) {
    return Refuse(
        Refusal::kChanged,
        packPath + ": '" + pending.begin()->first + "' is in the manifest but not in the pack" +
            (pending.size() > 1 ? " (and " + std::to_string(pending.size() - 1) + " more)" : ""));
  }
  if (!options.extractTo.empty() &&
      (!WriteSynced(options.extractTo / kManifestName, manifestText.value()) ||
       !WriteSynced(options.extractTo / kSignatureName, signature.value()))) {
    return Environment(options.extractTo.string() + ": cannot write the manifest: " + Errno());
  }
  return manifest;
}

// fsyncs every folder below and including `dir`, deepest first, so the new names are on disk.
bool FsyncTree(const fs::path& dir) {
  std::error_code error;
  std::vector<fs::path> dirs = {dir};
  for (const auto& e : fs::recursive_directory_iterator(dir, error)) {
    if (e.is_directory()) dirs.push_back(e.path());
  }
  bool ok = !error;
  for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) ok = FsyncPath(*it) && ok;
  return ok;
}

base::Result<Installed> ReadInstalled(const fs::path& store, const std::string& id) {
  std::ifstream in(store / id / kManifestName);
  if (!in) return base::Error{(store / id / kManifestName).string() + ": missing"};
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  base::Result<Manifest> manifest = ParseManifest(text, (store / id / kManifestName).string());
  if (!manifest) return base::Error{manifest.error()};
  return Installed{manifest.value(), fs::is_directory(store / ".previous" / id)};
}

}  // namespace

base::Result<Manifest> BuildPack(const std::string& sourceDir, const std::string& keyPath,
                                 const std::string& outPath) {
  if (!SodiumReady()) return Environment("libsodium could not start");
  std::vector<std::string> problems;
  const fs::path source(sourceDir);
  const std::string headerPath = (source / "pack.json").string();

  // pack.json holds every manifest field but the files, which are the folder's other files.
  std::ifstream in(headerPath);
  nlohmann::json header = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!in.is_open() || header.is_discarded() || !header.is_object()) {
    problems.push_back(headerPath + ": missing, or not a JSON object");
    header = nlohmann::json::object();
  }
  header["files"] = nlohmann::json::array();
  std::map<std::string, std::string> texts;  // the text files, as UTF-8, by their path
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(source, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::path relative = fs::relative(it->path(), source);
    if (it->is_symlink()) {
      problems.push_back(it->path().string() + ": is a link; a pack holds regular files only");
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory()) continue;
    if (!it->is_regular_file()) {
      problems.push_back(it->path().string() + ": not a regular file");
      continue;
    }
    if (relative == "pack.json") continue;
    std::ifstream file(it->path(), std::ios::binary);
    std::uint8_t hash[crypto_generichash_BYTES];
    std::uint64_t size = 0;
    if (IsTextFile(relative)) {
      // Text is packed as UTF-8, whatever the publisher's tools saved: a kiosk never sees GBK.
      const std::string bytes((std::istreambuf_iterator<char>(file)),
                              std::istreambuf_iterator<char>());
      base::Result<std::string> text = DecodeText(bytes, it->path().string(), Encodings::kAny);
      if (!text) {
        problems.push_back(text.error());
        continue;
      }
      size = text.value().size();
      crypto_generichash(hash, sizeof hash,
                         reinterpret_cast<const unsigned char*>(text.value().data()), size, nullptr,
                         0);
      texts[relative.generic_string()] = std::move(text.value());
    } else {
      crypto_generichash_state state;
      crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
      std::vector<char> buffer(kChunk);
      while (file.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) ||
             file.gcount() > 0) {
        crypto_generichash_update(&state, reinterpret_cast<unsigned char*>(buffer.data()),
                                  static_cast<unsigned long long>(file.gcount()));
        size += static_cast<std::uint64_t>(file.gcount());
      }
      crypto_generichash_final(&state, hash, sizeof hash);
    }
    header["files"].push_back(
        {{"path", relative.generic_string()}, {"size", size}, {"blake2b", Hex(hash, sizeof hash)}});
  }
  if (error) problems.push_back(sourceDir + ": cannot be read: " + error.message());
  std::sort(header["files"].begin(), header["files"].end(),
            [](const auto& x, const auto& y) { return x["path"] < y["path"]; });
  base::Result<Manifest> manifest = ParseManifest(header.dump(), headerPath);
  if (!manifest) problems.push_back(manifest.error());
  // The content must load in the kiosk: every problem in it is reported now, not on a kiosk. It
  // is read as it will be packed; a text file that did not decode has said so above.
  base::Result<Content> content = LoadContent(
      sourceDir, {},
      [&](const fs::path& path, std::vector<std::string>* missed) -> std::optional<std::string> {
        auto it = texts.find(path.lexically_relative(source).generic_string());
        if (it != texts.end()) return it->second;
        if (!IsTextFile(path)) {
          missed->push_back(path.string() +
                            ": is read as text, so its name must end in .csv, "
                            ".tsv, .txt, .srt, .vtt, .ass or .ssa");
        }
        return std::nullopt;
      });
  if (!content) problems.push_back(content.error());
  if (content) CheckVideos(sourceDir, content.value(), &problems);  // by their content
  if (content) CheckPictures(sourceDir, content.value(), &problems);
  base::Result<SecretKey> key = ReadSecretKey(keyPath);
  if (!key) problems.push_back(key.error());
  if (!problems.empty()) return base::Problems(problems);

  const std::string manifestText = ManifestJson(manifest.value());
  const std::string signature = Sign(key.value(), manifestText, TrustedComment(manifest.value()));
  const Utf8Names names;
  const std::string temporary = outPath + ".partial";
  std::unique_ptr<archive, ArchiveWriterCloser> a(archive_write_new());
  archive_write_set_format_pax_restricted(a.get());
  if (archive_write_open_filename(a.get(), temporary.c_str()) != ARCHIVE_OK) {
    return Environment(temporary + ": cannot be written: " + archive_error_string(a.get()));
  }
  bool written = true;
  auto add = [&](const std::string& name, std::uint64_t size,
                 const std::function<bool(archive*)>& data) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname_utf8(entry, name.c_str());
    archive_entry_set_size(entry, static_cast<la_int64_t>(size));
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    written = written && archive_write_header(a.get(), entry) == ARCHIVE_OK && data(a.get());
    archive_entry_free(entry);
  };
  auto text = [](const std::string& t) {
    return [&t](archive* w) {
      return archive_write_data(w, t.data(), t.size()) == static_cast<la_ssize_t>(t.size());
    };
  };
  add(kManifestName, manifestText.size(), text(manifestText));
  add(kSignatureName, signature.size(), text(signature));
  for (const FileEntry& f : manifest.value().files) {
    if (auto it = texts.find(f.path); it != texts.end()) {
      add("files/" + f.path, f.size, text(it->second));
      continue;
    }
    add("files/" + f.path, f.size, [&](archive* w) {
      std::ifstream file(source / f.path, std::ios::binary);
      std::vector<char> buffer(kChunk);
      while (file.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) ||
             file.gcount() > 0) {
        if (archive_write_data(w, buffer.data(), static_cast<std::size_t>(file.gcount())) !=
            file.gcount()) {
          return false;
        }
      }
      return true;
    });
  }
  written = archive_write_close(a.get()) == ARCHIVE_OK && written;
  if (!written || !FsyncPath(temporary) || std::rename(temporary.c_str(), outPath.c_str()) != 0) {
    fs::remove(temporary, error);
    return Environment(outPath + ": cannot be written (disk full?)");
  }
  return manifest.value();
}

base::Result<Manifest> VerifyPack(const std::string& packPath, const std::string& trustDir,
                                  const std::string& today) {
  base::Result<std::vector<PublicKey>> trusted = ReadTrustedKeys(trustDir);
  if (!trusted) return trusted.failure();
  return ReadPack(packPath, {.trusted = &trusted.value(), .today = today});
}

namespace {

// Holds the store's lock: one install or rollback at a time (kioskctl beside the USB import).
class StoreLock {
 public:
  explicit StoreLock(const fs::path& store) {
    m_fd = ::open((store / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    m_locked = m_fd >= 0 && ::flock(m_fd, LOCK_EX | LOCK_NB) == 0;
  }
  ~StoreLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the lock
  }
  bool Locked() const { return m_locked; }

 private:
  int m_fd = -1;
  bool m_locked = false;
};

// The highest version of each pack ever installed (.versions/<id>): a damaged installed manifest
// must not open the door to an old, withdrawn version.
std::uint64_t HighestVersion(const fs::path& store, const std::string& id) {
  std::ifstream in(store / ".versions" / id);
  std::uint64_t version = 0;
  in >> version;
  return version;
}

// The version record is staged beside the new version, written whole and synced, before the
// swap, and renamed into .versions/ after it: a rename needs no room on the disk, so a disk that
// fills during an install refuses the install instead of leaving the record behind the content.
base::Result<fs::path> StageVersion(const fs::path& work, std::uint64_t version) {
  const fs::path staged = work.string() + ".version";
  std::error_code error;
  fs::remove(staged, error);
  if (!WriteSynced(staged, std::to_string(version) + "\n")) {
    const std::string why = Errno();
    fs::remove(staged, error);
    return Environment(staged.string() + ": cannot write the version record: " + why);
  }
  return staged;
}

bool RecordVersion(const fs::path& store, const std::string& id, const fs::path& staged) {
  return ::rename(staged.c_str(), (store / ".versions" / id).c_str()) == 0 &&
         FsyncPath(store / ".versions");
}

// Whether the store takes a pack whose signed manifest is `m`: a newer version than any installed
// before, from the publisher who first installed it, with room for it on the disk.
base::Result<bool> Acceptable(const fs::path& store, const std::string& packPath, const Manifest& m,
                              const std::string& signature) {
  const fs::path current = store / m.id;
  std::uint64_t installed = HighestVersion(store, m.id);
  if (fs::exists(current)) {
    base::Result<Installed> readable = ReadInstalled(store, m.id);
    if (readable) installed = std::max(installed, readable.value().manifest.version);
    // A pack stays with the publisher who first installed it: another trusted bureau (or a
    // stolen key of one) cannot replace it.
    const std::optional<KeyId> before = SignatureKeyId(ReadFileText(current / kSignatureName));
    if (before && *before != SignatureKeyId(signature)) {
      return Refuse(Refusal::kOtherPublisher,
                    packPath + ": pack '" + m.id +
                        "' is signed by another publisher's key than the installed one");
    }
  }
  if (installed >= m.version) {
    return Refuse(Refusal::kNotNewer, packPath + ": version " + std::to_string(m.version) +
                                          " is not newer than the installed version " +
                                          std::to_string(installed) + " of " + m.id);
  }
  std::uint64_t total = 0;
  for (const FileEntry& f : m.files) total += f.size;
  struct statvfs space {};
  if (::statvfs(store.c_str(), &space) == 0) {
    const std::uint64_t free = static_cast<std::uint64_t>(space.f_bavail) * space.f_frsize;
    // The installed version stays (for a rollback) until the new one is in place, and the
    // kiosk's counts and logs must still find room after the install.
    const std::uint64_t overhead = total / 20, needed = total + overhead + kReserveBytes;
    if (needed > free) {
      auto mib = [](std::uint64_t bytes) {  // rounded up: never promise more room than there is
        return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB";
      };
      return Refuse(Refusal::kNoSpace,
                    store.string() + ": not enough free space for " + m.id + ": it needs " +
                        mib(needed) + " free (" + mib(total) + " of files, " + mib(overhead) +
                        " for the file system, and " + mib(kReserveBytes) +
                        " kept free for the kiosk's counts and logs); " +
                        std::to_string(free >> 20) + " MiB are free. Free " + mib(needed - free) +
                        " or more on this disk",
                    true);
    }
  }
  return true;
}

}  // namespace

base::Result<Installed> InstallPack(const std::string& packPath, const std::string& contentDir,
                                    const std::string& trustDir, const std::string& today,
                                    Progress* progress, const std::string* previewed) {
  base::Result<std::vector<PublicKey>> trusted = ReadTrustedKeys(trustDir);
  if (!trusted) return trusted.failure();
  const fs::path store(contentDir);
  const fs::path staging = store / ".staging";
  const fs::path previous = store / ".previous";
  std::error_code error;
  fs::create_directories(staging, error);
  fs::create_directories(previous, error);
  if (error) return Environment(contentDir + ": cannot prepare the store: " + error.message());
  const StoreLock lock(store);
  if (!lock.Locked()) return Environment(contentDir + ": another install is running; try again");
  // What an interrupted install left behind is of no use: a pack is whole or absent.
  for (const auto& e : fs::directory_iterator(staging, error)) fs::remove_all(e.path(), error);

  std::string unique = (staging / "install-XXXXXX").string();
  if (!::mkdtemp(unique.data())) return Environment(unique + ": cannot be made: " + Errno());
  // Content is for everyone to see: a pack a technician installs as root (kioskctl) is read by
  // the kiosk's own user. mkdtemp made the folder 0700.
  if (::chmod(unique.c_str(), 0755) != 0) {
    return Environment(unique + ": cannot be made readable: " + Errno());
  }
  const fs::path work = unique;
  ReadOptions options{.trusted = &trusted.value(), .today = today, .extractTo = work};
  options.accept = [&](const Manifest& m, const std::string& signature) -> base::Result<bool> {
    // The pack staff saw in the preview, not another put in its place since.
    if (previewed && signature != *previewed) {
      return Refuse(Refusal::kNotPreviewed,
                    packPath + ": is not the pack that was checked before; check it again");
    }
    return Acceptable(store, packPath, m, signature);
  };
  options.progress = progress;
  base::Result<Manifest> manifest = ReadPack(packPath, options);
  // The content must load in the kiosk too: a pack signed with the stock minisign tool never
  // went through kioskctl's checks.
  base::Result<Content> content =
      manifest ? LoadContent((work / "files").string()) : base::Result<Content>(Content{});
  if (manifest && content) {
    std::vector<std::string> problems;
    CheckPictures((work / "files").string(), content.value(), &problems);
    if (!problems.empty()) content = base::Problems(problems);
  }
  if (!manifest || !content) {
    fs::remove_all(work, error);
    if (!manifest) return manifest.failure();
    return Refuse(Refusal::kBadContent,
                  packPath + ": its content would not load on the kiosk:\n" + content.error());
  }
  const std::string& id = manifest.value().id;
  // The kiosk starts from the index, not from every question of every quiz (LoadCatalog).
  if (!WriteSynced(work / kIndexName, CatalogJson(content.value()))) {
    const std::string why = Errno();
    fs::remove_all(work, error);
    return Environment((work / kIndexName).string() + ": cannot be written: " + why);
  }
  fs::create_directories(store / ".versions", error);
  base::Result<fs::path> version = StageVersion(work, manifest.value().version);
  if (error || !version) {
    fs::remove_all(work, error);
    return error ? Environment(contentDir + "/.versions: cannot be made: " + error.message())
                 : version.failure();
  }
  const int storeFd = ::open(store.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool flushed = storeFd >= 0 && ::syncfs(storeFd) == 0;
  if (storeFd >= 0) ::close(storeFd);
  auto discard = [&] {
    fs::remove_all(work, error);
    fs::remove(version.value(), error);
  };
  if (!flushed || !FsyncTree(work) || !FsyncPath(staging)) {
    const std::string why = Errno();
    discard();
    return Environment(work.string() + ": cannot be saved to disk: " + why);
  }
  // The last moment to cancel: after this the new version is in place.
  if (progress && progress->cancel) {
    discard();
    return Refuse(Refusal::kCancelled, packPath + ": the install was cancelled");
  }
  const fs::path target = store / id;
  if (fs::is_directory(target)) {
    // Old and new trade places in one step; then the old one trades places with the rollback
    // version, and what comes back (the version before) is deleted where nothing reads it.
    if (::renameat2(AT_FDCWD, work.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
      const std::string why = Errno();
      discard();
      return Environment(target.string() + ": cannot swap in the new version: " + why);
    }
    const fs::path rollback = previous / id;
    const bool kept = fs::exists(rollback) ? ::renameat2(AT_FDCWD, work.c_str(), AT_FDCWD,
                                                         rollback.c_str(), RENAME_EXCHANGE) == 0
                                           : ::rename(work.c_str(), rollback.c_str()) == 0;
    if (!kept)
      base::Log(base::LogLevel::kWarning, "%s: no rollback version kept: %s", id.c_str(),
                Errno().c_str());
    FsyncPath(previous);
    fs::remove_all(work, error);
  } else if (::rename(work.c_str(), target.c_str()) != 0) {
    const std::string why = Errno();
    discard();
    return Environment(target.string() + ": cannot be put in place: " + why);
  }
  FsyncPath(staging);
  // The new version is in place: from here on the install has happened, whatever follows.
  if (!FsyncPath(store) || !RecordVersion(store, id, version.value())) {
    base::Log(base::LogLevel::kWarning, "%s: installed, but not yet saved to disk: %s",
              contentDir.c_str(), Errno().c_str());
  }
  return Installed{manifest.value(), fs::is_directory(previous / id)};
}

std::vector<Installed> ListPacks(const std::string& contentDir, std::vector<std::string>* damaged) {
  std::vector<Installed> packs;
  std::error_code error;
  for (const auto& e : fs::directory_iterator(contentDir, error)) {
    const std::string name = e.path().filename().string();
    if (!e.is_directory() || name.starts_with(".")) continue;
    base::Result<Installed> installed = ReadInstalled(contentDir, name);
    if (installed) {
      packs.push_back(installed.value());
    } else {
      damaged->push_back(name + ": " + installed.error());
    }
  }
  if (error) damaged->push_back(contentDir + ": cannot be read: " + error.message());
  std::sort(packs.begin(), packs.end(),
            [](const Installed& x, const Installed& y) { return x.manifest.id < y.manifest.id; });
  return packs;
}

base::Result<Installed> Rollback(const std::string& packId, const std::string& contentDir) {
  const fs::path store(contentDir);
  const fs::path current = store / packId, previous = store / ".previous" / packId;
  const StoreLock lock(store);
  if (!lock.Locked()) return Environment(contentDir + ": an install is running; try again");
  if (!fs::is_directory(current)) {
    return base::Error{contentDir + ": no pack '" + packId + "' is installed"};
  }
  if (!fs::is_directory(previous)) {
    return base::Error{contentDir + ": pack '" + packId + "' has no earlier version to go back to"};
  }
  if (::renameat2(AT_FDCWD, previous.c_str(), AT_FDCWD, current.c_str(), RENAME_EXCHANGE) != 0) {
    return Environment(current.string() + ": cannot swap versions: " + Errno());
  }
  if (!FsyncPath(store / ".previous") || !FsyncPath(store)) {
    return Environment(contentDir + ": cannot be saved to disk: " + Errno());
  }
  return ReadInstalled(store, packId);
}

base::Result<Preview> PreviewPack(const std::string& packPath, const std::string& contentDir,
                                  const std::string& trustDir, const std::string& today) {
  base::Result<std::vector<PublicKey>> trusted = ReadTrustedKeys(trustDir);
  if (!trusted) return trusted.failure();
  const fs::path store(contentDir);
  // The content's own files go to a folder of the preview's own, outside the store: a preview
  // changes nothing there and needs no lock.
  std::string unique = (fs::temp_directory_path() / "kiosk-preview-XXXXXX").string();
  if (!::mkdtemp(unique.data())) return Environment(unique + ": cannot be made: " + Errno());
  const fs::path work = unique;
  struct Remover {
    const fs::path& dir;
    ~Remover() {
      std::error_code error;
      fs::remove_all(dir, error);
    }
  } remover{work};
  ReadOptions options{.trusted = &trusted.value(), .today = today, .extractTo = work};
  std::string checkedSignature;
  options.accept = [&](const Manifest& m, const std::string& signature) {
    checkedSignature = signature;
    return Acceptable(store, packPath, m, signature);
  };
  options.only = IsContentFile;
  base::Result<Manifest> manifest = ReadPack(packPath, options);
  if (!manifest) return manifest.failure();
  std::set<std::string> listed;
  for (const FileEntry& f : manifest.value().files) listed.insert(f.path);
  base::Result<Content> content = LoadContent(
      (work / "files").string(), [&](const std::string& path) { return listed.count(path) > 0; });
  if (!content) {
    return Refuse(Refusal::kBadContent,
                  packPath + ": its content would not load on the kiosk:\n" + content.error());
  }
  Preview preview;
  preview.manifest = manifest.value();
  preview.signature = checkedSignature;
  for (const FileEntry& f : preview.manifest.files) preview.bytes += f.size;
  const std::string& id = preview.manifest.id;
  Manifest installedManifest;
  Content installedContent;
  if (base::Result<Installed> installed = ReadInstalled(store, id)) {
    installedManifest = installed.value().manifest;
    preview.installedVersion = installedManifest.version;
    base::Result<Content> loaded = LoadContent((store / id / "files").string());
    // A damaged installed version: everything in the new one counts as added.
    if (loaded) installedContent = std::move(loaded.value());
  }
  CompareContent(installedContent, installedManifest, content.value(), preview.manifest, &preview);
  return preview;
}

}  // namespace kiosk::packs
