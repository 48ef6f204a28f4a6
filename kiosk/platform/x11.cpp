// What the kiosk does when the X server goes away under it. Xlib's default handlers print their
// own message and call exit(1), the usage error's status, running every static destructor while
// VLC's threads still decode; SDL 2.26 sets no I/O error handler and hands its X error handler
// on to Xlib's (SDL_x11video.c). These handlers say what happened, let the app save its counts,
// and end the kiosk with status 3, the environment failure's (ARCHITECTURE.md), which the service
// manager answers by starting it again. They run on the thread whose Xlib call failed: the main
// thread, the only one that calls SDL.
#include <X11/Xlib.h>

#include <cstdio>
#include <cstdlib>

#include "base/base.h"
#include "platform/platform_internal.h"

namespace kiosk::platform {
namespace {

constexpr int kExitEnvironment = 3;

bool g_caught = false;
std::function<void()> g_lost;
int (*g_xlibError)(Display*, XErrorEvent*) = nullptr;
XIOErrorHandler g_xlibIoError = nullptr;

[[noreturn]] void Lost(const char* why) {
  base::Log(base::LogLevel::kError, "%s; the kiosk stops", why);
  // Taken out first: should saving meet another X error, that one ends the kiosk at once.
  std::function<void()> lost = std::move(g_lost);
  g_lost = nullptr;
  if (lost) lost();
  // Not exit(): static destructors would run under VLC's and the USB jobs' threads.
  std::_Exit(kExitEnvironment);
}

// Xlib ends the process when this returns (XIOErrorHandler, libX11 1.8): it does not.
int OnIoError(Display* display) {
  char why[512];
  std::snprintf(why, sizeof why,
                "the X server %s went away (it stopped, or another client closed the "
                "kiosk's window)",
                DisplayString(display));
  Lost(why);
}

// An error that SDL does not catch itself is one Xlib's default would end the kiosk on: mostly
// requests on a window that another client destroyed.
int OnError(Display* display, XErrorEvent* error) {
  char text[160] = "";
  XGetErrorText(display, error->error_code, text, sizeof text);
  char why[512];
  std::snprintf(why, sizeof why,
                "the X server %s refused the kiosk's request (%s, request code %d): its window "
                "was closed by another client, or the server is failing",
                DisplayString(display), text, error->request_code);
  Lost(why);
}

}  // namespace

void CatchX11Errors(std::function<void()> lost) {
  g_lost = std::move(lost);
  g_caught = true;
  g_xlibIoError = XSetIOErrorHandler(OnIoError);
  g_xlibError = XSetErrorHandler(OnError);
}

void ReleaseX11Errors() {
  if (!g_caught) return;
  g_caught = false;
  g_lost = nullptr;
  XSetIOErrorHandler(g_xlibIoError);
  XSetErrorHandler(g_xlibError);
}

}  // namespace kiosk::platform
