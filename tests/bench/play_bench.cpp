// CPU used by the kiosk while a video plays to its end, or while it stands paused, with the real
// clock and the real loop (wait for an event or a deadline, draw what changed). getrusage counts
// every thread of the process: VLC's decoders as well as the kiosk's drawing.
// Usage: play_bench play|paused STORE TITLE [SECONDS] [--window] [--rv32] [--accelerated]
//   play:   taps Videos and TITLE, and measures until the video has ended.
//   paused: taps Videos and TITLE, pauses after 2 s, and measures SECONDS (default 60).
// Headless (offscreen, software renderer) unless --window (run it under Xvfb then). --rv32: the
// pictures converted to RGB by VLC, the peer of the kiosk's I420 that the renderer converts.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "app/app.h"
#include "cpu_seconds.h"

namespace {

using namespace kiosk;
using Clock = std::chrono::steady_clock;

// Turns the real loop, as App::Run() does, until `done` or until `limit` passes.
template <typename Done>
bool RunUntil(app::App& kiosk, Done done, std::chrono::seconds limit) {
  const auto end = Clock::now() + limit;
  while (Clock::now() < end) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
    const int budget = kiosk.WaitBudgetMs();
    kiosk.PumpEvents(budget < 0 ? static_cast<int>(left)
                                : std::min(budget, static_cast<int>(left)));
    if (kiosk.NeedsFrame()) kiosk.DrawFrame();
    if (done()) return true;
  }
  return false;
}

const ui::Label* Find(const app::App& kiosk, const std::string& text) {
  for (const ui::Label& label : kiosk.Labels()) {
    if (label.tappable && label.text == text) return &label;
  }
  return nullptr;
}

bool Tap(app::App& kiosk, const std::string& text) {
  if (!RunUntil(
          kiosk, [&] { return Find(kiosk, text) != nullptr; }, std::chrono::seconds(10))) {
    std::fprintf(stderr, "play_bench: \"%s\" is not on screen\n", text.c_str());
    return false;
  }
  // A press sooner after a screen change does nothing (Touch::NewScreen), as for a person.
  std::this_thread::sleep_until(kiosk.TouchSettled());
  const ImVec2 at = Find(kiosk, text)->rect.GetCenter();
  kiosk.Platform().PushPointer(platform::Event::Kind::kPointerDown, at.x, at.y);
  kiosk.Platform().PushPointer(platform::Event::Kind::kPointerUp, at.x, at.y);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || (std::strcmp(argv[1], "play") != 0 && std::strcmp(argv[1], "paused") != 0)) {
    std::fprintf(stderr,
                 "usage: play_bench play|paused STORE TITLE [SECONDS] [--window] [--rv32] "
                 "[--accelerated]\n");
    return 1;
  }
  const bool paused = std::strcmp(argv[1], "paused") == 0;
  const int seconds = argc > 4 && argv[4][0] != '-' ? std::stoi(argv[4]) : 60;
  bool window = false, rgb32 = false, accelerated = false;
  for (int i = 4; i < argc; ++i) {
    window = window || std::strcmp(argv[i], "--window") == 0;
    rgb32 = rgb32 || std::strcmp(argv[i], "--rv32") == 0;
    accelerated = accelerated || std::strcmp(argv[i], "--accelerated") == 0;
  }
  app::Options options;
  // The renderer a user gets (auto), or an accelerated one whatever it draws on.
  options.renderer =
      accelerated ? platform::RendererSetting::kAccelerated : platform::RendererSetting::kAuto;
  options.headless = !window;
  options.windowed = window;
  // 720p under the kiosk's control bar (25 mm at Xvfb's 96 dpi): shown at its own size, as VLC's
  // window shows it.
  options.width = 1280;
  options.height = 720 + 96;
  options.localesDir = KIOSK_SOURCE_DIR "/locales";
  options.contentDir = argv[2];
  // Usage counts go to a folder of their own, not the working directory.
  options.stateDir = (std::filesystem::temp_directory_path() / "kiosk-bench-state").string();
  options.idleSeconds = 24 * 3600;
  options.videoRgb32 = rgb32;
  base::SteadyClock clock;
  base::Result<std::unique_ptr<app::App>> created = app::App::Create(options, clock);
  if (!created) {
    std::fprintf(stderr, "%s\n", created.error().c_str());
    return 3;
  }
  app::App& kiosk = *created.value();
  if (!Tap(kiosk, "Videos") || !Tap(kiosk, argv[3])) return 4;

  const int framesBefore = kiosk.FramesDrawn();
  const platform::Platform::Presented presentedBefore = kiosk.Platform().PresentedFrames();
  const double cpuBefore = CpuSeconds();
  const auto start = Clock::now();
  if (paused) {
    RunUntil(
        kiosk, [] { return false; }, std::chrono::seconds(2));
    if (!Tap(kiosk, "Pause") ||
        !RunUntil(
            kiosk, [&] { return Find(kiosk, "Play") != nullptr; }, std::chrono::seconds(5))) {
      return 4;
    }
    const int frames = kiosk.FramesDrawn();
    const std::uint64_t pictures = kiosk.VideoFramesShown();
    const double cpu = CpuSeconds();
    RunUntil(
        kiosk, [] { return false; }, std::chrono::seconds(seconds));
    const double used = CpuSeconds() - cpu;
    std::printf("paused video, %d s: frames=%d pictures=%llu cpu_seconds=%.3f cpu_percent=%.2f\n",
                seconds, kiosk.FramesDrawn() - frames,
                static_cast<unsigned long long>(kiosk.VideoFramesShown() - pictures), used,
                100.0 * used / seconds);
    return 0;
  }
  if (!RunUntil(
          kiosk, [&] { return Find(kiosk, "Watch again") != nullptr; },
          std::chrono::seconds(seconds + 60))) {
    std::fprintf(stderr, "play_bench: the video did not end\n");
    return 4;
  }
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  const double used = CpuSeconds() - cpuBefore;
  // Frames that sent the whole window to the screen, and those that sent only what changed.
  const platform::Platform::Presented& presented = kiosk.Platform().PresentedFrames();
  std::printf(
      "kiosk %-8s %-4s renderer=%s wall_seconds=%.1f frames=%d (whole=%lld partial=%lld) "
      "pictures=%llu cpu_seconds=%.2f\n",
      window ? "window" : "headless", rgb32 ? "RV32" : "I420", kiosk.Platform().RendererName(),
      wall, kiosk.FramesDrawn() - framesBefore,
      static_cast<long long>(presented.whole - presentedBefore.whole),
      static_cast<long long>(presented.partial - presentedBefore.partial),
      static_cast<unsigned long long>(kiosk.VideoFramesShown()), used);
  return 0;
}
