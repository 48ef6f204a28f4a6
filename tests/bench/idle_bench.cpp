// CPU used by the home screen sitting idle in a real window, with the kiosk's event-driven loop
// or with Dear ImGui's usual loop (poll events, draw and present every iteration).
// Usage: idle_bench event|always SECONDS. Run it under a real X server (Xvfb): SDL's offscreen
// driver polls inside SDL_WaitEventTimeout, so headless idle figures would mislead.
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "app/app.h"
#include "cpu_seconds.h"

int main(int argc, char** argv) {
  using namespace kiosk;
  if (argc != 3 || (std::strcmp(argv[1], "event") != 0 && std::strcmp(argv[1], "always") != 0)) {
    std::fprintf(stderr, "usage: idle_bench event|always SECONDS\n");
    return 1;
  }
  const int seconds = std::stoi(argv[2]);
  app::Options options;
  options.windowed = true;
  options.width = 1280;
  options.height = 720;
  options.localesDir = KIOSK_SOURCE_DIR "/locales";
  options.contentDir = std::filesystem::temp_directory_path().string();
  options.alwaysRedraw = std::strcmp(argv[1], "always") == 0;
  base::SteadyClock clock;
  base::Result<std::unique_ptr<app::App>> kiosk = app::App::Create(options, clock);
  if (!kiosk) {
    std::fprintf(stderr, "%s\n", kiosk.error().c_str());
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
  std::printf("idle %-6s renderer=%s seconds=%d frames=%d cpu_seconds=%.3f cpu_percent=%.2f\n",
              argv[1], kiosk.value()->Platform().RendererName(), seconds,
              kiosk.value()->FramesDrawn(), cpu, 100.0 * cpu / seconds);
  return 0;
}
