// Inside the platform module only: what the X11 driver needs beyond SDL. Main thread.
#pragma once

#include <functional>

namespace kiosk::platform {

// From now on an X server that goes away (its connection lost, or a request refused because
// another client destroyed the kiosk's window) is logged as such, `lost` is called (it may be
// empty), and the process ends with status 3, instead of Xlib's own message and exit(1). Call
// once SDL's x11 driver is up.
void CatchX11Errors(std::function<void()> lost);
// Forgets `lost`: after this an X error ends the process through Xlib's own handlers.
void ReleaseX11Errors();

}  // namespace kiosk::platform
