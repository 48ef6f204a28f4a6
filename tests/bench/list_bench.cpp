// CPU per frame while a finger flings a list, a short one against a long one, headless at
// 1280x720 with SDL's software renderer (the cheapest PCs have no GPU): the videos, 30 against
// 300 (a big content pack), and the content packs on a USB stick, 50 against 5,000 (a stick
// someone filled). Only the rows in view are drawn, so the two of each pair should cost the same;
// a list drawn whole costs more the longer it is (5,000 packs took 60 s of CPU a swipe).
// And pictures in the library at 1920x1080: from the tap on Videos to the first frame with every
// one of 12 cards' pictures (12-megapixel photos, a leaflet's first page each), with the
// kiosk's picture cache cold and warm; and the process's peak memory after 200 such cards were
// browsed a screen at a time, against the cache's 64 MiB budget.
// Usage: list_bench [Google Benchmark flags]
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
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

// The pack source folder `source` built with the demo key and installed into a fresh store
// named `store`: the store's path.
std::string Installed(const fs::path& source, const std::string& store) {
  const std::string pack = (source.parent_path() / (store + ".kpack")).string();
  if (base::Result<packs::Manifest> built =
          packs::BuildPack(source.string(), KIOSK_BUILD_DIR "/keys/demo.key", pack);
      !built) {
    Fail(built.error());
  }
  const fs::path folder = Fresh(store);
  if (base::Result<packs::Installed> installed =
          packs::InstallPack(pack, folder.string(), KIOSK_BUILD_DIR "/trust", packs::Today());
      !installed) {
    Fail(installed.error());
  }
  return folder.string();
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
  return Installed(source, "store-" + std::to_string(videos));
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

// A store with `count` leaflets of one page each, that page a photo of `size` (ImageMagick's
// plasma, each leaflet's a file of its own).
std::string StoreWithPhotos(int count, const std::string& size) {
  const fs::path source = Fresh("photos-source-" + std::to_string(count));
  fs::create_directories(source / "leaflets");
  fs::create_directories(source / "photos");
  std::ofstream(source / "pack.json")
      << R"({"id": "photos", "version": 1, "expires": "2099-12-31", "publisher": "Bench"})";
  std::ofstream(source / "topics.json") << R"([{"id": "photos", "title": {"en": "Photos"}}])";
  const std::string first = (source / "photos/0.jpg").string();
  const std::string make = "convert -size " + size + " plasma:fractal -quality 90 '" + first + "'";
  if (std::system(make.c_str()) != 0) Fail(make);
  for (int i = 0; i < count; ++i) {
    const std::string photo = "photos/" + std::to_string(i) + ".jpg";
    if (i > 0) fs::copy_file(first, source / photo);
    std::ofstream(source / "leaflets" / (std::to_string(i) + ".json"))
        << R"({"topic": "photos", "title": {"en": "Photo )" << i << R"("}, "pages": {"en": [")"
        << photo << R"("]}})";
  }
  return Installed(source, "photos-store-" + std::to_string(count));
}

// The process's resident memory, now (VmRSS) or at its peak so far (VmHWM), in MiB.
double ResidentMiB(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::stod(line.substr(field.size() + 1)) / 1024;
  }
  return 0;
}

class Kiosk {
 public:
  explicit Kiosk(const std::string& contentDir, int width = 1280, int height = 720) {
    app::Options options;
    options.headless = true;
    options.width = width;
    options.height = height;
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

  // Taps `text` and draws as the kiosk does until the screen is whole: every picture asked for
  // decoded and drawn. Returns the time from the finger's lift to that frame, in seconds.
  double TapUntilWhole(const std::string& text) {
    for (const ui::Label& label : m_app->Labels()) {
      if (!label.tappable || label.text != text) continue;
      const ImVec2 at = label.rect.GetCenter();
      Press(at.x, at.y);
      Settle();
      const auto lifted = std::chrono::steady_clock::now();
      m_app->Platform().PushPointer(Kind::kPointerUp, at.x, at.y);
      UntilWhole();
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - lifted).count();
    }
    Fail("\"" + text + "\" is not on screen");
  }

  // Draws frames, waiting for the workers as the kiosk's loop does, until nothing is left to do.
  void UntilWhole() {
    for (;;) {
      m_app->PumpEvents(m_app->Working() ? 50 : 0);
      if (m_app->NeedsFrame()) {
        m_app->DrawFrame();
        m_clock.Advance(16ms);
      } else if (!m_app->Working()) {
        return;
      }
    }
  }

  // A finger drags the list up by `dy` and stops before it lifts (no fling).
  void DragUp(float x, float y, float dy) {
    Press(x, y);
    for (int step = 1; step <= 10; ++step) {
      m_clock.Advance(16ms);
      m_app->Platform().PushPointer(Kind::kPointerMove, x, y - dy * static_cast<float>(step) / 10);
      Settle();
    }
    m_clock.Advance(200ms);
    m_app->Platform().PushPointer(Kind::kPointerUp, x, y - dy);
    Settle();
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

// Each iteration a kiosk of its own, whose picture cache is empty.
void BM_LibraryCold(benchmark::State& state) {
  const std::string store = StoreWithPhotos(12, "4032x3024");
  for (auto _ : state) {
    Kiosk kiosk(store, 1920, 1080);
    state.SetIterationTime(kiosk.TapUntilWhole("Videos"));
  }
}

// One kiosk, back to the home screen and into the library again: its pictures are cached.
void BM_LibraryWarm(benchmark::State& state) {
  Kiosk kiosk(StoreWithPhotos(12, "4032x3024"), 1920, 1080);
  kiosk.TapUntilWhole("Videos");
  for (auto _ : state) {
    kiosk.Tap("Back");
    state.SetIterationTime(kiosk.TapUntilWhole("Videos"));
  }
}

// 200 photos' cards browsed a screen at a time, each screen whole before the next.
void BM_LibraryBrowse200(benchmark::State& state) {
  Kiosk kiosk(StoreWithPhotos(200, "1600x1200"), 1920, 1080);
  const double before = ResidentMiB("VmRSS");
  for (auto _ : state) {
    kiosk.TapUntilWhole("Videos");
    for (int screen = 0; screen < 40; ++screen) {
      kiosk.DragUp(960, 900, 700);
      kiosk.UntilWhole();
    }
    kiosk.Tap("Back");
  }
  state.counters["rss_MiB_before"] = before;
  state.counters["rss_MiB_after"] = ResidentMiB("VmRSS");
  state.counters["peak_MiB"] = ResidentMiB("VmHWM");
  state.counters["budget_MiB"] = 64;
}

BENCHMARK(BM_LibraryCold)->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LibraryWarm)->UseManualTime()->Iterations(20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LibraryBrowse200)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FlingVideos)->Arg(30)->Arg(300)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_FlingStickPacks)->Arg(50)->Arg(5000)->Unit(benchmark::kMillisecond)->MinTime(2);

}  // namespace

BENCHMARK_MAIN();
