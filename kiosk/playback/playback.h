// Video and narration playback on libvlc 3.0 — the only module that includes libvlc. VLC decodes
// on its own threads into memory (I420), scaled to the size it is shown at; the main thread
// takes the newest picture and shows it through a texture of its own. VLC's threads only copy, flag
// and call `wake`: every libvlc call, and everything an end or an error leads to, happens on the
// main thread in Poll().
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/base.h"
#include "image/image.h"

struct libvlc_instance_t;

namespace kiosk::playback {

enum class PixelFormat {
  kI420,   // three planes (Y, U, V), for the renderer to convert (SDL_UpdateYUVTexture; a GPU
           // does it in a shader)
  kRgb32,  // one plane, 4 bytes a pixel (B, G, R, unused), converted by VLC's swscale: the
           // benchmark's peer
};

// One decoded picture, borrowed while TakeFrame's callback runs.
struct Frame {
  PixelFormat format = PixelFormat::kI420;
  int width = 0;   // the picture's size: the video's visible part (no decoder padding), fitted
  int height = 0;  // into the box
  const std::uint8_t* planes[3] = {};  // kRgb32: planes[0] only
  int pitches[3] = {};                 // bytes a row, per plane
};

enum class State {
  kStopped,  // nothing opened, or stopped
  kPlaying,  // also while opening
  kPaused,
  kEnded,   // played to its end
  kFailed,  // could not be opened or decoded; ErrorMessage() says which file
};

struct Snapshot;
class Engine;
// One picture of the video at `path`, at `fraction` (0..1) of its length, fitted within
// boxWidth × boxHeight with its shape kept, decoded without sound or subtitles; and the length.
// Blocks (up to a few seconds): any thread but the main one. Fails naming the file.
base::Result<Snapshot> TakeSnapshot(Engine& engine, const std::string& path, float fraction,
                                    int boxWidth, int boxHeight);

// The libvlc instance, shared by every player. One per process.
class Engine {
 public:
  // audioDevice false: sound is decoded and dropped at VLC's clock (headless runs, tests,
  // benchmarks); true: the system's sound output. Fails when libvlc cannot start (plugins
  // missing: the message says which package to install).
  static base::Result<std::unique_ptr<Engine>> Create(bool audioDevice);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

 private:
  Engine() = default;
  friend class Player;
  friend base::Result<Snapshot> TakeSnapshot(Engine&, const std::string&, float, int, int);
  libvlc_instance_t* m_vlc = nullptr;
};

class Player {
 public:
  // `wake` is called on VLC's threads when Poll() has something to take (a picture, an end, an
  // error); it must be thread-safe and quick. `video` false: sound only (narration).
  Player(Engine& engine, bool video, std::function<void()> wake,
         PixelFormat format = PixelFormat::kI420);
  ~Player();  // stops, and waits for VLC's threads to let go
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  // Starts playing a file from its beginning, with an .srt shown on the picture when `subtitles`
  // is not empty. Fails, naming the file, when it is missing or unreadable, or when a video's
  // header lists sound and no picture; a file VLC cannot decode, or sound only that its header
  // did not tell, turns into State::kFailed later, in Poll().
  base::Result<bool> Play(const std::string& path, const std::string& subtitles = {});
  void SetPaused(bool paused);
  void Stop();
  // Jumps to a fraction (0..1) of the length; no effect before the length is known. A paused
  // video stays paused and shows the picture at the new place (decoded with the sound off).
  void Seek(float fraction);
  // The largest picture to hand on, in pixels: VLC scales the video to fit inside (fast
  // bilinear), its shape kept, from the next Play(). 0 x 0: the video's own size.
  void SetBox(int width, int height);
  // The shape a picture of this video is to be shown at (width / height), its pixels' shape
  // (sample aspect) taken into account: 720 x 576 at 64:45, as DVDs hold 16:9, is 1.78. The
  // pictures handed on have that shape when VLC's header told it before the first one (MP4, MKV);
  // a DVD's MPEG-2 tells it only once decoding began, and its first pictures are to be stretched
  // to it. 0 until known.
  float DisplayAspect() const { return m_displayAspect; }
  // The loudness in percent (0 silent, 100 as the file is), for what plays now and everything
  // played after (libvlc_audio_set_volume on each of VLC's players). VLC's dummy sound output,
  // which headless runs use, has no volume: there it changes nothing that can be heard.
  void SetVolume(int percent);
  int Volume() const { return m_volume; }

  // Main thread, after `wake` was called (and cheap otherwise): takes what VLC's threads
  // reported (the length, an end, an error) and notes what was watched.
  void Poll();
  State GetState() const { return m_state; }
  const std::string& ErrorMessage() const { return m_error; }
  float Position() const;  // 0..1 of the length
  // From the file's header when Play() returns (0 if it has none), then as VLC reports it.
  std::int64_t LengthMs() const { return m_lengthMs; }
  // The share of the length's seconds played at normal speed since Play() or a new viewing:
  // what a seek jumps over is not watched, and a part watched twice counts once.
  float WatchedFraction() const;

  // When a picture arrived since the last call: calls `use` with it, under the decoder's lock
  // (keep it short: an upload), and returns true.
  bool TakeFrame(const std::function<void(const Frame&)>& use);
  // Pictures that changed what is shown, since Play(). A still picture counts once: VLC's
  // repeats of an unchanged picture are not handed on.
  std::uint64_t FramesDecoded() const;
  // FramesDecoded() as the last TakeFrame() found it: 0 until a picture of this Play() was
  // handed on. Only the main thread changes it.
  std::uint64_t FramesTaken() const;

 private:
  struct Shared;  // what VLC's threads touch
  void Release();
  // Reads the length from the file's header (a libvlc_media_t), so that LengthMs() is known when
  // Play() returns, and a video's visible size, for the format callback.
  void ReadHeader(void* media);
  // Where playback is, in ms of the length.
  std::int64_t TimeMs() const;
  // Marks the seconds between two times as watched, unless the step was a jump.
  void MarkWatched(std::int64_t fromMs, std::int64_t toMs);
  // Plays the media again from a time (ms), the picture kept until the next one comes.
  void PlayFrom(std::int64_t ms);
  // Restarts VLC's playback at a time (ms), the sound off when `muted`; the state is the caller's.
  void Restart(std::int64_t ms, bool muted);
  // A paused video: decodes the picture at m_resumeMs, to be stopped again in Poll when it came.
  void ShowPausedPicture();
  // The video's size and pixel shape from a libvlc_media_t's tracks; false when none is known yet.
  bool ReadTracks(void* media);

  Engine& m_engine;
  bool m_video;
  std::unique_ptr<Shared> m_shared;
  void* m_player = nullptr;  // libvlc_media_player_t
  State m_state = State::kStopped;
  std::string m_path;
  std::string m_error;
  std::int64_t m_lengthMs = 0;
  std::vector<bool> m_watched;   // per second of the length: played at normal speed
  std::int64_t m_lastMs = -1;    // the time at the last Poll while playing; -1 after a jump
  std::int64_t m_resumeMs = 0;   // where a paused (stopped) player goes on
  std::int64_t m_startMs = 0;    // where the player last started playing
  int m_volume = 100;            // percent
  float m_displayAspect = 0;     // see DisplayAspect()
  bool m_aspectSettled = false;  // read from VLC's tracks since a picture was shown
  // While paused: VLC plays, muted, until the picture at m_resumeMs is shown (a libvlc 3.0 player
  // paused or stopped decodes nothing after a seek). `m_previewAgain`: she moved the bar again
  // meanwhile, and the newest place is decoded next.
  bool m_previewing = false;
  bool m_previewAgain = false;
  std::uint64_t m_renderedAtStart = 0;  // Shared::rendered when VLC last started
};

// [SECTION] Posters

struct Snapshot {
  image::Pixels pixels;
  std::int64_t lengthMs = 0;  // 0 when the file does not say
};

// A video's card picture taken from the video itself, and its length.
struct Poster {
  std::string picture;  // a PNG in the posters folder
  std::int64_t lengthMs = 0;
};

// Pictures taken from videos that bring no poster, one at a time on a worker thread, each kept in
// `folder` (the state folder's posters/) as <hash>.png with its length, so that it is made once
// for a video file whatever pack or name it comes under. Get(): main thread.
class Posters {
 public:
  static constexpr int kPosterWidth = 480, kPosterHeight = 270;
  // `made` is called on the worker thread when a poster is ready (or failed).
  Posters(Engine& engine, std::string folder, std::function<void()> made);
  ~Posters();  // waits for the picture being taken
  Posters(const Posters&) = delete;
  Posters& operator=(const Posters&) = delete;
  // The poster of the video file `video` whose content hash is `hash`: nullptr until it is made
  // (it is asked for now), and for good when no picture could be taken from it (logged once).
  const Poster* Get(const std::string& video, const std::string& hash);
  // Whether a poster asked for is still being made.
  bool Busy() const;

 private:
  void Work();
  Poster Make(const std::string& video, const std::string& hash) const;

  Engine& m_engine;
  const std::string m_folder;
  std::function<void()> m_made;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::map<std::string, Poster> m_posters;  // by hash; empty picture: not made (yet)
  std::deque<std::pair<std::string, std::string>> m_asked;  // video, hash
  bool m_working = false;
  bool m_stop = false;
  std::thread m_worker;
};

}  // namespace kiosk::playback
