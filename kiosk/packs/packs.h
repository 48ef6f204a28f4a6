// Signed content packs: what staff carry to a centre on a USB stick. A plain library (no UI) used
// by kioskctl and, later, the kiosk's USB import; any thread, one call at a time per store.
//
// A pack is one .kpack file, a tar holding manifest.json, its minisign signature
// manifest.json.minisig, and files/<path> for every file the manifest lists with its size and
// BLAKE2b-256 hash. The signature is minisign's format (Ed25519 over the BLAKE2b-512 prehash), its
// trusted comment binding pack id, version and expiry, so a publisher may sign with the stock
// minisign tool or with kioskctl.
//
// A store (--content DIR) holds one folder per installed pack, <id>/ (its manifest, signature,
// files/ and index.json: what a kiosk reads at start), plus .previous/<id>/ (the version before,
// for rollback), .versions/<id> (the highest version ever installed) and .staging/ (installs in
// progress). Installing extracts into
// staging on the same filesystem while hashing, fsyncs, and swaps the folder into place with
// renameat2(RENAME_EXCHANGE): a power cut leaves the old version or the new one, never a mix.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/base.h"

namespace kiosk::packs {

// Limits that stop a hostile or broken pack before it fills the disk.
constexpr std::uint64_t kMaxManifestBytes = 1 << 20;
constexpr std::size_t kMaxFiles = 10000;
constexpr std::uint64_t kMaxPackBytes = 8ull << 30;

// Why a pack is refused, in base::Error::reason: what staff are told in plain words. The message
// names the file and the field as well.
enum class Refusal {
  kNone,            // none of these: a pack or stick that cannot be read, the kiosk's own failure
  kUntrusted,       // not signed by a key in the trusted folder
  kChanged,         // a byte differs from what was signed: damaged or tampered with
  kExpired,         //
  kNotNewer,        // not newer than the version installed before
  kOtherPublisher,  // its id was first installed from another publisher's key
  kNoSpace,         // the store's disk has no room for it
  kBadContent,      // signed, but its content would not load on the kiosk
  kNotPreviewed,    // not the pack that was previewed
  kCancelled,       //
};
template <class T>
Refusal RefusalOf(const base::Result<T>& result) {
  return result ? Refusal::kNone : static_cast<Refusal>(result.failure().reason);
}

// [SECTION] Keys and signatures (minisign format)

struct PublicKey {
  std::array<std::uint8_t, 8> id;
  std::array<std::uint8_t, 32> key;
  std::string file;  // where it was read from, for messages
};

struct SecretKey {
  std::array<std::uint8_t, 8> id;
  std::array<std::uint8_t, 64> key;
};

// Writes NAME.pub and NAME.key (unencrypted, like `minisign -G -W`). Fails if either exists.
base::Result<PublicKey> GenerateKey(const std::string& name);
base::Result<PublicKey> ReadPublicKey(const std::string& path);
// Every *.pub in a folder; fails when there is none.
base::Result<std::vector<PublicKey>> ReadTrustedKeys(const std::string& dir);
// Reads an unencrypted minisign secret key (kioskctl's, or `minisign -G -W`'s).
base::Result<SecretKey> ReadSecretKey(const std::string& path);

// A minisign signature file for `data`, prehashed ("ED"), with the trusted comment.
std::string Sign(const SecretKey& key, const std::string& data, const std::string& trustedComment);
// The trusted comment, if `signature` (the text of a .minisig file) is a valid signature of `data`
// by one of `trusted`. `where` names the file in messages.
base::Result<std::string> Verify(const std::vector<PublicKey>& trusted, const std::string& data,
                                 const std::string& signature, const std::string& where);

// [SECTION] Manifest

struct FileEntry {
  std::string path;  // relative, '/'-separated, no '..'
  std::uint64_t size;
  std::string blake2b;  // BLAKE2b-256, lower-case hex
};

struct Manifest {
  std::string id;         // [a-z0-9-], 1..64
  std::uint64_t version;  // must grow with every release
  std::string expires;    // YYYY-MM-DD; the pack is refused after that day
  std::string publisher;
  std::vector<FileEntry> files;
};

// Parses and validates manifest.json text. Every problem is reported, each as "WHERE: field:
// reason", in one error.
base::Result<Manifest> ParseManifest(const std::string& json, const std::string& where);
std::string ManifestJson(const Manifest& manifest);
// "pack:ID version:N expires:YYYY-MM-DD": what the signature's trusted comment must say.
std::string TrustedComment(const Manifest& manifest);
std::string Blake2bHex(const std::string& data);

// [SECTION] Content model
//
// What a pack holds for the kiosk's screens, in a source folder (and the same files once
// installed): topics.json, videos.json, leaflets/*.json, quizzes/*.json or quizzes/*.csv,
// surveys/*.json, contests/*.json and help/*.json. Every text is per language: {"en": "...",
// "zh_CN": "..."}.

using Text = std::map<std::string, std::string>;  // language code -> text

struct Topic {
  std::string id;
  Text title;
  std::string picture;  // a picture of the subject, without words, for its cards; may be empty
};

struct Video {
  std::string id, topic;
  Text title;
  std::map<std::string, std::string> files;      // language -> video file in the pack
  std::map<std::string, std::string> subtitles;  // language -> .srt file in the pack
  // language -> picture shown on its card; without one the kiosk takes a picture from the video
  std::map<std::string, std::string> posters;
};

struct Answer {
  Text text;
  bool correct = false;
  std::map<std::string, std::string> narration;  // language -> audio file
  std::string picture;                           // image file, for picture answers
};

struct Question {
  enum class Kind { kSingle, kMultiple, kTrueFalse };
  Kind kind = Kind::kSingle;
  Text text, explanation;
  std::map<std::string, std::string> narration;
  std::vector<Answer> answers;
};

struct Quiz {
  std::string id, topic;
  Text title;
  bool shuffle = false;
  std::string relatedVideo;  // offered on the results screen
  // In a kiosk's catalog (LoadCatalog) empty until the quiz is opened (LoadQuestions).
  std::vector<Question> questions;
  // Contest sets: asked one at a time, to the leading teams only, while they are level at the end.
  std::vector<Question> tiebreak;
  std::size_t questionCount = 0;  // known before the questions are read
};

struct Survey {
  std::string id;
  Text title;
  std::vector<Question> questions;  // no answer is correct; read as a quiz's
  std::size_t questionCount = 0;
};

struct HelpPage {
  std::string id;
  Text title, body;
  struct Contact {
    Text name;
    std::string number;
    Text note;  // "verify locally", opening hours
  };
  std::vector<Contact> contacts;
};

// A printed leaflet, a picture of each page (scanned or exported), per language.
struct Leaflet {
  std::string id, topic;
  Text title;
  std::map<std::string, std::vector<std::string>> pages;  // language -> its pages, in order
};
constexpr std::size_t kMaxLeafletPages = 100;

struct Content {
  std::vector<Topic> topics;
  std::vector<Video> videos;
  std::vector<Leaflet> leaflets;  // leaflets/*
  std::vector<Quiz> quizzes;      // quizzes/*
  std::vector<Quiz> contests;     // contests/*: question sets for children's contests
  std::vector<Survey> surveys;
  std::vector<HelpPage> help;
};

// Whether a file a pack's content names (a video, a narration) is in the pack.
using HasFile = std::function<bool(const std::string& path)>;

// Reads and validates the content of a pack folder (source or installed). Every problem in every
// file is reported at once, each as "FILE: field: reason" (a CSV sheet: "FILE:LINE: column").
// The files the content names must be in the folder, or, given `hasFile`, be what it accepts
// (a preview reads the content's own files before the media are copied).
base::Result<Content> LoadContent(const std::string& dir, const HasFile& hasFile = {});

// What a kiosk shows of an installed pack (`packDir`: the store's <id> folder) before any quiz,
// contest set or survey is opened: all its content but their questions. Read from the index the
// install wrote beside the manifest, so that a kiosk starts as fast with 10,000 questions as with
// ten; a pack installed without one (by an older kioskctl) is read whole. Fails naming the file,
// also when a file of the pack is missing or not of its installed size (a failing disk).
base::Result<Content> LoadCatalog(const std::string& packDir);
// Reads the questions of a quiz, contest set (`contest`) or survey of a catalog when it is
// opened, from the installed pack's files folder. Fails naming the file.
base::Result<bool> LoadQuestions(const std::string& filesDir, Quiz* quiz, bool contest);
base::Result<bool> LoadQuestions(const std::string& filesDir, Survey* survey);

// [SECTION] Media

// Whether a file is a video the kiosk can show, by its content (libavformat): a container with a
// moving picture. Fails, naming the file and saying what it is instead, for sound only (an MP3,
// with or without a cover picture), a picture (a JPEG), an empty or unknown file.
base::Result<bool> ProbeVideo(const std::string& path);
// ProbeVideo for every video file the content of the pack folder `dir` names; each problem is
// appended, naming the file and the video.
void CheckVideos(const std::string& dir, const Content& content,
                 std::vector<std::string>* problems);
// Decodes every picture the content of the pack folder `dir` names (topics' and answers'
// pictures, videos' posters, leaflets' pages) as the kiosk will; each problem is appended, naming
// the file, why, and where the content names it.
void CheckPictures(const std::string& dir, const Content& content,
                   std::vector<std::string>* problems);

// [SECTION] Packs and the store

// Builds a signed .kpack from a source folder: its pack.json (id, version, expires, publisher)
// and every other regular file in it. Fails listing every problem; writes nothing then.
base::Result<Manifest> BuildPack(const std::string& sourceDir, const std::string& keyPath,
                                 const std::string& outPath);

// Checks a .kpack against the trusted keys and today's date (YYYY-MM-DD) without installing it:
// signature, expiry, and every entry's presence, type, size and hash.
base::Result<Manifest> VerifyPack(const std::string& packPath, const std::string& trustDir,
                                  const std::string& today);

struct Installed {
  Manifest manifest;
  bool hasPrevious;  // a version to roll back to
};

// What installing a pack would change, for staff to see before they install it.
struct Preview {
  struct Item {
    const char* kind;  // "video", "leaflet", "quiz", "survey", "contest" or "help"
    Text title;
  };
  Manifest manifest;
  std::string signature;               // its manifest's, which names every file by its hash
  std::uint64_t installedVersion = 0;  // 0: the pack is new on this kiosk
  std::uint64_t bytes = 0;             // the size of its files
  std::vector<Item> added, updated, removed;
};
// Reads a pack's signature, manifest and content files (not its media, which only the install
// copies and checks, so this is quick even from a slow stick) and compares them with the
// installed version. Refuses what InstallPack would refuse before copying: a bad signature, an
// expired pack, a version not newer, another publisher's pack id, no room on the disk.
base::Result<Preview> PreviewPack(const std::string& packPath, const std::string& contentDir,
                                  const std::string& trustDir, const std::string& today);

// How far an install is, for a progress bar on another thread, and its cancel button.
struct Progress {
  std::atomic<std::uint64_t> done{0};   // bytes of the pack's files copied and checked
  std::atomic<std::uint64_t> total{0};  // of this many; 0 until the manifest is read
  std::atomic<bool> cancel{false};      // set by another thread: the install stops
  // Called on the installing thread each time `done` passes another percent.
  std::function<void()> changed;
};

// Installs a verified pack into the store, atomically; refuses a version not newer than any
// installed before, a pack id already installed from another publisher's key, content the kiosk
// could not load, a pack the disk has no room for, and, given `previewed` (a Preview's
// signature), any pack but the one previewed. On any failure, and when `progress` is cancelled
// before the swap, the store is as it was. Once the new version is swapped in, the install has
// happened. One install or rollback at a time: a second one meanwhile fails at once.
base::Result<Installed> InstallPack(const std::string& packPath, const std::string& contentDir,
                                    const std::string& trustDir, const std::string& today,
                                    Progress* progress = nullptr,
                                    const std::string* previewed = nullptr);
// The installed packs whose manifest reads; each one that does not is described in `damaged`.
std::vector<Installed> ListPacks(const std::string& contentDir, std::vector<std::string>* damaged);
// Swaps the installed version of a pack with the one before it (a second rollback goes forward
// again). The earlier version was verified when it was installed; it is not checked again here.
base::Result<Installed> Rollback(const std::string& packId, const std::string& contentDir);

// Today's date on the kiosk's local clock, YYYY-MM-DD.
std::string Today();

}  // namespace kiosk::packs
