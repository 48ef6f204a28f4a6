// Pictures: PNG, JPEG and WebP files checked by their header before anything is decoded, decoded
// with SDL2_image (JPEG with libjpeg, which scales as it decodes), turned upright (EXIF
// orientation, libexif) and scaled once to the size they are shown at; and a cache of their
// textures within a byte budget, fed by a worker thread. ReadHeader and Decode: any thread. Cache:
// made and used on the main thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

#include "base/base.h"

namespace kiosk::image {

// [SECTION] Files

enum class Format { kPng, kJpeg, kWebp };

// What a picture's header says, read before any pixel is decoded.
struct Header {
  Format format = Format::kPng;
  int width = 0, height = 0;  // as stored, before the orientation turns it
  int orientation = 1;        // EXIF: 1 upright, 6 turned a quarter clockwise, ... 8
  // A JPEG of four components (from a print shop), in Adobe's inverted form or not.
  bool cmyk = false, inverted = false;
};

// The largest picture the kiosk decodes: a side, and the pixels in all (a decompression bomb
// declares more, and is refused from its header); the smallest a visitor could see.
constexpr int kMaxSide = 8192;
constexpr std::int64_t kMaxPixels = 40'000'000;
constexpr int kMinSide = 16;
// A picture file larger than this is not read at all.
constexpr std::size_t kMaxFileBytes = 64u << 20;

// Reads `path` (a regular file, opened without following a link) and checks that it is a whole
// PNG, JPEG or WebP by its content, not its name, of a size within the limits above. Fails
// naming the file and the reason: what it is instead (a GIF, a PDF), cut short, too large.
base::Result<Header> ReadHeader(const std::string& path);

// ReadHeader's checks of a file's `bytes` already read; `name` names it in the message.
base::Result<Header> CheckHeader(std::string_view bytes, const std::string& name);

// Pixels in ImGui's IM_COL32 order (R in the lowest byte), rows without padding.
struct Pixels {
  int width = 0, height = 0;
  std::vector<std::uint32_t> rgba;
};

// Decodes `path` after ReadHeader's checks, turns it upright, and scales it down (never up) to
// fit within maxWidth × maxHeight, keeping its shape: a phone photo is never kept at full size.
base::Result<Pixels> Decode(const std::string& path, int maxWidth, int maxHeight);
// Decode of a file's `bytes` already read; `name` names it in the message.
base::Result<Pixels> DecodeBytes(std::string_view bytes, const std::string& name, int maxWidth,
                                 int maxHeight);

// Writes `pixels` as a PNG at `path` (whole or not at all: written beside it, then renamed).
// Fails naming the file, as an environment error (a full disk).
base::Result<bool> SavePng(const Pixels& pixels, const std::string& path);

// [SECTION] Cache

// Textures of decoded pictures, each at the size it is shown at, within a byte budget: the least
// recently shown go first. Get() asks; a worker thread decodes; the main thread's next frame
// (Collect) makes the texture. A picture that fails is logged once and never asked again.
class Cache {
 public:
  struct Textures {
    // Makes a texture of `rgba` (width × height, IM_COL32 order); nullptr if it cannot.
    std::function<void*(int width, int height, const std::uint32_t* rgba)> create;
    std::function<void(void* texture)> destroy;
  };
  static constexpr std::size_t kDefaultBudget = 64u << 20;

  // `decoded` is called on the worker thread when a picture is ready for Collect().
  Cache(Textures textures, std::function<void()> decoded, std::size_t budgetBytes = kDefaultBudget);
  ~Cache();
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;

  struct Shown {
    void* texture = nullptr;
    int width = 0, height = 0;  // as decoded: fitted within the size asked for
  };
  // The picture at `path` fitted within width × height, if its texture is made; otherwise it is
  // asked for (once) and nullptr comes back until it is, or for good if it failed.
  const Shown* Get(const std::string& path, int width, int height);
  // Once a frame, on the main thread, before the screens draw: makes the textures of what was
  // decoded, and lets go of the least recently shown while over the budget (never of a picture
  // shown on the last frame).
  void Collect();
  // Lets go of every picture (the files changed: a pack was installed); what is being decoded
  // now is thrown away when it is done.
  void Clear();
  // Whether a picture asked for is still being decoded.
  bool Busy() const;
  // What the textures held now take, in bytes.
  std::size_t Bytes() const { return m_bytes; }

 private:
  struct Key {
    std::string path;
    int width, height;
    int generation;  // Clear() calls before it was asked
    bool operator<(const Key& o) const {
      return std::tie(path, width, height, generation) <
             std::tie(o.path, o.width, o.height, o.generation);
    }
  };
  struct Entry {
    Shown shown;  // no texture yet: being decoded, or failed
    std::uint64_t lastFrame = 0;
  };
  // Lets go of the least recently shown textures until `bytes` more fit within the budget.
  void MakeRoom(std::size_t bytes);
  void Work();

  Textures m_textures;
  std::function<void()> m_decoded;
  const std::size_t m_budget;
  std::size_t m_bytes = 0;
  std::uint64_t m_frame = 1;
  int m_generation = 0;
  std::map<Key, Entry> m_entries;  // main thread

  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<Key> m_asked;                                       // for the worker
  std::vector<std::pair<Key, base::Result<Pixels>>> m_finished;  // for Collect
  std::size_t m_pending = 0;                                     // asked, not yet collected
  bool m_stop = false;
  std::thread m_worker;
};

}  // namespace kiosk::image
