// SDL2 window, renderer, events and screenshots for the kiosk. Main thread only, but for Wake().
#include "platform/platform.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "platform/damage.h"
#include "platform/platform_internal.h"

namespace kiosk::platform {

struct Platform::Sdl {
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  SDL_RendererInfo info{};
  std::atomic<bool> wakePending{false};
  // With SDL's software renderer the window's pixels stay as drawn from one frame to the next,
  // so a frame draws and presents only what changed (SDL_RenderPresent would send the whole
  // window: SDL issue #4972). GPU renderers' back buffers do not keep their pixels: they draw all.
  bool partial = false;
  Damage damage;
  // A number for each texture that changes whenever its pixels do (a new video picture).
  std::unordered_map<void*, std::uint64_t> generations;
  std::uint64_t lastGeneration = 0;
  std::vector<SDL_Rect> changed;  // what Render() drew, for Present()
  bool whole = true;              // Render() drew the whole window

  // The software renderer's video pictures: SDL would convert each new picture into a texture
  // of its own format, then copy that into the window's pixels, masking every pixel's unused
  // byte (ARGB to XRGB), over a background filled first. Instead a picture keeps the decoder's
  // pixels and is converted straight into the window's pixels where it is drawn, and nothing is
  // filled under it: 12-14 % less of the kiosk's CPU while a 720p video plays in a window.
  struct Picture {
    Uint32 format = SDL_PIXELFORMAT_IYUV;  // or SDL_PIXELFORMAT_RGB888
    int width = 0, height = 0, pitch = 0;
    std::vector<std::uint8_t> pixels;  // I420's planes one after the other, as SDL takes them
    // For a picture drawn at another size (a DVD's, widened to its pixels' shape) or in parts
    // (beside other changes): it in the window's format, converted once, copied from there.
    SDL_Surface* converted = nullptr;
    bool convertedCurrent = false;
    ~Picture() { SDL_FreeSurface(converted); }
  };
  std::unordered_map<void*, std::unique_ptr<Picture>> pictures;
  // While a frame is drawn: the commands that draw a picture (DrawPicture is their callback),
  // and the draw data's offset and scale.
  std::vector<std::pair<const ImDrawList*, ImDrawCmd*>> marked;
  ImVec2 drawOffset, drawScale;
};

namespace {

constexpr float kDefaultDpi = 96.0f;

bool Set(const char* name) {
  const char* value = std::getenv(name);
  return value && *value;
}

bool HasDisplay() {
  return Set("DISPLAY") || Set("WAYLAND_DISPLAY") || Set("SDL_VIDEODRIVER");
}

// SDL's drivers that put a picture on a screen (not offscreen, dummy, evdev).
bool IsScreenDriver(const char* driver) {
  for (const char* name : {"x11", "wayland", "kmsdrm"}) {
    if (driver && std::strcmp(driver, name) == 0) return true;
  }
  return false;
}

// Where the kiosk looked for a display, for the message that it found none.
std::string DisplayNamed() {
  std::string where;
  for (const char* name : {"SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"}) {
    if (!Set(name)) continue;
    where += (where.empty() ? "" : ", ") + std::string(name) + "=" + std::getenv(name);
  }
  return where;
}

// Makes SDL's video start, or says why it did not.
base::Result<bool> StartVideo(const WindowOptions& options) {
  if (options.headless) {
    // The offscreen driver draws into memory with the software renderer: the same pixels a
    // screen would show, readable for screenshots, on machines with no display at all.
    // Override: SDL_VIDEODRIVER=x11 in the environment must not put a window on a screen.
    SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "offscreen", SDL_HINT_OVERRIDE);
    SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, "software", SDL_HINT_OVERRIDE);
    // Without this SDL 2.26 shows the offscreen window's pixels through an OpenGL texture
    // (Mesa's llvmpipe): 3 ms of CPU for every blank 1080p frame, for nobody to see.
    SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_OVERRIDE);
  } else if (!HasDisplay()) {
    return base::Error{
        "no display to show the kiosk on (DISPLAY and WAYLAND_DISPLAY are unset); run it "
        "headless instead: kiosk --headless [--script FILE --screenshots DIR]"};
  } else {
    // Left to itself, SDL would go on to its offscreen and dummy drivers when no display answers
    // (a DISPLAY naming no server): a kiosk running on, invisibly. So only the displays the
    // environment names are tried, in SDL 2.26's own order. SDL_VIDEODRIVER in the environment
    // wins over this hint (SDL_hints.c); what it chose is checked below. Wayland first: cage
    // sets DISPLAY too (for Xwayland), and SDL 2.26's own order would go through Xwayland, a
    // second server between the kiosk and the screen. SDL tries the hint's names in order.
    std::string drivers = Set("WAYLAND_DISPLAY") ? "wayland" : "";
    if (Set("DISPLAY")) drivers += drivers.empty() ? "x11" : ",x11";
    SDL_SetHint(SDL_HINT_VIDEODRIVER, drivers.c_str());
  }
  // A software renderer draws into the window's framebuffer; SDL 2.26 would show that through an
  // OpenGL texture (on Mesa's llvmpipe without a GPU: more CPU than the drawing). The
  // environment may still say otherwise.
  SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
  // Closing the window (Alt+F4, a window manager's button) does not quit: only staff can close
  // the kiosk, from staff mode. SIGTERM and SIGINT still do (SDL 2.0.22+).
  SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
  bool started = SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) == 0;
  if (options.headless) {
    if (!started) {
      // An SDL built without the offscreen driver still has the dummy one.
      SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "dummy", SDL_HINT_OVERRIDE);
      started = SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) == 0;
    }
    if (!started) return base::Error{std::string("cannot start SDL video: ") + SDL_GetError()};
    return true;
  }
  if (!started) {
    return base::Error{"no display answers (" + DisplayNamed() +
                       "): is the X server or Wayland compositor running? To run without a "
                       "display use: kiosk --headless"};
  }
  if (!IsScreenDriver(SDL_GetCurrentVideoDriver())) {
    const std::string driver = SDL_GetCurrentVideoDriver();
    SDL_Quit();
    return base::Error{"SDL's " + driver + " video driver (" + DisplayNamed() +
                       ") shows nothing on a screen; the kiosk runs on x11, wayland or "
                       "kmsdrm, or headless: kiosk --headless"};
  }
  return true;
}

// A GPU the kernel drives has a render node (/dev/dri/renderD128...). Without one, OpenGL could
// only be one of Mesa's CPU rasterizers, and loading Mesa to ask stays in memory (idle under
// Xvfb: 121 MB against 56 MB without).
bool HasRenderNode() {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/dev/dri", error)) {
    if (entry.path().filename().string().rfind("renderD", 0) == 0) return true;
  }
  return false;
}

// The OpenGL renderer string of an SDL renderer that draws with OpenGL (its context is current
// once it is made); empty for any other.
std::string GlRenderer(SDL_Renderer* renderer) {
  SDL_RendererInfo info;
  if (SDL_GetRendererInfo(renderer, &info) != 0 || std::strncmp(info.name, "opengl", 6) != 0) {
    return "";
  }
  using GetString = const unsigned char* (*)(unsigned int);
  constexpr unsigned int kGlRenderer = 0x1F01;  // GL_RENDERER, the same in GL and GLES
  auto getString = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
  const unsigned char* name = getString ? getString(kGlRenderer) : nullptr;
  return name ? reinterpret_cast<const char*>(name) : "";
}

}  // namespace

bool IsCpuRasterizer(std::string_view glRenderer) {
  for (const char* cpu : {"llvmpipe", "softpipe", "swrast"}) {
    if (glRenderer.find(cpu) != std::string_view::npos) return true;
  }
  return false;
}

base::Result<std::unique_ptr<Platform>> Platform::Create(const WindowOptions& options) {
  if (base::Result<bool> started = StartVideo(options); !started) {
    return base::Error{started.error()};
  }
  std::unique_ptr<Platform> platform(new Platform());
  platform->m_sdl = std::make_unique<Sdl>();
  Sdl& sdl = *platform->m_sdl;

  Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
  SDL_Rect place{SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width, options.height};
  if (!options.headless && !options.windowed) {
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    // SDL 2.26's X11 driver makes the X window at the windowed size and leaves fullscreen to the
    // window manager (_NET_WM_STATE_FULLSCREEN, SDL_x11window.c); with none (xinit and the kiosk
    // alone, as kiosk PCs often run) the window stayed 1280x720 while SDL took it for the whole
    // screen, so the layout was cut and taps landed off their targets. Made the display's size
    // and borderless, it fills the screen with or without a window manager.
    if (SDL_Rect bounds; SDL_GetDisplayBounds(0, &bounds) == 0) place = bounds;
  }
  sdl.window = SDL_CreateWindow("Women's Home", place.x, place.y, place.w, place.h, flags);
  if (!sdl.window) {
    return base::Error{std::string("cannot open the kiosk window: ") + SDL_GetError()};
  }
  if (std::strcmp(SDL_GetCurrentVideoDriver(), "x11") == 0) CatchX11Errors(options.displayLost);
  std::string why = "headless";
  if (!options.headless && options.renderer == RendererSetting::kSoftware) {
    why = "renderer = software in the config";
  } else if (!options.headless && options.renderer == RendererSetting::kAuto && !HasRenderNode()) {
    why = "no GPU (no render node in /dev/dri)";
  } else if (!options.headless) {
    sdl.renderer =
        SDL_CreateRenderer(sdl.window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!sdl.renderer) {
      why = std::string("no accelerated renderer: ") + SDL_GetError();
    } else if (options.renderer == RendererSetting::kAccelerated) {
      why = "renderer = accelerated in the config";
    } else if (const std::string gl = GlRenderer(sdl.renderer); IsCpuRasterizer(gl)) {
      why = "the GPU is " + gl + ", which draws on the CPU";
      SDL_DestroyRenderer(sdl.renderer);
      sdl.renderer = nullptr;
    } else {
      why = gl.empty() ? "an accelerated renderer" : "the GPU is " + gl;
    }
  }
  if (!sdl.renderer) {
    // SDL 2.26's wayland and kmsdrm drivers have no window framebuffer of their own: there the
    // software renderer's pixels reach the screen through a texture of SDL's (x11 has one).
    const char* driver = SDL_GetCurrentVideoDriver();
    if (std::strcmp(driver, "wayland") == 0 || std::strcmp(driver, "kmsdrm") == 0) {
      SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "1", SDL_HINT_OVERRIDE);
    }
    sdl.renderer = SDL_CreateRenderer(sdl.window, -1, SDL_RENDERER_SOFTWARE);
  }
  if (!sdl.renderer) {
    return base::Error{std::string("cannot create a renderer: ") + SDL_GetError()};
  }
  SDL_GetRendererInfo(sdl.renderer, &sdl.info);
  sdl.partial = std::strcmp(sdl.info.name, "software") == 0;
  base::Log(base::LogLevel::kInfo, "renderer %s: %s", sdl.info.name, why.c_str());

  float hdpi = 0;
  const int display = SDL_GetWindowDisplayIndex(sdl.window);
  float dpi = kDefaultDpi;
  // X servers without a monitor description (Xvfb, some projectors) report nonsense; keep sizes
  // sane rather than drawing 2 mm buttons.
  if (options.dpi > 0) {
    dpi = options.dpi;
  } else if (!options.headless && SDL_GetDisplayDPI(display, nullptr, &hdpi, nullptr) == 0 &&
             hdpi >= 50 && hdpi <= 400) {
    dpi = hdpi;
  }
  int windowW = 0, outputW = 0;
  SDL_GetWindowSize(sdl.window, &windowW, nullptr);
  SDL_GetRendererOutputSize(sdl.renderer, &outputW, nullptr);
  // On a high-DPI output the renderer has more pixels than the window has points.
  const float scale =
      windowW > 0 ? static_cast<float>(outputW) / static_cast<float>(windowW) : 1.0f;
  platform->m_pxPerMm = dpi * scale / 25.4f;
  int windowH = 0;
  SDL_GetWindowSize(sdl.window, nullptr, &windowH);
  base::Log(base::LogLevel::kInfo, "video %s, window %dx%d, renderer %s, %.0f dpi",
            SDL_GetCurrentVideoDriver(), windowW, windowH, sdl.info.name, static_cast<double>(dpi));
  return platform;
}

Platform::~Platform() {
  ReleaseX11Errors();
  if (m_imguiStarted) ImGui_ImplSDLRenderer_Shutdown();
  if (m_sdl) {
    if (m_sdl->renderer) SDL_DestroyRenderer(m_sdl->renderer);
    if (m_sdl->window) SDL_DestroyWindow(m_sdl->window);
  }
  SDL_Quit();
}

void Platform::OutputSize(int* width, int* height) const {
  SDL_GetRendererOutputSize(m_sdl->renderer, width, height);
}

int Platform::MaxTextureSide() const {
  const int side = std::min(m_sdl->info.max_texture_width, m_sdl->info.max_texture_height);
  return side > 0 ? std::min(side, 4096) : 4096;
}

const char* Platform::RendererName() const {
  return m_sdl->info.name;
}

void Platform::InitImGui() {
  IM_ASSERT(ImGui::GetCurrentContext() != nullptr && "create the ImGui context (Ui) first");
  IM_ASSERT(ImGui::GetIO().Fonts->IsBuilt() && "build the fonts (Ui::BuildFonts) first");
  ImGui_ImplSDLRenderer_Init(m_sdl->renderer);
  ImGui_ImplSDLRenderer_CreateFontsTexture();
  m_imguiStarted = true;
}

void Platform::WaitEvents(int timeoutMs, std::vector<Event>* out) {
  SDL_Event event;
  int got = 0;
  if (timeoutMs < 0) {
    got = SDL_WaitEvent(&event);
  } else if (timeoutMs == 0) {
    got = SDL_PollEvent(&event);
  } else {
    got = SDL_WaitEventTimeout(&event, timeoutMs);
  }
  // SDL 2.26 hands back the event that ended the wait: it is not in the queue any more.
  if (!got) return;
  do {
    Translate(&event, out);
  } while (SDL_PollEvent(&event));
}

void Platform::Translate(const void* sdlEvent, std::vector<Event>* out) const {
  const SDL_Event& e = *static_cast<const SDL_Event*>(sdlEvent);
  // Pointer coordinates come in window points; the kiosk draws in renderer pixels.
  int windowW = 1, outputW = 1;
  SDL_GetWindowSize(m_sdl->window, &windowW, nullptr);
  SDL_GetRendererOutputSize(m_sdl->renderer, &outputW, nullptr);
  const float scale =
      windowW > 0 ? static_cast<float>(outputW) / static_cast<float>(windowW) : 1.0f;
  switch (e.type) {
    // SDL 2 also turns a touchscreen's first finger into mouse events (SDL_touch.c follows one
    // finger: track_fingerid), and drops the others while it is down. Those copies are left out
    // (which == SDL_TOUCH_MOUSEID): the fingers come below, every one of them, so that children
    // of several teams can tap at once.
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (e.button.button != SDL_BUTTON_LEFT || e.button.which == SDL_TOUCH_MOUSEID) return;
      out->push_back(
          {e.type == SDL_MOUSEBUTTONDOWN ? Event::Kind::kPointerDown : Event::Kind::kPointerUp,
           static_cast<float>(e.button.x) * scale,
           static_cast<float>(e.button.y) * scale,
           {}});
      return;
    case SDL_MOUSEMOTION:
      if (e.motion.which == SDL_TOUCH_MOUSEID) return;
      out->push_back({Event::Kind::kPointerMove,
                      static_cast<float>(e.motion.x) * scale,
                      static_cast<float>(e.motion.y) * scale,
                      {}});
      return;
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP: {
      // x and y are 0..1 of the window (SDL 2.26, a direct touchscreen). Finger ids start at 0
      // on some drivers; the mouse is pointer 0, so a finger is its id + 1.
      int outputH = 1;
      SDL_GetRendererOutputSize(m_sdl->renderer, &outputW, &outputH);
      const Event::Kind kind = e.type == SDL_FINGERDOWN ? Event::Kind::kPointerDown
                               : e.type == SDL_FINGERUP ? Event::Kind::kPointerUp
                                                        : Event::Kind::kPointerMove;
      out->push_back({kind,
                      e.tfinger.x * static_cast<float>(outputW),
                      e.tfinger.y * static_cast<float>(outputH),
                      {},
                      e.tfinger.fingerId + 1});
      return;
    }
    case SDL_KEYDOWN:
      out->push_back({Event::Kind::kKey, 0, 0, SDL_GetKeyName(e.key.keysym.sym)});
      return;
    case SDL_QUIT:  // also SIGINT and SIGTERM: SDL turns them into SDL_QUIT
      out->push_back({Event::Kind::kQuit, 0, 0, {}});
      return;
    case SDL_WINDOWEVENT:
      // What the compositor or the X server made of the window: the log says whether the
      // kiosk fills the screen (under cage, a screenshot of a fullscreen client is black).
      if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
        base::Log(base::LogLevel::kInfo, "window %dx%d", e.window.data1, e.window.data2);
      }
      if (e.window.event == SDL_WINDOWEVENT_EXPOSED ||
          e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
          e.window.event == SDL_WINDOWEVENT_RESTORED) {
        m_sdl->damage.Invalidate();  // the window's pixels were lost, or not shown yet
        out->push_back({Event::Kind::kRedraw, 0, 0, {}});
      }
      return;
    case SDL_USEREVENT:
      m_sdl->wakePending.store(false);
      out->push_back({Event::Kind::kWake, 0, 0, {}});
      return;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
      out->push_back({Event::Kind::kRedraw, 0, 0, {}});
      return;
    default:
      return;
  }
}

void Platform::PushPointer(Event::Kind kind, float x, float y, std::int64_t finger) {
  int windowW = 1, outputW = 1, outputH = 1;
  SDL_GetWindowSize(m_sdl->window, &windowW, nullptr);
  SDL_GetRendererOutputSize(m_sdl->renderer, &outputW, &outputH);
  if (finger > 0) {
    SDL_Event e{};
    e.type = kind == Event::Kind::kPointerDown ? SDL_FINGERDOWN
             : kind == Event::Kind::kPointerUp ? SDL_FINGERUP
                                               : SDL_FINGERMOTION;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = finger - 1;
    e.tfinger.x = x / static_cast<float>(outputW);
    e.tfinger.y = y / static_cast<float>(outputH);
    e.tfinger.pressure = 1;
    e.tfinger.windowID = SDL_GetWindowID(m_sdl->window);
    SDL_PushEvent(&e);
    return;
  }
  const float scale =
      outputW > 0 ? static_cast<float>(windowW) / static_cast<float>(outputW) : 1.0f;
  SDL_Event e{};
  const Sint32 wx = static_cast<Sint32>(x * scale);
  const Sint32 wy = static_cast<Sint32>(y * scale);
  if (kind == Event::Kind::kPointerMove) {
    e.type = SDL_MOUSEMOTION;
    e.motion.windowID = SDL_GetWindowID(m_sdl->window);
    e.motion.x = wx;
    e.motion.y = wy;
  } else {
    e.type = kind == Event::Kind::kPointerDown ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
    e.button.windowID = SDL_GetWindowID(m_sdl->window);
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = kind == Event::Kind::kPointerDown ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = 1;
    e.button.x = wx;
    e.button.y = wy;
  }
  SDL_PushEvent(&e);
}

void Platform::AllowScreenBlanking(bool allow) {
  // SDL keeps the screen saver (and the display's power saving) off while a window is open; on
  // X11 it also asks the X server's DPMS to leave the monitor on.
  if (allow) {
    SDL_EnableScreenSaver();
  } else {
    SDL_DisableScreenSaver();
  }
}

bool Platform::PushKey(std::string_view name) {
  const SDL_Keycode key = SDL_GetKeyFromName(std::string(name).c_str());
  if (key == SDLK_UNKNOWN) return false;
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.windowID = SDL_GetWindowID(m_sdl->window);
  e.key.state = SDL_PRESSED;
  e.key.keysym.sym = key;
  e.key.keysym.scancode = SDL_GetScancodeFromKey(key);
  SDL_PushEvent(&e);
  e.type = SDL_KEYUP;
  e.key.state = SDL_RELEASED;
  SDL_PushEvent(&e);
  return true;
}

void* Platform::CreateTexture(int width, int height) {
  SDL_Texture* texture = SDL_CreateTexture(m_sdl->renderer, SDL_PIXELFORMAT_ABGR8888,
                                           SDL_TEXTUREACCESS_STATIC, width, height);
  if (!texture) {
    base::Log(base::LogLevel::kError, "cannot make a %dx%d texture: %s", width, height,
              SDL_GetError());
    return nullptr;
  }
  SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
  return texture;
}

void Platform::UpdateTexture(void* texture, int x, int y, int w, int h, const std::uint32_t* pixels,
                             int pitch) {
  const SDL_Rect rect{x, y, w, h};
  m_sdl->generations[texture] = ++m_sdl->lastGeneration;
  SDL_UpdateTexture(static_cast<SDL_Texture*>(texture), &rect,
                    pixels + static_cast<std::size_t>(y) * pitch + x,
                    pitch * static_cast<int>(sizeof(std::uint32_t)));
}

void* Platform::CreateVideoTexture(int width, int height, bool planar) {
  if (m_sdl->partial) {
    auto picture = std::make_unique<Sdl::Picture>();
    picture->format = planar ? SDL_PIXELFORMAT_IYUV : SDL_PIXELFORMAT_RGB888;
    picture->width = width;
    picture->height = height;
    picture->pitch = planar ? width : width * 4;
    // I420's chroma planes are half the width and height, rounded up.
    const std::size_t chroma = static_cast<std::size_t>((width + 1) / 2) * ((height + 1) / 2);
    picture->pixels.resize(static_cast<std::size_t>(picture->pitch) * height +
                           (planar ? 2 * chroma : 0));
    void* id = picture.get();
    m_sdl->pictures.emplace(id, std::move(picture));
    return id;
  }
  SDL_Texture* texture =
      SDL_CreateTexture(m_sdl->renderer, planar ? SDL_PIXELFORMAT_IYUV : SDL_PIXELFORMAT_RGB888,
                        SDL_TEXTUREACCESS_STREAMING, width, height);
  if (!texture) {
    base::Log(base::LogLevel::kError, "cannot make a %dx%d video texture: %s", width, height,
              SDL_GetError());
    return nullptr;
  }
  SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_NONE);
  return texture;
}

void Platform::UpdateVideoTexture(void* texture, const std::uint8_t* const planes[3],
                                  const int pitches[3], bool planar) {
  m_sdl->generations[texture] = ++m_sdl->lastGeneration;
  if (const auto it = m_sdl->pictures.find(texture); it != m_sdl->pictures.end()) {
    Sdl::Picture& picture = *it->second;
    picture.convertedCurrent = false;
    std::uint8_t* to = picture.pixels.data();
    for (int i = 0; i < (planar ? 3 : 1); ++i) {
      const int rows = i == 0 ? picture.height : (picture.height + 1) / 2;
      const int bytes = i == 0 ? picture.pitch : (picture.width + 1) / 2;
      for (int y = 0; y < rows; ++y, to += bytes) {
        std::memcpy(to, planes[i] + static_cast<std::ptrdiff_t>(y) * pitches[i],
                    static_cast<std::size_t>(bytes));
      }
    }
    return;
  }
  auto* t = static_cast<SDL_Texture*>(texture);
  if (planar) {
    SDL_UpdateYUVTexture(t, nullptr, planes[0], pitches[0], planes[1], pitches[1], planes[2],
                         pitches[2]);
  } else {
    SDL_UpdateTexture(t, nullptr, planes[0], pitches[0]);
  }
}

void Platform::Wake() {
  if (m_sdl->wakePending.exchange(true)) return;
  SDL_Event event{};
  event.type = SDL_USEREVENT;
  // Thread-safe (SDL 2.26 SDL_events.c). A full queue drops the event: the next call tries again.
  if (SDL_PushEvent(&event) != 1) m_sdl->wakePending.store(false);
}

void Platform::DestroyTexture(void* texture) {
  if (!texture) return;
  m_sdl->generations.erase(texture);
  if (m_sdl->pictures.erase(texture) > 0) return;
  SDL_DestroyTexture(static_cast<SDL_Texture*>(texture));
}

void Platform::Render(ImDrawData* drawData, std::uint32_t clearColor) {
  Sdl& sdl = *m_sdl;
  const ImVec4 clear = ImGui::ColorConvertU32ToFloat4(clearColor);
  SDL_SetRenderDrawColor(sdl.renderer, static_cast<Uint8>(clear.x * 255),
                         static_cast<Uint8>(clear.y * 255), static_cast<Uint8>(clear.z * 255), 255);
  sdl.changed.clear();
  sdl.whole = true;
  if (sdl.partial && drawData) {
    int width = 0, height = 0;
    OutputSize(&width, &height);
    const std::vector<PixelRect> rects =
        sdl.damage.Update(*drawData, width, height, [&sdl](void* texture) {
          const auto it = sdl.generations.find(texture);
          return it == sdl.generations.end() ? std::uint64_t{0} : it->second;
        });
    if (rects.empty() || !(rects.size() == 1 && rects[0] == PixelRect{0, 0, width, height})) {
      sdl.whole = false;
      MarkPictures(drawData);
      RenderRects(drawData, rects);
      UnmarkPictures();
      return;
    }
  }
  SDL_RenderClear(sdl.renderer);
  if (drawData) {
    MarkPictures(drawData);
    ImGui_ImplSDLRenderer_RenderDrawData(drawData);
    UnmarkPictures();
  }
}

namespace {

// Where a draw command draws on the screen, in pixels: its vertices' bounds, and its clip
// rectangle as ImGui's SDL_Renderer backend passes it to SDL.
SDL_Rect Bounds(const ImDrawList& list, const ImDrawCmd& cmd, ImVec2 offset, ImVec2 scale) {
  ImVec2 min(INFINITY, INFINITY), max(-INFINITY, -INFINITY);
  for (unsigned int i = 0; i < cmd.ElemCount; ++i) {
    const ImVec2 p =
        list.VtxBuffer[static_cast<int>(cmd.VtxOffset +
                                        list.IdxBuffer[static_cast<int>(cmd.IdxOffset + i)])]
            .pos;
    min = ImVec2(std::min(min.x, p.x), std::min(min.y, p.y));
    max = ImVec2(std::max(max.x, p.x), std::max(max.y, p.y));
  }
  const int x0 = static_cast<int>(std::lround((min.x - offset.x) * scale.x));
  const int y0 = static_cast<int>(std::lround((min.y - offset.y) * scale.y));
  return {x0, y0, static_cast<int>(std::lround((max.x - offset.x) * scale.x)) - x0,
          static_cast<int>(std::lround((max.y - offset.y) * scale.y)) - y0};
}

SDL_Rect Clip(const ImVec4& clip, ImVec2 offset, ImVec2 scale) {
  const ImVec2 min(std::max(0.0f, (clip.x - offset.x) * scale.x),
                   std::max(0.0f, (clip.y - offset.y) * scale.y));
  const ImVec2 max((clip.z - offset.x) * scale.x, (clip.w - offset.y) * scale.y);
  return {static_cast<int>(min.x), static_cast<int>(min.y), static_cast<int>(max.x - min.x),
          static_cast<int>(max.y - min.y)};
}

// `from` less `hole`: up to four rectangles, above, below, left and right of it.
void Subtract(const SDL_Rect& from, const SDL_Rect& hole, std::vector<SDL_Rect>* out) {
  SDL_Rect cut;
  if (!SDL_IntersectRect(&from, &hole, &cut)) {
    out->push_back(from);
    return;
  }
  const int right = from.x + from.w, bottom = from.y + from.h;
  if (cut.y > from.y) out->push_back({from.x, from.y, from.w, cut.y - from.y});
  if (cut.y + cut.h < bottom)
    out->push_back({from.x, cut.y + cut.h, from.w, bottom - cut.y - cut.h});
  if (cut.x > from.x) out->push_back({from.x, cut.y, cut.x - from.x, cut.h});
  if (cut.x + cut.w < right) out->push_back({cut.x + cut.w, cut.y, right - cut.x - cut.w, cut.h});
}

}  // namespace

void Platform::MarkPictures(ImDrawData* drawData) {
  Sdl& sdl = *m_sdl;
  sdl.drawOffset = drawData->DisplayPos;
  sdl.drawScale = drawData->FramebufferScale;
  for (int n = 0; n < drawData->CmdListsCount && !sdl.pictures.empty(); ++n) {
    ImDrawList* list = drawData->CmdLists[n];
    for (ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback || !sdl.pictures.contains(cmd.GetTexID())) continue;
      cmd.UserCallback = &Platform::DrawPicture;
      cmd.UserCallbackData = &sdl;
      sdl.marked.emplace_back(list, &cmd);
    }
  }
}

void Platform::UnmarkPictures() {
  for (auto& [list, cmd] : m_sdl->marked) {
    cmd->UserCallback = nullptr;
    cmd->UserCallbackData = nullptr;
  }
  m_sdl->marked.clear();
}

void Platform::DrawPicture(const ImDrawList* list, const ImDrawCmd* cmd) {
  Sdl& sdl = *static_cast<Sdl*>(cmd->UserCallbackData);
  Sdl::Picture& picture = *sdl.pictures.at(cmd->GetTexID());
  // What SDL has queued is drawn first: it lies under the picture.
  SDL_RenderFlush(sdl.renderer);
  SDL_Surface* screen = SDL_GetWindowSurface(sdl.window);
  if (!screen) return;
  const SDL_Rect at = Bounds(*list, *cmd, sdl.drawOffset, sdl.drawScale);
  const SDL_Rect all{0, 0, screen->w, screen->h};
  SDL_Rect clip = Clip(cmd->ClipRect, sdl.drawOffset, sdl.drawScale), shown;
  SDL_IntersectRect(&clip, &all, &clip);
  if (!SDL_IntersectRect(&at, &clip, &shown)) return;
  if (at.w == picture.width && at.h == picture.height && SDL_RectEquals(&at, &shown)) {
    auto* pixels = static_cast<std::uint8_t*>(screen->pixels) +
                   static_cast<std::ptrdiff_t>(at.y) * screen->pitch +
                   static_cast<std::ptrdiff_t>(at.x) * screen->format->BytesPerPixel;
    SDL_ConvertPixels(at.w, at.h, picture.format, picture.pixels.data(), picture.pitch,
                      screen->format->format, pixels, screen->pitch);
    return;
  }
  SDL_Surface*& converted = picture.converted;
  if (!converted || converted->format->format != screen->format->format) {
    SDL_FreeSurface(converted);
    converted =
        SDL_CreateRGBSurfaceWithFormat(0, picture.width, picture.height, 0, screen->format->format);
    if (!converted) return;
    picture.convertedCurrent = false;
  }
  if (!picture.convertedCurrent) {
    SDL_ConvertPixels(picture.width, picture.height, picture.format, picture.pixels.data(),
                      picture.pitch, converted->format->format, converted->pixels,
                      converted->pitch);
    picture.convertedCurrent = true;
  }
  SDL_Rect before;
  SDL_GetClipRect(screen, &before);
  SDL_SetClipRect(screen, &clip);
  SDL_Rect to = at;
  if (at.w == picture.width && at.h == picture.height) {
    SDL_BlitSurface(converted, nullptr, screen, &to);
  } else {
    SDL_BlitScaled(converted, nullptr, screen, &to);
  }
  SDL_SetClipRect(screen, &before);
}

void Platform::RenderRects(ImDrawData* drawData, const std::vector<PixelRect>& rects) {
  Sdl& sdl = *m_sdl;
  // Each rectangle is filled with the background and everything drawn over it drawn again,
  // clipped to it: the same pixels a whole frame would put there.
  std::vector<ImVec4> clips;
  for (int n = 0; n < drawData->CmdListsCount; ++n) {
    for (const ImDrawCmd& cmd : drawData->CmdLists[n]->CmdBuffer) clips.push_back(cmd.ClipRect);
  }
  const ImVec2 offset = drawData->DisplayPos, scale = drawData->FramebufferScale;
  // Video pictures are opaque: the background under them is not filled.
  std::vector<SDL_Rect> holes;
  for (const auto& [list, cmd] : sdl.marked) {
    const SDL_Rect at = Bounds(*list, *cmd, offset, scale),
                   clip = Clip(cmd->ClipRect, offset, scale);
    if (SDL_Rect shown; SDL_IntersectRect(&at, &clip, &shown)) holes.push_back(shown);
  }
  std::vector<SDL_Rect> fills, rest;
  for (const PixelRect& r : rects) {
    const SDL_Rect fill{r.x, r.y, r.w, r.h};
    fills.assign(1, fill);
    for (const SDL_Rect& hole : holes) {
      rest.clear();
      for (const SDL_Rect& part : fills) Subtract(part, hole, &rest);
      fills.swap(rest);
    }
    SDL_RenderSetClipRect(sdl.renderer, nullptr);
    if (!fills.empty()) {
      SDL_RenderFillRects(sdl.renderer, fills.data(), static_cast<int>(fills.size()));
    }
    std::size_t i = 0;
    for (int n = 0; n < drawData->CmdListsCount; ++n) {
      for (ImDrawCmd& cmd : drawData->CmdLists[n]->CmdBuffer) {
        // The pixels a whole frame clips this command to, as ImGui's backend rounds them (each of
        // x, y, width and height cut to an integer), within the rectangle: a clip starting at a
        // fraction of a pixel, cut by the rectangle's edge, would lose the edge's last row.
        const SDL_Rect whole = Clip(clips[i++], offset, scale);
        SDL_Rect shown{};
        if (!SDL_IntersectRect(&whole, &fill, &shown)) shown = SDL_Rect{r.x, r.y, 0, 0};
        cmd.ClipRect = ImVec4(offset.x + static_cast<float>(shown.x) / scale.x,
                              offset.y + static_cast<float>(shown.y) / scale.y,
                              offset.x + static_cast<float>(shown.x + shown.w) / scale.x,
                              offset.y + static_cast<float>(shown.y + shown.h) / scale.y);
      }
    }
    ImGui_ImplSDLRenderer_RenderDrawData(drawData);
    sdl.changed.push_back(fill);
  }
  std::size_t i = 0;
  for (int n = 0; n < drawData->CmdListsCount; ++n) {
    for (ImDrawCmd& cmd : drawData->CmdLists[n]->CmdBuffer) cmd.ClipRect = clips[i++];
  }
}

base::Result<bool> Platform::Screenshot(const std::string& path) {
  int width = 0, height = 0;
  OutputSize(&width, &height);
  std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 4);
  // ABGR8888 is R, G, B, A in memory on little-endian machines: what stb_image_write expects.
  if (SDL_RenderReadPixels(m_sdl->renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(),
                           width * 4) != 0) {
    return base::Error{path + ": cannot read the frame back: " + SDL_GetError()};
  }
  for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // the screen is opaque
  if (!stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4)) {
    return base::Error{path + ": cannot write the screenshot (folder missing or disk full?)"};
  }
  return true;
}

void Platform::RedrawAll() {
  m_sdl->damage.Invalidate();
}

void Platform::Present() {
  Sdl& sdl = *m_sdl;
  if (sdl.whole) {
    SDL_RenderPresent(sdl.renderer);
  } else if (!sdl.changed.empty()) {
    // The software renderer draws into the window's surface: its commands run, and only the
    // rectangles drawn go to the screen.
    SDL_RenderFlush(sdl.renderer);
    SDL_UpdateWindowSurfaceRects(sdl.window, sdl.changed.data(),
                                 static_cast<int>(sdl.changed.size()));
  }
  ++(sdl.whole             ? m_presented.whole
     : sdl.changed.empty() ? m_presented.unchanged
                           : m_presented.partial);
}

}  // namespace kiosk::platform
