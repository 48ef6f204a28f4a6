// libvlc 3.0 playback into memory. Threads: the callbacks below run on VLC's decoder, video
// output and event threads; they copy, flag and wake, and never call libvlc (a libvlc call from
// an event callback deadlocks, and stopping from one is documented as forbidden). Everything
// else runs on the main thread.
#include "playback/playback.h"

#include <vlc/vlc.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

#include "playback/parse.h"

namespace kiosk::playback {
namespace {

libvlc_media_player_t* Vlc(void* player) {
  return static_cast<libvlc_media_player_t*>(player);
}

// Played time after which a video that has no video track is taken for sound only.
constexpr std::int64_t kSecondsToFindAPicture = 1;

// What VLC's events tell the main thread, as bits.
enum Flag : unsigned { kEndReached = 1, kError = 2, kLength = 4, kPicture = 8 };

// A file:// URI for add_slave, which takes no path (libvlc 3.0 has no public path2uri).
std::string FileUri(const std::string& path) {
  const std::string absolute = std::filesystem::absolute(path).string();
  std::string uri = "file://";
  for (unsigned char c : absolute) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      uri += escaped;
    }
  }
  return uri;
}

// Whether a parsed media's tracks are sound and nothing else (an MP3 given as a video; VLC makes
// no video track of its cover picture).
bool SoundOnly(libvlc_media_t* media) {
  libvlc_media_track_t** tracks = nullptr;
  const unsigned count = libvlc_media_tracks_get(media, &tracks);
  const bool sound = std::any_of(tracks, tracks + count, [](const libvlc_media_track_t* track) {
    return track->i_type == libvlc_track_audio;
  });
  const bool picture = std::any_of(tracks, tracks + count, [](const libvlc_media_track_t* track) {
    return track->i_type == libvlc_track_video;
  });
  if (count > 0) libvlc_media_tracks_release(tracks, count);
  return sound && !picture;
}

}  // namespace

// Two picture buffers: VLC writes one while the main thread may read the other; both only under
// the mutex, which VLC holds from lock to unlock, as its documentation allows.
struct Player::Shared {
  std::function<void()> wake;
  PixelFormat format = PixelFormat::kI420;
  std::atomic<unsigned> boxWidth{0}, boxHeight{0};
  std::mutex mutex;
  std::vector<std::uint8_t> buffers[2];
  unsigned pitches[3] = {};
  unsigned lines[3] = {};
  unsigned width = 0, height = 0;  // the format agreed with VLC
  // The video's visible size, read from the file before playing (0: unknown).
  std::atomic<unsigned> visibleWidth{0}, visibleHeight{0};
  // The shape of its pixels (sample aspect), from the file's header or, later, from VLC's
  // decoder (0: unknown, taken as square).
  std::atomic<unsigned> sarNum{0}, sarDen{0};
  std::atomic<std::uint64_t> rendered{0};  // pictures VLC displayed, repeats included
  std::atomic<bool> wakeOnRepeat{false};   // a repeated picture wakes too (a paused seek's)
  int shown = -1;                          // the buffer of the newest displayed picture
  std::uint64_t displayed = 0;             // pictures displayed
  std::uint64_t taken = 0;                 // the `displayed` the main thread last took
  std::atomic<unsigned> flags{0};          // Flag bits for Poll

  void Raise(unsigned flag) {
    flags.fetch_or(flag);
    wake();
  }

  // libvlc 3.0.24 calls this again whenever the format changes, and with the decoder's padded
  // size (738 lines for a 720p H.264 video): taken as it is, VLC inserts swscale and stretches
  // the 720 visible lines over 738 (2.5 % taller, and a bicubic pass over every picture). So the
  // size asked for starts from the visible size, read from the file before playing.
  static unsigned Format(void** opaque, char* chroma, unsigned* width, unsigned* height,
                         unsigned* pitches, unsigned* lines) {
    Shared& s = *static_cast<Shared*>(*opaque);
    unsigned w = *width, h = *height;
    const unsigned visibleWidth = s.visibleWidth, visibleHeight = s.visibleHeight;
    if (visibleWidth > 0 && visibleWidth <= w && visibleHeight > 0 && visibleHeight <= h) {
      w = visibleWidth;
      h = visibleHeight;
    }
    // libvlc 3.0 tells this callback nothing of the pixels' shape and scales to whatever size it
    // returns: pixels that are not square are made so here, widened as VLC's own outputs do
    // (720 x 576 at 64:45 is shown 1024 x 576), or a 16:9 DVD would be drawn at 5:4.
    const unsigned sarNum = s.sarNum, sarDen = s.sarDen;
    if (sarNum > 0 && sarDen > 0) {
      w = static_cast<unsigned>(std::uint64_t{w} * sarNum / sarDen);
    }
    const unsigned boxWidth = s.boxWidth, boxHeight = s.boxHeight;
    if (boxWidth > 0 && boxHeight > 0) {
      const double scale =
          std::min(static_cast<double>(boxWidth) / w, static_cast<double>(boxHeight) / h);
      w = static_cast<unsigned>(w * scale);
      h = static_cast<unsigned>(h * scale);
    }
    w = std::max(2u, w & ~1u);  // I420's chroma is a half: even sizes only
    h = std::max(2u, h & ~1u);
    *width = w;
    *height = h;
    std::lock_guard<std::mutex> lock(s.mutex);
    if (s.format == PixelFormat::kRgb32) {
      std::memcpy(chroma, "RV32", 4);
      s.pitches[0] = w * 4;
      s.lines[0] = h;
      s.pitches[1] = s.pitches[2] = s.lines[1] = s.lines[2] = 0;
    } else {
      std::memcpy(chroma, "I420", 4);
      s.pitches[0] = (w + 31) & ~31u;  // rows 32-byte aligned, for the converters' SIMD
      s.pitches[1] = s.pitches[2] = s.pitches[0] / 2;
      s.lines[0] = h;
      s.lines[1] = s.lines[2] = h / 2;
    }
    s.width = w;
    s.height = h;
    std::size_t size = 0;
    for (int i = 0; i < 3; ++i) {
      pitches[i] = s.pitches[i];
      lines[i] = s.lines[i];
      size += std::size_t{s.pitches[i]} * s.lines[i];
    }
    for (std::vector<std::uint8_t>& buffer : s.buffers) buffer.assign(size, 0);
    s.shown = -1;
    return 1;
  }

  static void Cleanup(void*) {}

  static void* Lock(void* opaque, void** planes) {
    Shared& s = *static_cast<Shared*>(opaque);
    s.mutex.lock();
    const int write = s.shown == 0 ? 1 : 0;
    std::uint8_t* p = s.buffers[write].data();
    planes[0] = p;
    planes[1] = p + s.pitches[0] * s.lines[0];
    planes[2] = p + s.pitches[0] * s.lines[0] + s.pitches[1] * s.lines[1];
    return reinterpret_cast<void*>(static_cast<std::intptr_t>(write));
  }

  static void Unlock(void* opaque, void*, void* const*) {
    static_cast<Shared*>(opaque)->mutex.unlock();
  }

  // libvlc 3.0's video output displays the last picture again every 80 ms while nothing new
  // comes (VOUT_REDISPLAY_DELAY, for its on-screen display), paused too: a picture equal to
  // the one shown is dropped here, or a paused video would redraw the kiosk 12 times a second.
  // Comparing costs ~0.1 ms for a 720p picture (less: it stops at the first difference).
  static void Display(void* opaque, void* picture) {
    Shared& s = *static_cast<Shared*>(opaque);
    ++s.rendered;
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      const int written = static_cast<int>(reinterpret_cast<std::intptr_t>(picture));
      if (s.shown >= 0 && s.buffers[written] == s.buffers[s.shown]) {
        if (s.wakeOnRepeat) s.Raise(kPicture);
        return;
      }
      s.shown = written;
      ++s.displayed;
    }
    s.Raise(kPicture);
  }

  static void OnEvent(const libvlc_event_t* event, void* opaque) {
    Shared& s = *static_cast<Shared*>(opaque);
    switch (event->type) {
      case libvlc_MediaPlayerEndReached:
        s.Raise(kEndReached);
        break;
      case libvlc_MediaPlayerEncounteredError:
        s.Raise(kError);
        break;
      case libvlc_MediaPlayerLengthChanged:
        s.Raise(kLength);
        break;
      default:
        break;
    }
  }
};

base::Result<std::unique_ptr<Engine>> Engine::Create(bool audioDevice) {
  std::vector<const char*> args = {
      "--quiet",
      "--no-video-title-show",     // VLC would write the file name over the first seconds
      "--no-sub-autodetect-file",  // subtitles only in the language the visitor chose
      "--no-snapshot-preview",
      "--no-stats",
      "--no-lua",
      "--no-xlib",
      "--sub-text-scale=160",  // subtitles that a woman standing a step back can read
      "--swscale-mode=0",      // fast bilinear scaling: bicubic cost more than decoding
  };
  if (!audioDevice) args.push_back("--aout=adummy");
  std::unique_ptr<Engine> engine(new Engine());
  engine->m_vlc = libvlc_new(static_cast<int>(args.size()), args.data());
  if (!engine->m_vlc) {
    return base::Error{
        "libvlc did not start; its plugins may be missing: apt-get install "
        "vlc-plugin-base libvlc-bin",
        true};
  }
  libvlc_set_user_agent(engine->m_vlc, "Women's Home kiosk", "kiosk");
  return engine;
}

Engine::~Engine() {
  if (m_vlc) libvlc_release(m_vlc);
}

Player::Player(Engine& engine, bool video, std::function<void()> wake, PixelFormat format)
    : m_engine(engine), m_video(video), m_shared(std::make_unique<Shared>()) {
  m_shared->wake = std::move(wake);
  m_shared->format = format;
}

void Player::SetBox(int width, int height) {
  m_shared->boxWidth = static_cast<unsigned>(std::max(0, width));
  m_shared->boxHeight = static_cast<unsigned>(std::max(0, height));
}

void Player::SetVolume(int percent) {
  m_volume = std::clamp(percent, 0, 100);
  if (m_player && !m_previewing) libvlc_audio_set_volume(Vlc(m_player), m_volume);
}

Player::~Player() {
  Release();
}

void Player::Release() {
  if (!m_player) return;
  // Stop joins VLC's threads: after it no callback runs, and m_shared may go.
  libvlc_media_player_stop(Vlc(m_player));
  libvlc_media_player_release(Vlc(m_player));
  m_player = nullptr;
}

void Player::ReadHeader(void* vlcMedia) {
  auto* media = static_cast<libvlc_media_t*>(vlcMedia);
  m_shared->visibleWidth = m_shared->visibleHeight = 0;
  m_shared->sarNum = m_shared->sarDen = 0;
  m_displayAspect = 0;
  ParseHeader(media);
  m_lengthMs = std::max<std::int64_t>(0, libvlc_media_get_duration(media));
  if (m_video) ReadTracks(media);
}

// The first video track's visible size and pixel shape, as far as VLC knows them: from the header
// when the media was parsed (an MP4's 'pasp', an MKV's display size), from the decoder once it
// ran (a DVD's MPEG-2 sequence header). Returns whether it found a size.
bool Player::ReadTracks(void* vlcMedia) {
  auto* media = static_cast<libvlc_media_t*>(vlcMedia);
  libvlc_media_track_t** tracks = nullptr;
  const unsigned count = libvlc_media_tracks_get(media, &tracks);
  bool found = false;
  for (unsigned i = 0; i < count && !found; ++i) {
    const libvlc_video_track_t* video = tracks[i]->video;
    if (tracks[i]->i_type != libvlc_track_video || video->i_width == 0 || video->i_height == 0) {
      continue;
    }
    found = true;
    m_shared->visibleWidth = video->i_width;
    m_shared->visibleHeight = video->i_height;
    const bool sar = video->i_sar_num > 0 && video->i_sar_den > 0;
    m_shared->sarNum = sar ? video->i_sar_num : 0;
    m_shared->sarDen = sar ? video->i_sar_den : 0;
    m_displayAspect =
        static_cast<float>(static_cast<double>(video->i_width) * (sar ? video->i_sar_num : 1) /
                           (static_cast<double>(video->i_height) * (sar ? video->i_sar_den : 1)));
  }
  if (count > 0) libvlc_media_tracks_release(tracks, count);
  return found;
}

base::Result<bool> Player::Play(const std::string& path, const std::string& subtitles) {
  Release();
  m_state = State::kStopped;
  m_path = path;
  m_error.clear();
  m_lengthMs = 0;
  m_watched.clear();
  m_lastMs = -1;
  m_resumeMs = 0;
  m_startMs = 0;
  m_previewing = m_previewAgain = false;
  m_aspectSettled = false;
  m_shared->wakeOnRepeat = false;
  m_renderedAtStart = m_shared->rendered;
  {
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    m_shared->shown = -1;
    m_shared->displayed = m_shared->taken = 0;
    m_shared->flags = 0;
  }
  if (!std::ifstream(path, std::ios::binary).good()) {
    m_state = State::kFailed;
    m_error = path + ": cannot be read";
    return base::Error{m_error};
  }
  libvlc_media_t* media = libvlc_media_new_path(m_engine.m_vlc, path.c_str());
  if (!media) {
    m_state = State::kFailed;
    m_error = path + ": libvlc cannot open it";
    return base::Error{m_error};
  }
  ReadHeader(media);
  if (m_video && libvlc_media_get_parsed_status(media) == libvlc_media_parsed_status_done &&
      SoundOnly(media)) {
    // Played, it would show "Loading…" to its end; and VLC's subtitle decoder, waiting for a
    // picture to draw on, would hold libvlc_media_player_stop() for seconds (1 s a cue).
    libvlc_media_release(media);
    m_state = State::kFailed;
    m_error = path + ": it holds sound only, no picture";
    return base::Error{m_error};
  }
  libvlc_media_player_t* player = libvlc_media_player_new_from_media(media);
  libvlc_media_release(media);
  if (!player) {
    m_state = State::kFailed;
    m_error = path + ": libvlc cannot make a player";
    return base::Error{m_error, true};
  }
  m_player = player;
  libvlc_audio_set_volume(player, m_volume);
  if (m_video) {
    libvlc_video_set_callbacks(player, Shared::Lock, Shared::Unlock, Shared::Display,
                               m_shared.get());
    libvlc_video_set_format_callbacks(player, Shared::Format, Shared::Cleanup);
  }
  libvlc_event_manager_t* events = libvlc_media_player_event_manager(player);
  for (libvlc_event_e type : {libvlc_MediaPlayerEndReached, libvlc_MediaPlayerEncounteredError,
                              libvlc_MediaPlayerLengthChanged}) {
    libvlc_event_attach(events, type, Shared::OnEvent, m_shared.get());
  }
  if (!subtitles.empty()) {
    if (!std::ifstream(subtitles).good()) {
      base::Log(base::LogLevel::kError, "%s: cannot be read; the video plays without subtitles",
                subtitles.c_str());
    } else if (libvlc_media_player_add_slave(player, libvlc_media_slave_type_subtitle,
                                             FileUri(subtitles).c_str(), true) != 0) {
      base::Log(base::LogLevel::kError, "%s: libvlc refused the subtitles", subtitles.c_str());
    }
  }
  if (libvlc_media_player_play(player) != 0) {
    m_state = State::kFailed;
    m_error = path + ": libvlc cannot play it";
    return base::Error{m_error};
  }
  m_state = State::kPlaying;
  return true;
}

// libvlc 3.0's own pause keeps its video output re-rendering the paused picture every 80 ms
// (scaled again each time: ~1.4 % of a core). So pausing stops the player, keeping the last
// picture and the time, and going on plays it again from that time.
void Player::SetPaused(bool paused) {
  if (!m_player) return;
  if (paused && m_state == State::kPlaying) {
    Poll();  // what was watched up to now
    m_resumeMs = TimeMs();
    libvlc_media_player_stop(Vlc(m_player));
    m_shared->flags = 0;  // nothing of the stopped playback is news
    m_state = State::kPaused;
  } else if (!paused && m_state == State::kPaused) {
    PlayFrom(m_resumeMs);
  }
}

void Player::PlayFrom(std::int64_t ms) {
  Restart(ms, false);
  m_startMs = ms;
  m_lastMs = -1;
  m_state = State::kPlaying;
}

// A seek right after libvlc_media_player_play() is lost while the input is still opening (seen
// with libvlc 3.0.24 under load): the start time goes with the media instead. VLC starts there
// precisely: what lies between the key frame before it and the time is decoded, not shown.
void Player::Restart(std::int64_t ms, bool muted) {
  libvlc_media_player_stop(Vlc(m_player));
  m_previewing = m_previewAgain = false;
  m_shared->wakeOnRepeat = false;
  if (libvlc_media_t* media = libvlc_media_player_get_media(Vlc(m_player))) {
    char option[48];
    std::snprintf(option, sizeof option, ":start-time=%.3f", static_cast<double>(ms) / 1000);
    libvlc_media_add_option(media, option);  // the last start-time given counts
    libvlc_media_release(media);
  }
  m_shared->flags = 0;
  m_renderedAtStart = m_shared->rendered;
  libvlc_audio_set_volume(Vlc(m_player), muted ? 0 : m_volume);
  libvlc_media_player_play(Vlc(m_player));
}

// libvlc 3.0 decodes nothing for a paused player after a seek (libvlc_media_player_next_frame
// needs a paused input, which this player does not keep: see SetPaused), so the picture at the new
// place is had by playing from there, muted, until it is shown; Poll then stops again.
void Player::ShowPausedPicture() {
  if (!m_video) return;
  if (m_previewing) {
    m_previewAgain = true;  // one restart at a time, while a finger drags the bar
    return;
  }
  Restart(m_resumeMs, true);
  m_previewing = true;
  m_shared->wakeOnRepeat = true;  // the same picture as before is an answer too
}

std::int64_t Player::TimeMs() const {
  if (m_state == State::kEnded) return m_lengthMs;
  if (m_state == State::kPaused) return m_resumeMs;
  if (!m_player) return 0;
  // Until VLC reports a time past where it started, it has not got there yet.
  return std::max<std::int64_t>(m_startMs, libvlc_media_player_get_time(Vlc(m_player)));
}

void Player::Stop() {
  Release();
  m_previewing = m_previewAgain = false;
  m_state = State::kStopped;
}

void Player::Seek(float fraction) {
  if (!m_player || m_lengthMs <= 0) return;
  fraction = std::clamp(fraction, 0.0f, 1.0f);
  const auto to = static_cast<std::int64_t>(fraction * static_cast<float>(m_lengthMs));
  if (m_state == State::kPlaying) Poll();  // what was watched up to the jump
  m_lastMs = -1;                           // a jump is not watched
  if (m_state == State::kPaused) {
    m_resumeMs = to;  // where she plays on
    ShowPausedPicture();
    return;
  }
  if (m_state == State::kEnded) {
    // An ended player takes no seek; it starts over from the chosen point, a new viewing.
    std::fill(m_watched.begin(), m_watched.end(), false);
    PlayFrom(to);
    return;
  }
  m_startMs = 0;
  libvlc_media_player_set_position(Vlc(m_player), fraction);
}

void Player::MarkWatched(std::int64_t fromMs, std::int64_t toMs) {
  // Steps longer than this were jumps (a seek), not watching.
  if (fromMs < 0 || toMs <= fromMs || toMs - fromMs > 2500 || m_watched.empty()) return;
  const auto last = static_cast<std::int64_t>(m_watched.size()) - 1;
  for (std::int64_t second = fromMs / 1000; second <= std::min(last, (toMs - 1) / 1000); ++second) {
    m_watched[static_cast<std::size_t>(second)] = true;
  }
}

void Player::Poll() {
  if (!m_player) return;
  const unsigned flags = m_shared->flags.exchange(0);
  if ((flags & kLength) || m_lengthMs <= 0) {
    // VLC's own figure, once it has one; until then the header's.
    const std::int64_t length = libvlc_media_player_get_length(Vlc(m_player));
    if (length > 0) m_lengthMs = length;
  }
  if (m_lengthMs > 0 && m_watched.empty()) {
    m_watched.assign(static_cast<std::size_t>((m_lengthMs + 999) / 1000), false);
  }
  if (m_previewing) {
    // A paused seek's picture came (or the file ended or failed before one did): stop again.
    if (m_shared->rendered > m_renderedAtStart || (flags & (kEndReached | kError))) {
      if (m_previewAgain) {
        m_previewing = false;
        ShowPausedPicture();
      } else {
        libvlc_media_player_stop(Vlc(m_player));
        m_shared->flags = 0;
        m_shared->wakeOnRepeat = false;
        m_previewing = false;
      }
    }
    return;
  }
  // A DVD's MPEG-2 tells the shape of its pixels only once its decoder ran, a little after the
  // first picture (libvlc 3.0.24: 0 x 0 then, 720 x 576 at 64:45 some 100 ms later): VLC's
  // tracks are read again until they say.
  if (m_video && !m_aspectSettled && m_state == State::kPlaying && FramesDecoded() > 0) {
    if (libvlc_media_t* media = libvlc_media_player_get_media(Vlc(m_player))) {
      m_aspectSettled = ReadTracks(media);
      libvlc_media_release(media);
    }
  }
  if (m_state == State::kPlaying && !(flags & (kError | kEndReached))) {
    const std::int64_t now = TimeMs();
    MarkWatched(m_lastMs, now);
    m_lastMs = now;
    // Sound only, in a file whose header did not list its streams (Play() refuses the others):
    // VLC would play it to its end without a picture. Once a second of it has played without a
    // video track, it never will have one.
    if (m_video && FramesDecoded() == 0 &&
        libvlc_media_player_get_time(Vlc(m_player)) >= m_startMs + kSecondsToFindAPicture * 1000 &&
        libvlc_video_get_track_count(Vlc(m_player)) <= 0) {
      libvlc_media_player_stop(Vlc(m_player));
      m_state = State::kFailed;
      m_error = m_path + ": it holds sound only, no picture";
      return;
    }
  }
  if (flags & kError) {
    m_state = State::kFailed;
    m_error = m_path + ": VLC could not play it (damaged, or a format it does not decode)";
  } else if (flags & kEndReached) {
    // libvlc still tells the time it ended at: a file cut short ends before its header's length.
    const std::int64_t end = libvlc_media_player_get_time(Vlc(m_player));
    if (m_video && FramesDecoded() == 0) {
      m_state = State::kFailed;
      m_error = m_path + ": it holds no picture VLC could decode";
    } else if (m_lengthMs > 0 && end >= 0 &&
               end < m_lengthMs - std::max<std::int64_t>(2000, m_lengthMs / 20)) {
      m_state = State::kFailed;
      m_error = m_path + ": it ends at " + std::to_string(end / 1000) + " s of its " +
                std::to_string(m_lengthMs / 1000) + " s (damaged or cut short)";
    } else {
      MarkWatched(m_lastMs, m_lengthMs);
      m_lastMs = -1;
      m_state = State::kEnded;
    }
  }
}

float Player::Position() const {
  if (m_lengthMs <= 0) return 0;
  return std::clamp(static_cast<float>(TimeMs()) / static_cast<float>(m_lengthMs), 0.0f, 1.0f);
}

float Player::WatchedFraction() const {
  if (m_watched.empty()) return 0;
  const auto seconds = std::count(m_watched.begin(), m_watched.end(), true);
  return static_cast<float>(seconds) / static_cast<float>(m_watched.size());
}

std::uint64_t Player::FramesTaken() const {
  std::lock_guard<std::mutex> lock(m_shared->mutex);
  return m_shared->taken;
}

bool Player::TakeFrame(const std::function<void(const Frame&)>& use) {
  Shared& s = *m_shared;
  std::lock_guard<std::mutex> lock(s.mutex);
  if (s.shown < 0 || s.displayed == s.taken) return false;
  s.taken = s.displayed;
  Frame frame;
  frame.format = s.format;
  frame.width = static_cast<int>(s.width);
  frame.height = static_cast<int>(s.height);
  const std::uint8_t* p = s.buffers[s.shown].data();
  frame.planes[0] = p;
  frame.planes[1] = p + s.pitches[0] * s.lines[0];
  frame.planes[2] = frame.planes[1] + s.pitches[1] * s.lines[1];
  for (int i = 0; i < 3; ++i) frame.pitches[i] = static_cast<int>(s.pitches[i]);
  use(frame);
  return true;
}

std::uint64_t Player::FramesDecoded() const {
  std::lock_guard<std::mutex> lock(m_shared->mutex);
  return m_shared->displayed;
}

}  // namespace kiosk::playback
