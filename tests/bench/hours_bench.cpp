// CPU used by an hour outside opening hours (the screen dark, the kiosk asleep but for a look at
// the clock each minute) against an hour open with nobody there (the attract loop turning its
// languages), each in a real window, on a clock that runs 60 times faster than real time.
// Usage: hours_bench closed|open. Run it under a real X server (Xvfb), like idle_bench.
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>

#include "app/app.h"
#include "cpu_seconds.h"

namespace {

using namespace kiosk;

constexpr int kSpeed = 60;  // an hour in a minute

// Both clocks run kSpeed times as fast as real time.
class FastClock final : public base::Clock {
 public:
  base::TimePoint Now() const override {
    return m_start + kSpeed * (std::chrono::steady_clock::now() - m_start);
  }
  base::WallTime Wall() const override {
    return m_wallStart + std::chrono::duration_cast<base::WallTime::duration>(
                             kSpeed * (std::chrono::steady_clock::now() - m_start));
  }

 private:
  base::TimePoint m_start = std::chrono::steady_clock::now();
  base::WallTime m_wallStart = std::chrono::system_clock::now();
};

// Opening hours that leave out the next two hours (closed), or that take them in (open).
std::string HoursAround(bool open) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  const int h = local.tm_hour;
  if (open) {
    std::snprintf(text, sizeof text, "%02d:00-%02d:00", h, (h + 3) % 24);
  } else {
    std::snprintf(text, sizeof text, "%02d:00-%02d:00", (h + 3) % 24, (h + 4) % 24);
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || (std::strcmp(argv[1], "closed") != 0 && std::strcmp(argv[1], "open") != 0)) {
    std::fprintf(stderr, "usage: hours_bench closed|open\n");
    return 1;
  }
  const bool open = std::strcmp(argv[1], "open") == 0;
  app::Options options;
  options.windowed = true;
  options.width = 1280;
  options.height = 720;
  options.localesDir = KIOSK_SOURCE_DIR "/locales";
  options.contentDir = KIOSK_BUILD_DIR "/store";
  options.stateDir = (std::filesystem::temp_directory_path() / "kiosk-bench-state").string();
  options.hours = app::OpeningHours::Parse(HoursAround(open)).value();
  FastClock clock;
  base::Result<std::unique_ptr<app::App>> created = app::App::Create(options, clock);
  if (!created) {
    std::fprintf(stderr, "%s\n", created.error().c_str());
    return 3;
  }
  app::App& app = *created.value();
  // The kiosk's own loop (App::Run), its waits shortened by the clock's speed.
  const base::TimePoint end = clock.Now() + std::chrono::hours(1);
  const double before = CpuSeconds();
  while (clock.Now() < end) {
    const int budget = app.WaitBudgetMs();
    app.PumpEvents(budget > 0 ? std::max(1, budget / kSpeed) : 0);
    if (app.NeedsFrame()) app.DrawFrame();
  }
  const double cpu = CpuSeconds() - before;
  std::printf(
      "an hour %s (in %d s): hours=%s closed=%s frames=%d cpu_seconds=%.3f "
      "cpu_percent_of_the_hour=%.4f\n",
      open ? "open, nobody there" : "closed", 3600 / kSpeed, options.hours.Text().c_str(),
      app.Closed() ? "yes" : "no", app.FramesDrawn(), cpu, 100.0 * cpu / 3600);
  return 0;
}
