// CPU of one frame of the home screen at 1920x1080 with the software renderer (the cheapest PCs
// have no GPU), against an empty frame (clear and present) in the same run.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "app/app.h"

namespace {

using namespace kiosk;

std::unique_ptr<app::App> MakeApp(const base::Clock& clock, const char* lang) {
  app::Options options;
  options.headless = true;
  options.width = 1920;
  options.height = 1080;
  // KIOSK_BENCH_LOCALES: another catalog folder, e.g. one with the languages an older build had,
  // so that both draw the same screen.
  const char* locales = std::getenv("KIOSK_BENCH_LOCALES");
  options.localesDir = locales ? locales : KIOSK_SOURCE_DIR "/locales";
  options.contentDir = std::filesystem::temp_directory_path().string();
  // Usage counts go to a folder of their own, not the working directory.
  options.stateDir = (std::filesystem::temp_directory_path() / "kiosk-bench-state").string();
  options.lang = lang;
  base::Result<std::unique_ptr<app::App>> created = app::App::Create(options, clock);
  if (!created) {
    std::fprintf(stderr, "%s\n", created.error().c_str());
    std::exit(3);
  }
  return std::move(created.value());
}

void BM_BlankFrame(benchmark::State& state) {
  base::ManualClock clock;
  std::unique_ptr<app::App> kiosk = MakeApp(clock, "en");
  for (auto _ : state) {
    kiosk->Platform().Render(nullptr, ui::colors::kBackground);
    kiosk->Platform().Present();
  }
}

void BM_HomeFrame(benchmark::State& state, const char* lang) {
  base::ManualClock clock;
  std::unique_ptr<app::App> kiosk = MakeApp(clock, lang);
  for (auto _ : state) kiosk->DrawFrame();
}

// The first frame after a tap on a language: its script's glyphs are rasterized then.
void BM_FirstFrameAfterLanguageSwitch(benchmark::State& state, const char* lang) {
  base::ManualClock clock;
  for (auto _ : state) {
    state.PauseTiming();
    std::unique_ptr<app::App> kiosk = MakeApp(clock, "en");
    kiosk->DrawFrame();
    state.ResumeTiming();
    kiosk->SetLanguage(lang);
    kiosk->DrawFrame();
    state.PauseTiming();
    kiosk.reset();
    state.ResumeTiming();
  }
}

// Glyph cache memory once the home screen was shown in every language.
void BM_GlyphCacheAllLanguages(benchmark::State& state) {
  base::ManualClock clock;
  std::unique_ptr<app::App> kiosk = MakeApp(clock, "en");
  for (auto _ : state) {
    for (const i18n::Language& language : i18n::KnownLanguages()) {
      kiosk->SetLanguage(language.code);
      kiosk->DrawFrame();
    }
  }
  state.counters["atlas_MiB"] = static_cast<double>(kiosk->Text().AtlasBytes()) / (1 << 20);
  state.counters["glyphs"] = static_cast<double>(kiosk->Text().CachedGlyphs());
}

BENCHMARK(BM_BlankFrame)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GlyphCacheAllLanguages)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(BM_FirstFrameAfterLanguageSwitch, zh_CN, "zh_CN")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_FirstFrameAfterLanguageSwitch, th, "th")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_FirstFrameAfterLanguageSwitch, km, "km")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_FirstFrameAfterLanguageSwitch, my, "my")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);
BENCHMARK_CAPTURE(BM_HomeFrame, en, "en")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HomeFrame, zh_CN, "zh_CN")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HomeFrame, th, "th")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HomeFrame, km, "km")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_HomeFrame, my, "my")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
