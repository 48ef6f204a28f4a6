// A file's header read by libvlc, for the players and the posters.
#include "playback/parse.h"

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace kiosk::playback {

bool ParseHeader(libvlc_media_t* media) {
  struct Parsed {
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
  } parsed;
  auto onParsed = [](const libvlc_event_t*, void* opaque) {
    Parsed& p = *static_cast<Parsed*>(opaque);
    std::lock_guard<std::mutex> lock(p.mutex);
    p.finished = true;
    p.done.notify_one();
  };
  libvlc_event_manager_t* events = libvlc_media_event_manager(media);
  libvlc_event_attach(events, libvlc_MediaParsedChanged, onParsed, &parsed);
  if (libvlc_media_parse_with_options(media, libvlc_media_parse_local, 2000) == 0) {
    std::unique_lock<std::mutex> lock(parsed.mutex);
    parsed.done.wait_for(lock, std::chrono::milliseconds(2500), [&] { return parsed.finished; });
  }
  libvlc_event_detach(events, libvlc_MediaParsedChanged, onParsed, &parsed);
  return libvlc_media_get_parsed_status(media) == libvlc_media_parsed_status_done;
}

}  // namespace kiosk::playback
