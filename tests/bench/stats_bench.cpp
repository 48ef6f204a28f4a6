// Count throughput: counting in memory, and writing batches to the SQLite file (WAL).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "stats/stats.h"

namespace {

using namespace kiosk;

std::unique_ptr<stats::Counter> OpenCounter() {
  const auto dir = std::filesystem::temp_directory_path() / "kiosk-stats-bench";
  std::filesystem::remove_all(dir);
  return std::move(stats::Counter::Open(
                       dir.string(), [] { return std::string("2026-11-30"); }, nullptr)
                       .value());
}

// A busy day's mix: one of 50 items in one of 7 languages.
void BM_Count(benchmark::State& state) {
  std::unique_ptr<stats::Counter> counter = OpenCounter();
  const char* langs[] = {"en", "zh_CN", "th", "vi", "km", "lo", "my"};
  std::size_t i = 0;
  for (auto _ : state) {
    counter->Count(stats::Event::kScreenShown, "demo", std::to_string(i % 50), langs[i % 7]);
    ++i;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(i));
}

void BM_FlushBatch(benchmark::State& state) {
  std::unique_ptr<stats::Counter> counter = OpenCounter();
  for (auto _ : state) {
    for (int i = 0; i < 100; ++i) {
      counter->Count(stats::Event::kVideoStarted, "demo", std::to_string(i), "zh_CN");
    }
    if (!counter->Flush().ok()) state.SkipWithError("flush failed");
  }
  state.SetItemsProcessed(state.iterations() * 100);
}

BENCHMARK(BM_Count);
BENCHMARK(BM_FlushBatch)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
