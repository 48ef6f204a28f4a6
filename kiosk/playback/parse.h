// What playback.cpp and posters.cpp share of libvlc: reading a file's header. Any thread.
#pragma once

#include <vlc/vlc.h>

namespace kiosk::playback {

// Parses `media`'s header from the local file (no network) and waits for it, 2.5 s at the most;
// returns whether it was parsed. Parsing runs on a VLC thread; its end is an event, which only
// flags and notifies.
bool ParseHeader(libvlc_media_t* media);

}  // namespace kiosk::playback
