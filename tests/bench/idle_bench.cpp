// CPU used by the home screen sitting idle in a real window, by a children's contest question
// (5 s read out, then the 20 s countdown), or by the staff's usage charts over a year of counts
// (a staff member reading them, who touches the screen every 20 s so that the staff screens'
// 30 s idle reset does not close them), with the kiosk's event-driven loop or with Dear ImGui's
// usual loop (poll events, draw and present every iteration).
// Usage: idle_bench event|always SECONDS [home|contest|usage]. Run it under a real X server
// (Xvfb): SDL's offscreen driver polls inside SDL_WaitEventTimeout, so headless figures would
// mislead.
#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "app/app.h"
#include "cpu_seconds.h"
#include "stats/stats.h"

namespace {

// Draws what is due.
void Settle(kiosk::app::App& app) {
  for (int i = 0; i < 60 && !app.QuitRequested(); ++i) {
    app.PumpEvents(0);
    if (!app.NeedsFrame()) return;
    app.DrawFrame();
  }
}

// Draws what is due, then taps the label `text` as a finger would.
bool Tap(kiosk::app::App& app, const std::string& text) {
  Settle(app);
  // A press sooner after a screen change does nothing (Touch::NewScreen), as for a person.
  std::this_thread::sleep_until(app.TouchSettled());
  for (const kiosk::ui::Label& label : app.Labels()) {
    if (label.tappable && label.text == text) {
      const ImVec2 at = label.rect.GetCenter();
      app.Platform().PushPointer(kiosk::platform::Event::Kind::kPointerDown, at.x, at.y);
      Settle(app);
      app.Platform().PushPointer(kiosk::platform::Event::Kind::kPointerUp, at.x, at.y);
      Settle(app);
      return true;
    }
  }
  return false;
}

// A year of counts in stateDir, as a busy centre's kiosk would have made them: the demo pack's
// videos, quizzes and contest, help pages, and sessions in four languages, every day. False when
// the counts cannot be written.
bool CountAYear(const std::string& stateDir) {
  using kiosk::stats::Event;
  std::string day;
  kiosk::base::Result<std::unique_ptr<kiosk::stats::Counter>> counter = kiosk::stats::Counter::Open(
      stateDir, [&day] { return day; }, nullptr);
  if (!counter) return false;
  const auto now = std::chrono::system_clock::now();
  for (int back = 0; back < 365; ++back) {
    day = kiosk::base::LocalDay(now, back);
    const int busy = 1 + (back * 7) % 13;  // some days quiet, some busy
    kiosk::stats::Counter& c = *counter.value();
    for (int i = 0; i < busy; ++i) {
      c.Count(Event::kSessionStarted, {}, {}, i % 3 ? "zh_CN" : "en");
      if (i % 4 == 0) c.Count(Event::kLanguageChosen, {}, {}, i % 8 ? "th" : "my");
      c.Count(Event::kVideoStarted, "demo", i % 2 ? "wages" : "safe-migration", "zh_CN");
      if (i % 3 == 0) c.Count(Event::kVideoStarted, "demo", "job-offer-tricks", "en");
      c.Count(Event::kQuizStarted, "demo", i % 2 ? "labour-rights" : "safe-migration", "zh_CN");
      if (i % 5 == 0) c.Count(Event::kContestStarted, "demo", "children", "zh_CN");
      c.Count(Event::kHelpShown, {}, {}, "en");
    }
    if (!c.Flush()) return false;
  }
  return true;
}

// Staff mode, as staff reach it: a finger held 5 s on the top right corner, a PIN chosen (the
// state folder is fresh), and the Usage button. False when a step is not on screen.
bool OpenUsage(kiosk::app::App& app) {
  using Kind = kiosk::platform::Event::Kind;
  Settle(app);  // the home screen is shown: only a finger pressed on it counts
  std::this_thread::sleep_until(app.TouchSettled());
  app.Platform().PushPointer(Kind::kPointerDown, 1275, 5);
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(5500);
  while (std::chrono::steady_clock::now() < until) {
    app.PumpEvents(50);
    if (app.NeedsFrame()) app.DrawFrame();
  }
  app.Platform().PushPointer(Kind::kPointerUp, 1275, 5);
  for (int round = 0; round < 2; ++round) {
    for (const char* key : {"2", "4", "6", "8", "OK"}) {
      if (!Tap(app, key)) return false;
    }
  }
  return Tap(app, "Usage") && app.CurrentScreen() == kiosk::screens::ScreenId::kStaffUsage;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kiosk;
  const bool contest = argc == 4 && std::strcmp(argv[3], "contest") == 0;
  const bool usage = argc == 4 && std::strcmp(argv[3], "usage") == 0;
  if ((argc != 3 && argc != 4) ||
      (std::strcmp(argv[1], "event") != 0 && std::strcmp(argv[1], "always") != 0) ||
      (argc == 4 && !contest && !usage && std::strcmp(argv[3], "home") != 0)) {
    std::fprintf(stderr, "usage: idle_bench event|always SECONDS [home|contest|usage]\n");
    return 1;
  }
  const int seconds = std::stoi(argv[2]);
  app::Options options;
  options.windowed = true;
  options.width = 1280;
  options.height = 720;
  options.localesDir = KIOSK_SOURCE_DIR "/locales";
  // The contest is the demo pack's, with its narration and the kiosk's sounds; the usage charts
  // name the demo pack's items.
  options.contentDir =
      contest || usage ? KIOSK_BUILD_DIR "/store" : std::filesystem::temp_directory_path().string();
  if (contest) options.soundsDir = KIOSK_BUILD_DIR "/sounds";
  // Usage counts go to a folder of their own, not the working directory; the usage charts' is
  // made afresh each run, with a year of counts and no staff PIN yet.
  const std::filesystem::path state = std::filesystem::temp_directory_path() /
                                      (usage ? "kiosk-bench-usage-state" : "kiosk-bench-state");
  options.stateDir = state.string();
  if (usage) {
    std::filesystem::remove_all(state);
    if (!CountAYear(options.stateDir)) {
      std::fprintf(stderr, "idle_bench: cannot write counts into %s\n", options.stateDir.c_str());
      return 3;
    }
  }
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
  if (usage && !OpenUsage(app)) {
    std::fprintf(stderr, "idle_bench: the staff's usage screen did not open\n");
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
  // Frames and CPU of the measured seconds only, not of the steps that led there.
  const int framesBefore = app.FramesDrawn();
  const double before = CpuSeconds();
  if (usage) {
    // Run()'s steps, and a tap on the chart every 20 s: staff reading it.
    auto nextTouch = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!app.QuitRequested()) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= nextTouch) {
        app.Platform().PushPointer(platform::Event::Kind::kPointerDown, 640, 400);
        app.Platform().PushPointer(platform::Event::Kind::kPointerUp, 640, 400);
        nextTouch = now + std::chrono::seconds(20);
      }
      const auto untilTouch = std::chrono::ceil<std::chrono::milliseconds>(nextTouch - now).count();
      const int budget = app.WaitBudgetMs();
      app.PumpEvents(budget < 0 ? static_cast<int>(untilTouch)
                                : std::min(budget, static_cast<int>(untilTouch)));
      if (!app.QuitRequested() && app.NeedsFrame()) app.DrawFrame();
    }
  } else {
    app.Run();
  }
  const double cpu = CpuSeconds() - before;
  stopper.join();
  std::printf("%s %-6s renderer=%s seconds=%d frames=%d cpu_seconds=%.3f cpu_percent=%.2f\n",
              contest ? "contest"
              : usage ? "usage"
                      : "idle",
              argv[1], kiosk.value()->Platform().RendererName(), seconds,
              app.FramesDrawn() - framesBefore, cpu, 100.0 * cpu / seconds);
  return 0;
}
