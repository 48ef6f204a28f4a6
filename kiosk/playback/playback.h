// Video and narration playback on libvlc 3.0 — the only module that includes libvlc. VLC decodes
// on its own threads into memory (I420); the main thread takes the newest picture and shows it
// through a texture of its own. VLC's threads only copy, flag and call `wake`: every libvlc call,
// and everything an end or an error leads to, happens on the main thread in Poll().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/base.h"

struct libvlc_instance_t;

namespace kiosk::playback {

// One decoded picture in I420 (planes Y, U, V), borrowed while TakeFrame's callback runs.
struct Frame {
  int width = 0;  // the visible size: a decoder's padding (1088 lines for 1080) is cut off
  int height = 0;
  const std::uint8_t* planes[3] = {};
  int pitches[3] = {};  // bytes a row, per plane
};

enum class State {
  kStopped,  // nothing opened, or stopped
  kPlaying,  // also while opening
  kPaused,
  kEnded,   // played to its end
  kFailed,  // could not be opened or decoded; ErrorMessage() says which file
};

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
  libvlc_instance_t* m_vlc = nullptr;
};

class Player {
 public:
  // `wake` is called on VLC's threads when Poll() has something to take (a picture, an end, an
  // error); it must be thread-safe and quick. `video` false: sound only (narration).
  Player(Engine& engine, bool video, std::function<void()> wake);
  ~Player();  // stops, and waits for VLC's threads to let go
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  // Starts playing a file from its beginning, with an .srt shown on the picture when `subtitles`
  // is not empty. Fails, naming the file, when it is missing or unreadable; a file VLC cannot
  // decode turns into State::kFailed later, in Poll().
  base::Result<bool> Play(const std::string& path, const std::string& subtitles = {});
  void SetPaused(bool paused);
  void Stop();
  // Jumps to a fraction (0..1) of the length; no effect before the length is known.
  void Seek(float fraction);
  void SetVolume(int percent);  // 0..100

  // Main thread, whenever `wake` was called (and cheap otherwise): takes what VLC's threads
  // reported. Returns true when the state or the picture changed.
  bool Poll();
  State GetState() const { return m_state; }
  const std::string& ErrorMessage() const { return m_error; }
  float Position() const;  // 0..1 of the length
  std::int64_t LengthMs() const { return m_lengthMs; }
  // How much of the length has been played at normal speed (seeks skip, they are not watched).
  float WatchedFraction() const;

  // When a picture arrived since the last call: calls `use` with it, under the decoder's lock
  // (keep it short: an upload), and returns true.
  bool TakeFrame(const std::function<void(const Frame&)>& use);
  // Pictures that changed what is shown, since Play(). A still picture counts once: VLC's
  // repeats of an unchanged picture are not handed on.
  std::uint64_t FramesDecoded() const;

 private:
  struct Shared;  // what VLC's threads touch
  void Release();

  Engine& m_engine;
  bool m_video;
  std::unique_ptr<Shared> m_shared;
  void* m_player = nullptr;  // libvlc_media_player_t
  State m_state = State::kStopped;
  std::string m_path;
  std::string m_error;
  std::int64_t m_lengthMs = 0;
  std::int64_t m_skippedMs = 0;  // play time jumped over by seeks (back: negative)
  int m_visibleWidth = 0;        // libvlc_video_get_size, read again after every format change
  int m_visibleHeight = 0;
};

}  // namespace kiosk::playback
