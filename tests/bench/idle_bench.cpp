// CPU used by the home screen sitting idle in a real window, or by a children's contest question
// (5 s read out, then the 20 s countdown), with the kiosk's event-driven loop or with Dear ImGui's
// usual loop (poll events, draw and present every iteration).
// Usage: idle_bench event|always SECONDS [home|contest]. Run it under a real X server (Xvfb):
// SDL's offscreen driver polls inside SDL_WaitEventTimeout, so headless figures would mislead.
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "app/app.h"
#include "cpu_seconds.h"

namespace {

// Draws what is due, then taps the label `text` as a finger would.
bool Tap(kiosk::app::App& app, const std::string& text) {
  auto settle = [&app] {
    for (int i = 0; i < 60 && !app.QuitRequested(); ++i) {
      app.PumpEvents(0);
      if (!app.NeedsFrame()) return;
      app.DrawFrame();
    }
  };
  settle();
  for (const kiosk::ui::Label& label : app.Labels()) {
    if (label.tappable && label.text == text) {
      const ImVec2 at = label.rect.GetCenter();
      app.Platform().PushPointer(kiosk::platform::Event::Kind::kPointerDown, at.x, at.y);
      settle();
      app.Platform().PushPointer(kiosk::platform::Event::Kind::kPointerUp, at.x, at.y);
      settle();
      return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kiosk;
  const bool contest = argc == 4 && std::strcmp(argv[3], "contest") == 0;
  if ((argc != 3 && argc != 4) ||
      (std::strcmp(argv[1], "event") != 0 && std::strcmp(argv[1], "always") != 0) ||
      (argc == 4 && !contest && std::strcmp(argv[3], "home") != 0)) {
    std::fprintf(stderr, "usage: idle_bench event|always SECONDS [home|contest]\n");
    return 1;
  }
  const int seconds = std::stoi(argv[2]);
  app::Options options;
  options.windowed = true;
  options.width = 1280;
  options.height = 720;
  options.localesDir = KIOSK_SOURCE_DIR "/locales";
  // The contest is the demo pack's, with its narration and the kiosk's sounds.
  options.contentDir =
      contest ? KIOSK_BUILD_DIR "/store" : std::filesystem::temp_directory_path().string();
  if (contest) options.soundsDir = KIOSK_BUILD_DIR "/sounds";
  // Usage counts go to a folder of their own, not the working directory.
  options.stateDir = (std::filesystem::temp_directory_path() / "kiosk-bench-state").string();
  options.alwaysRedraw = std::strcmp(argv[1], "always") == 0;
  base::SteadyClock clock;
  base::Result<std::unique_ptr<app::App>> kiosk = app::App::Create(options, clock);
  if (!kiosk) {
    std::fprintf(stderr, "%s\n", kiosk.error().c_str());
    return 3;
  }
  app::App& app = *kiosk.value();
  if (contest && (!Tap(app, "Contest") || !Tap(app, "Start the contest"))) {
    std::fprintf(stderr, "idle_bench: the demo pack's contest is not on screen\n");
    return 3;
  }
  // Stop after SECONDS with SIGTERM, as systemd would; the main thread takes the signal.
  std::thread stopper([seconds] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    kill(getpid(), SIGTERM);
  });
  const double before = CpuSeconds();
  kiosk.value()->Run();
  const double cpu = CpuSeconds() - before;
  stopper.join();
  std::printf("%s %-6s renderer=%s seconds=%d frames=%d cpu_seconds=%.3f cpu_percent=%.2f\n",
              contest ? "contest" : "idle", argv[1], kiosk.value()->Platform().RendererName(),
              seconds, kiosk.value()->FramesDrawn(), cpu, 100.0 * cpu / seconds);
  return 0;
}
