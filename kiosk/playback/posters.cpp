// Pictures taken from videos for their cards: libvlc decodes one picture at a tenth of the length,
// with no sound, into memory; a worker thread takes them one at a time and keeps them as PNG in
// the state folder, named by the video file's hash, so each is made once.
#include <vlc/vlc.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "image/image.h"
#include "playback/parse.h"
#include "playback/playback.h"

namespace kiosk::playback {
namespace {

namespace fs = std::filesystem;

constexpr auto kPictureTimeout = std::chrono::seconds(10);
constexpr auto kTracksTimeout = std::chrono::milliseconds(500);

// What VLC's threads hand over: the first picture decoded at the start time.
struct Grab {
  std::mutex mutex;
  std::condition_variable done;
  unsigned boxWidth = 0, boxHeight = 0;
  unsigned visibleWidth = 0, visibleHeight = 0, sarNum = 0, sarDen = 0;
  unsigned width = 0, height = 0;
  std::vector<std::uint32_t> pixels;  // B, G, R, unused in memory (RV32)
  bool taken = false;

  static unsigned Format(void** opaque, char* chroma, unsigned* width, unsigned* height,
                         unsigned* pitches, unsigned* lines) {
    Grab& g = *static_cast<Grab*>(*opaque);
    std::lock_guard<std::mutex> lock(g.mutex);
    // As the player does: the visible size (not the decoder's padded one), square pixels.
    unsigned w = *width, h = *height;
    if (g.visibleWidth > 0 && g.visibleWidth <= w && g.visibleHeight > 0 && g.visibleHeight <= h) {
      w = g.visibleWidth;
      h = g.visibleHeight;
    }
    if (g.sarNum > 0 && g.sarDen > 0)
      w = static_cast<unsigned>(std::uint64_t{w} * g.sarNum / g.sarDen);
    const double scale =
        std::min({1.0, static_cast<double>(g.boxWidth) / w, static_cast<double>(g.boxHeight) / h});
    g.width = std::max(2u, static_cast<unsigned>(w * scale));
    g.height = std::max(2u, static_cast<unsigned>(h * scale));
    std::memcpy(chroma, "RV32", 4);
    *width = g.width;
    *height = g.height;
    pitches[0] = g.width * 4;
    lines[0] = g.height;
    g.pixels.assign(std::size_t(g.width) * g.height, 0);
    return 1;
  }
  static void* Lock(void* opaque, void** planes) {
    Grab& g = *static_cast<Grab*>(opaque);
    g.mutex.lock();
    planes[0] = g.pixels.data();
    return nullptr;
  }
  static void Unlock(void* opaque, void*, void* const*) {
    static_cast<Grab*>(opaque)->mutex.unlock();
  }
  static void Display(void* opaque, void*) {
    Grab& g = *static_cast<Grab*>(opaque);
    std::lock_guard<std::mutex> lock(g.mutex);
    g.taken = true;
    g.done.notify_one();
  }
};

// The first video track's visible size and pixel shape, as far as VLC knows them (a DVD's shape
// only once its decoder ran); false when there is no video track. `*sound`: there is a sound
// track.
bool ReadTracks(libvlc_media_t* media, Grab* grab, bool* sound = nullptr) {
  libvlc_media_track_t** tracks = nullptr;
  const unsigned count = libvlc_media_tracks_get(media, &tracks);
  bool found = false;
  for (unsigned i = 0; i < count; ++i) {
    if (sound && tracks[i]->i_type == libvlc_track_audio) *sound = true;
    if (found) continue;
    const libvlc_video_track_t* video = tracks[i]->video;
    if (tracks[i]->i_type != libvlc_track_video || video->i_width == 0) continue;
    found = true;
    grab->visibleWidth = video->i_width;
    grab->visibleHeight = video->i_height;
    if (video->i_sar_num > 0 && video->i_sar_den > 0) {
      grab->sarNum = video->i_sar_num;
      grab->sarDen = video->i_sar_den;
    }
  }
  if (count > 0) libvlc_media_tracks_release(tracks, count);
  return found;
}

// Decodes the picture at `startSeconds` into `grab`; false when none came in time. Afterwards
// `grab` has what the decoder learnt of the pixels' shape.
bool Decode(libvlc_instance_t* vlc, const std::string& path, double startSeconds, Grab* grab) {
  libvlc_media_t* media = libvlc_media_new_path(vlc, path.c_str());
  if (!media) return false;
  // Silent, no subtitles, from the chosen time.
  for (const char* option : {":no-audio", ":no-spu", ":no-sub-autodetect-file"}) {
    libvlc_media_add_option(media, option);
  }
  libvlc_media_add_option(media, (":start-time=" + std::to_string(startSeconds)).c_str());
  libvlc_media_player_t* player = libvlc_media_player_new_from_media(media);
  if (!player) {
    libvlc_media_release(media);
    return false;
  }
  libvlc_video_set_callbacks(player, Grab::Lock, Grab::Unlock, Grab::Display, grab);
  libvlc_video_set_format_callbacks(player, Grab::Format, nullptr);
  bool taken = false;
  if (libvlc_media_player_play(player) == 0) {
    std::unique_lock<std::mutex> lock(grab->mutex);
    taken = grab->done.wait_for(lock, kPictureTimeout, [&] { return grab->taken; });
  }
  // A DVD's MPEG-2 tells its tracks a little after the first picture (libvlc 3.0.24: some 100 ms):
  // they are read while it still plays.
  auto tracksKnown = [&] {
    std::lock_guard<std::mutex> lock(grab->mutex);  // VLC's format callback reads them
    return ReadTracks(media, grab);
  };
  for (auto until = std::chrono::steady_clock::now() + kTracksTimeout;
       taken && !tracksKnown() && std::chrono::steady_clock::now() < until;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  libvlc_media_player_stop(player);
  libvlc_media_player_release(player);
  libvlc_media_release(media);
  return taken;
}

}  // namespace

base::Result<Snapshot> TakeSnapshot(Engine& engine, const std::string& path, float fraction,
                                    int boxWidth, int boxHeight) {
  base::Result<int> fd = base::OpenRegular(path);
  if (!fd) return fd.failure();
  ::close(fd.value());
  libvlc_media_t* media = libvlc_media_new_path(engine.m_vlc, path.c_str());
  if (!media) return base::Error{path + ": libvlc cannot open it"};
  Grab grab;
  grab.boxWidth = static_cast<unsigned>(std::max(2, boxWidth));
  grab.boxHeight = static_cast<unsigned>(std::max(2, boxHeight));
  const bool parsed = ParseHeader(media);
  bool sound = false;
  const bool video = ReadTracks(media, &grab, &sound);
  Snapshot snapshot;
  snapshot.lengthMs = std::max<std::int64_t>(0, libvlc_media_get_duration(media));
  libvlc_media_release(media);
  // Sound whose header lists no picture (an MP3) is not decoded (a DVD's header lists nothing).
  if (parsed && sound && !video) {
    return base::Error{path + ": no picture could be decoded from it (sound only)"};
  }
  const double start = static_cast<double>(snapshot.lengthMs) * fraction / 1000.0;
  const unsigned sarNum = grab.sarNum, sarDen = grab.sarDen;
  if (!Decode(engine.m_vlc, path, start, &grab)) {
    return base::Error{path + ": no picture could be decoded from it"};
  }
  // A DVD tells the shape of its pixels only once decoding began: taken again at that shape.
  if (grab.sarNum != sarNum || grab.sarDen != sarDen) {
    grab.taken = false;
    if (!Decode(engine.m_vlc, path, start, &grab)) {
      return base::Error{path + ": no picture could be decoded from it"};
    }
  }
  snapshot.pixels.width = static_cast<int>(grab.width);
  snapshot.pixels.height = static_cast<int>(grab.height);
  snapshot.pixels.rgba.resize(grab.pixels.size());
  std::transform(
      grab.pixels.begin(), grab.pixels.end(), snapshot.pixels.rgba.begin(), [](std::uint32_t bgrx) {
        // B, G, R in memory: 0x00RRGGBB as a number; IM_COL32 is 0xAABBGGRR.
        return 0xFF000000u | ((bgrx & 0xFF) << 16) | (bgrx & 0xFF00) | ((bgrx >> 16) & 0xFF);
      });
  return snapshot;
}

Posters::Posters(Engine& engine, std::string folder, std::function<void()> made)
    : m_engine(engine),
      m_folder(std::move(folder)),
      m_made(std::move(made)),
      m_worker([this] { Work(); }) {}

Posters::~Posters() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  m_worker.join();
}

const Poster* Posters::Get(const std::string& video, const std::string& hash) {
  std::lock_guard<std::mutex> lock(m_mutex);
  auto [it, added] = m_posters.try_emplace(hash);
  if (added) {
    // The newest asked first: the cards on the screen now, not those flung past.
    m_asked.push_front({video, hash});
    m_wake.notify_one();
  }
  return it->second.picture.empty() ? nullptr : &it->second;
}

bool Posters::Busy() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return !m_asked.empty() || m_working;
}

void Posters::Work() {
  std::unique_lock<std::mutex> lock(m_mutex);
  while (true) {
    m_wake.wait(lock, [this] { return m_stop || !m_asked.empty(); });
    if (m_stop) return;
    const auto [video, hash] = m_asked.front();
    m_asked.pop_front();
    m_working = true;
    lock.unlock();
    Poster poster = Make(video, hash);
    lock.lock();
    m_working = false;
    m_posters[hash] = std::move(poster);
    lock.unlock();
    m_made();
    lock.lock();
  }
}

Poster Posters::Make(const std::string& video, const std::string& hash) const {
  const fs::path picture = fs::path(m_folder) / (hash + ".png");
  const fs::path length = fs::path(m_folder) / (hash + ".length");
  Poster poster;
  if (std::ifstream in(length); in >> poster.lengthMs && fs::is_regular_file(picture)) {
    poster.picture = picture.string();
    return poster;
  }
  base::Result<Snapshot> snapshot =
      TakeSnapshot(m_engine, video, 0.1f, kPosterWidth, kPosterHeight);
  if (!snapshot) {
    base::Log(base::LogLevel::kWarning, "poster: %s", snapshot.error().c_str());
    return poster;
  }
  std::error_code error;
  fs::create_directories(m_folder, error);
  base::Result<bool> saved = image::SavePng(snapshot.value().pixels, picture.string());
  if (saved)
    saved =
        base::WriteAtomically(length.string(), std::to_string(snapshot.value().lengthMs) + "\n");
  if (!saved) {
    // A full disk: the picture is not kept, and the card shows its title alone.
    base::Log(base::LogLevel::kWarning, "poster: %s", saved.error().c_str());
    return poster;
  }
  poster.picture = picture.string();
  poster.lengthMs = snapshot.value().lengthMs;
  return poster;
}

}  // namespace kiosk::playback
