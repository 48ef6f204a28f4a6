// CPU per frame while a finger flings a list, a short one against a long one, headless at
// 1280x720 with SDL's software renderer (the cheapest PCs have no GPU): the videos, 30 against
// 300 (a big content pack), and the content packs on a USB stick, 50 against 5,000 (a stick
// someone filled). Only the rows in view are drawn, so the two of each pair should cost the same;
// a list drawn whole costs more the longer it is (5,000 packs took 60 s of CPU a swipe).
// Usage: list_bench [Google Benchmark flags]
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/app.h"
#include "packs/packs.h"

namespace {

using namespace kiosk;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using Kind = platform::Event::Kind;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "list_bench: %s\n", what.c_str());
  std::exit(3);
}

fs::path Fresh(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("kiosk-list-bench-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A store holding the demo pack with its videos listed again under new names until there are
// `videos` (the same files, so that the pack stays small).
std::string StoreWithVideos(int videos) {
  const fs::path source = Fresh("source") / "demo";
  fs::copy(KIOSK_BUILD_DIR "/content/demo", source, fs::copy_options::recursive);
  nlohmann::json list = nlohmann::json::parse(std::ifstream(source / "videos.json"));
  const nlohmann::json original = list;
  for (int i = static_cast<int>(list.size()); i < videos; ++i) {
    // Cards like the demo's (the same titles, numbered), so that a short list and a long one
    // show alike cards wherever they are scrolled to.
    nlohmann::json video = original[static_cast<std::size_t>(i) % original.size()];
    video["id"] = "video-" + std::to_string(i);
    for (auto& [lang, title] : video["title"].items()) {
      title = title.get<std::string>() + " " + std::to_string(i);
    }
    list.push_back(video);
  }
  std::ofstream(source / "videos.json") << list.dump(2);
  const std::string pack = (source.parent_path() / "big.kpack").string();
  if (base::Result<packs::Manifest> built =
          packs::BuildPack(source.string(), KIOSK_BUILD_DIR "/keys/demo.key", pack);
      !built) {
    Fail(built.error());
  }
  const fs::path store = Fresh("store-" + std::to_string(videos));
  if (base::Result<packs::Installed> installed =
          packs::InstallPack(pack, store.string(), KIOSK_BUILD_DIR "/trust", packs::Today());
      !installed) {
    Fail(installed.error());
  }
  return store.string();
}

// A stick holding `count` copies of the demo pack (hard links: 5,000 take no room).
std::string StickWithPacks(int count) {
  const fs::path stick = Fresh("stick-" + std::to_string(count));
  const fs::path first = stick / "pack-0000.kpack";
  fs::copy_file(KIOSK_BUILD_DIR "/demo.kpack", first);
  for (int i = 1; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "pack-%04d.kpack", i);
    fs::create_hard_link(first, stick / name);
  }
  return stick.string();
}

class Kiosk {
 public:
  explicit Kiosk(const std::string& contentDir) {
    app::Options options;
    options.headless = true;
    options.width = 1280;
    options.height = 720;
    options.localesDir = KIOSK_SOURCE_DIR "/locales";
    options.contentDir = contentDir;
    options.trustDir = KIOSK_BUILD_DIR "/trust";
    options.stateDir = Fresh("state").string();  // no staff PIN yet: the bench chooses one
    base::Result<std::unique_ptr<app::App>> created = app::App::Create(options, m_clock);
    if (!created) Fail(created.error());
    m_app = std::move(created.value());
    Settle();
  }

  void Settle() {
    for (int i = 0; i < 600; ++i) {
      m_app->PumpEvents(0);
      if (!m_app->NeedsFrame()) return;
      m_app->DrawFrame();
      m_clock.Advance(16ms);
    }
  }

  // A finger put down as a person does: once the screen has settled (a press sooner after a
  // screen change does nothing).
  void Press(float x, float y) {
    if (m_clock.Now() < m_app->TouchSettled()) {
      m_clock.Advance(m_app->TouchSettled() - m_clock.Now());
      Settle();
    }
    m_app->Platform().PushPointer(Kind::kPointerDown, x, y);
  }

  void Tap(const std::string& text) {
    for (const ui::Label& label : m_app->Labels()) {
      if (label.tappable && label.text == text) {
        const ImVec2 at = label.rect.GetCenter();
        Press(at.x, at.y);
        Settle();
        m_app->Platform().PushPointer(Kind::kPointerUp, at.x, at.y);
        Settle();
        return;
      }
    }
    Fail("\"" + text + "\" is not on screen");
  }

  // Staff mode as staff reach it: 5 s on the top right corner, then a PIN chosen.
  void EnterStaffMode() {
    Press(1275, 5);
    for (int i = 0; i < 24; ++i) {
      m_clock.Advance(250ms);
      Settle();
    }
    m_app->Platform().PushPointer(Kind::kPointerUp, 1275, 5);
    Settle();
    for (int round = 0; round < 2; ++round) {
      for (const char* key : {"2", "4", "6", "8", "OK"}) Tap(key);
    }
    if (m_app->CurrentScreen() != screens::ScreenId::kStaff) Fail("staff mode did not open");
  }

  // One frame of a fling: each iteration of the benchmark draws one frame, while a finger flicks
  // (down, three moves, up) or while the list coasts; at rest, the next flick starts.
  void FlingFrame() {
    m_app->PumpEvents(0);
    if (m_step == 0 && !m_app->NeedsFrame()) m_step = 1;
    if (m_step > 0) {
      const float from = m_up ? 600 : 250, step = m_up ? -120 : 120;
      const float y = from + step * static_cast<float>(std::min(m_step - 1, 3));
      m_app->Platform().PushPointer(m_step == 1   ? Kind::kPointerDown
                                    : m_step <= 4 ? Kind::kPointerMove
                                                  : Kind::kPointerUp,
                                    640, y);
      m_app->PumpEvents(0);
      if (++m_step > 5) {
        m_step = 0;
        // Down the list, and back up after a while (a short list meets its end sooner).
        if (++m_flings % 8 == 0) m_up = !m_up;
      }
    }
    m_app->DrawFrame();
    m_clock.Advance(16ms);
  }

  app::App& App() { return *m_app; }

 private:
  base::ManualClock m_clock;
  std::unique_ptr<app::App> m_app;
  bool m_up = true;
  int m_flings = 0;
  int m_step = 0;  // of the flick under way: 1 down, 2-4 moves, 5 up; 0 none
};

void BM_FlingVideos(benchmark::State& state) {
  Kiosk kiosk(StoreWithVideos(static_cast<int>(state.range(0))));
  kiosk.Tap("Videos");
  for (auto _ : state) kiosk.FlingFrame();
  state.counters["labels"] = static_cast<double>(kiosk.App().Labels().size());
}

void BM_FlingStickPacks(benchmark::State& state) {
  Kiosk kiosk(Fresh("empty-store").string());
  kiosk.EnterStaffMode();
  if (!kiosk.App().InsertStick(StickWithPacks(static_cast<int>(state.range(0))))) {
    Fail("the stick was not taken");
  }
  kiosk.Settle();
  if (kiosk.App().CurrentScreen() != screens::ScreenId::kStaffUsb) Fail("no USB screen");
  for (auto _ : state) kiosk.FlingFrame();
  state.counters["labels"] = static_cast<double>(kiosk.App().Labels().size());
}

BENCHMARK(BM_FlingVideos)->Arg(30)->Arg(300)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_FlingStickPacks)->Arg(50)->Arg(5000)->Unit(benchmark::kMillisecond)->MinTime(2);

}  // namespace

BENCHMARK_MAIN();
