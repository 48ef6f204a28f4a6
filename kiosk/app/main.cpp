// kiosk: the fullscreen program each Women's Home runs all day. Main thread.
#include "app/app.h"

int main(int argc, char** argv) {
  using namespace kiosk;
  std::variant<app::Options, int> parsed = app::ParseOptions(argc, argv);
  if (const int* status = std::get_if<int>(&parsed)) return *status;
  const app::Options& options = std::get<app::Options>(parsed);

  // A script moves time itself, so a run is the same on a slow machine and a fast one.
  base::SteadyClock steadyClock;
  base::ManualClock manualClock;
  const bool scripted = !options.script.empty();
  const base::Clock& clock = scripted ? static_cast<const base::Clock&>(manualClock) : steadyClock;

  base::Result<std::unique_ptr<app::App>> kiosk = app::App::Create(options, clock);
  if (!kiosk) {
    base::Log(base::LogLevel::kError, "%s", kiosk.error().c_str());
    return app::kExitEnvironment;
  }
  if (scripted) {
    return app::RunScript(*kiosk.value(), manualClock, options.script, options.screenshotsDir);
  }
  return kiosk.value()->Run();
}
