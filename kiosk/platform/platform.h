// The kiosk's window, renderer and input, on SDL2 — the only module that includes SDL. It turns
// SDL events into a few plain ones, draws ImGui's draw data with the SDL_Renderer backend that
// libimgui-dev ships, and reads frames back for screenshots. Main thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/base.h"

struct ImDrawCmd;
struct ImDrawData;
struct ImDrawList;

namespace kiosk::platform {

struct PixelRect;

// Which renderer draws the kiosk (the config's `renderer`). kAuto takes an accelerated renderer
// only on a real GPU: OpenGL on Mesa's llvmpipe, softpipe or swrast is a CPU rasterizer that
// costs about twice the CPU of SDL's software renderer for the same screens.
enum class RendererSetting { kAuto, kSoftware, kAccelerated };

// True when an OpenGL renderer string (GL_RENDERER) names one of Mesa's CPU rasterizers.
bool IsCpuRasterizer(std::string_view glRenderer);

struct WindowOptions {
  RendererSetting renderer = RendererSetting::kAuto;  // not in headless runs: software
  bool headless = false;  // SDL's offscreen video driver and the software renderer
  bool windowed = false;  // otherwise fullscreen on the whole display
  int width = 1280;       // window size when windowed or headless
  int height = 720;
  float dpi = 0;  // > 0: the screen's real density, for panels whose EDID says nothing or lies
  // The display went away for good (the X server stopped, or another client closed the kiosk's
  // window: xkill): the platform logs why, calls this to save what can be saved, and ends the
  // process with status 3 (environment failure). Called once, on the main thread but from inside
  // Xlib: it must not call SDL.
  std::function<void()> displayLost;
};

struct Event {
  enum class Kind {
    kPointerDown,
    kPointerMove,
    kPointerUp,
    kKey,
    kQuit,
    kRedraw,
    kWake,  // Wake() was called: a worker (video decoding) has something for the main thread
  };
  Kind kind;
  float x = 0;  // renderer pixels, for pointer events
  float y = 0;
  std::string key;  // SDL's key name ("Escape"), for kKey
  // Which pointer: 0 the mouse, else a finger on the touchscreen (fingers may be down together).
  std::int64_t pointer = 0;
};

class Platform {
 public:
  // Opens the window and renderer: as options.renderer says, and logs which and why.
  // Without `headless` only a real display will do (X11, Wayland, or the console's DRM device),
  // never SDL's offscreen or dummy drivers; fullscreen fills that display with or without a
  // window manager. Fails with one line that says what to do (no display: how to run headless).
  static base::Result<std::unique_ptr<Platform>> Create(const WindowOptions& options);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  // Physical size of a pixel, from the display's DPI (96 DPI when the display does not say).
  float PxPerMm() const { return m_pxPerMm; }
  void OutputSize(int* width, int* height) const;
  const char* RendererName() const;
  // The largest texture side the renderer takes (4096 when it sets no limit).
  int MaxTextureSide() const;

  // Starts ImGui's renderer backend and uploads the font atlas; the ImGui context must exist and
  // its fonts be built.
  void InitImGui();

  // Blocks until an event arrives or timeoutMs passes (< 0: no limit; 0: only what is pending),
  // then appends every pending event to `out`.
  void WaitEvents(int timeoutMs, std::vector<Event>* out);
  // Input for scripts and benchmarks, queued as SDL events so it takes a finger's path: the
  // mouse's, or (finger > 0) a touchscreen finger's, which may be down beside others.
  void PushPointer(Event::Kind kind, float x, float y, std::int64_t finger = 0);
  // Lets the display's power saving blank the screen (outside opening hours), or keeps it lit.
  void AllowScreenBlanking(bool allow);
  // False when SDL does not know the key name.
  bool PushKey(std::string_view name);
  // Any thread: ends the main thread's wait with a kWake event. Calls made before that event is
  // taken add nothing to the queue, so a busy decoder cannot flood it.
  void Wake();

  // A texture the UI draws with (an ImTextureID): RGBA in ImGui's IM_COL32 byte order, blended.
  // nullptr (and logged) when the renderer cannot make one.
  void* CreateTexture(int width, int height);
  // Copies the w x h pixels at (x, y) of an image `pitch` pixels wide into the texture.
  void UpdateTexture(void* texture, int x, int y, int w, int h, const std::uint32_t* pixels,
                     int pitch);
  void DestroyTexture(void* texture);
  // A texture for video pictures, drawn opaque and untinted: one plane of 32-bit pixels (B, G, R,
  // unused in memory), or with `planar` three planes of I420 (Y, U, V), each with its row pitch
  // in bytes. nullptr (and logged) when the renderer cannot make one.
  void* CreateVideoTexture(int width, int height, bool planar);
  void UpdateVideoTexture(void* texture, const std::uint8_t* const planes[3], const int pitches[3],
                          bool planar);

  // Clears to clearColor (ImGui's ImU32 packing) and draws ImGui's draw data (nullptr: an empty
  // frame) without presenting it yet. With the software renderer only what changed since the
  // last frame is drawn again (the rest of the window keeps its pixels).
  void Render(ImDrawData* drawData, std::uint32_t clearColor);
  // Writes what Render() drew as a PNG. Fails with a message naming the file.
  base::Result<bool> Screenshot(const std::string& path);
  // Shows what Render() drew: the whole window, or only the rectangles that changed.
  void Present();
  // The next frame draws and shows the whole window (its pixels were lost, or a test compares).
  void RedrawAll();
  // How the frames presented so far reached the screen: whole, as a few changed rectangles, or
  // not at all since nothing had changed.
  struct Presented {
    std::int64_t whole = 0, partial = 0, unchanged = 0;
  };
  const Presented& PresentedFrames() const { return m_presented; }

 private:
  Platform() = default;
  void Translate(const void* sdlEvent, std::vector<Event>* out) const;
  void RenderRects(ImDrawData* drawData, const std::vector<PixelRect>& rects);
  // The software renderer's video pictures are drawn by DrawPicture, a callback that ImGui's
  // SDL_Renderer backend calls in their place, between MarkPictures and UnmarkPictures.
  void MarkPictures(ImDrawData* drawData);
  void UnmarkPictures();
  static void DrawPicture(const ImDrawList* list, const ImDrawCmd* cmd);

  struct Sdl;
  std::unique_ptr<Sdl> m_sdl;
  float m_pxPerMm = 96 / 25.4f;
  Presented m_presented;
  bool m_imguiStarted = false;
};

}  // namespace kiosk::platform
