// Pictures on a cheap PC: a screen of 12 picture cards at 1920x1080 (each about 600x450) from
// 12 phone photos (4032x3024 JPEG, 12 megapixels), through the kiosk's picture cache: cold (each
// decoded by the worker, scaled once, made a texture) against warm (already textures); and the
// bytes the textures hold after 200 photos were browsed, against the budget. The textures are
// kept in memory here, as the software renderer keeps them.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "image/image.h"

namespace {

namespace fs = std::filesystem;
using kiosk::image::Cache;

constexpr int kCardWidth = 600, kCardHeight = 450;

struct Photos {
  Photos() {
    dir = fs::temp_directory_path() / ("kiosk-picture-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string first = (dir / "0.jpg").string();
    const std::string command =
        "convert -size 4032x3024 plasma:fractal -quality 90 '" + first + "'";
    if (std::system(command.c_str()) != 0) std::abort();
    for (int i = 1; i < 200; ++i) fs::copy_file(first, dir / (std::to_string(i) + ".jpg"));
  }
  ~Photos() { fs::remove_all(dir); }
  std::string Path(int i) const { return (dir / (std::to_string(i) + ".jpg")).string(); }
  fs::path dir;
};
const Photos& ThePhotos() {
  static const Photos photos;
  return photos;
}

// Textures in memory, and a count of the pictures the worker finished.
struct Sink {
  std::mutex mutex;
  int decoded = 0;
  std::map<void*, std::vector<std::uint32_t>> live;
  std::size_t peak = 0;
  Cache::Textures Functions() {
    return {[this](int w, int h, const std::uint32_t* rgba) -> void* {
              std::vector<std::uint32_t> copy(rgba, rgba + std::size_t(w) * h);
              void* key = copy.data();
              live.emplace(key, std::move(copy));
              std::size_t bytes = 0;
              for (const auto& [texture, pixels] : live) bytes += pixels.size() * 4;
              peak = std::max(peak, bytes);
              return key;
            },
            [this](void* texture) { live.erase(texture); }};
  }
  void Decoded() {
    std::lock_guard<std::mutex> lock(mutex);
    ++decoded;
  }
  int Done() {
    std::lock_guard<std::mutex> lock(mutex);
    return decoded;
  }
};

// The frames a screen of 12 cards takes until every card shows its picture, as the frame loop
// draws them: a frame, then a wait for the worker's word.
void ShowTwelve(Cache& cache, Sink& sink, int first) {
  const int wanted = sink.Done() + 12;
  while (true) {
    cache.Collect();
    int shown = 0;
    for (int i = first; i < first + 12; ++i) {
      shown += cache.Get(ThePhotos().Path(i), kCardWidth, kCardHeight) ? 1 : 0;
    }
    if (shown == 12) return;
    while (sink.Done() < wanted && cache.Busy()) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
}

void BM_TwelvePhotoCardsCold(benchmark::State& state) {
  ThePhotos();
  int first = 0;
  for (auto _ : state) {
    Sink sink;
    Cache cache(sink.Functions(), [&] { sink.Decoded(); });
    ShowTwelve(cache, sink, first);
    first = (first + 12) % 180;
  }
}
BENCHMARK(BM_TwelvePhotoCardsCold)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

void BM_TwelvePhotoCardsWarm(benchmark::State& state) {
  Sink sink;
  Cache cache(sink.Functions(), [&] { sink.Decoded(); });
  ShowTwelve(cache, sink, 0);
  for (auto _ : state) ShowTwelve(cache, sink, 0);
}
BENCHMARK(BM_TwelvePhotoCardsWarm)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_TwoHundredPhotosBrowsed(benchmark::State& state) {
  for (auto _ : state) {
    Sink sink;
    Cache cache(sink.Functions(), [&] { sink.Decoded(); });
    for (int first = 0; first + 12 <= 200; first += 12) ShowTwelve(cache, sink, first);
    state.counters["peak_MiB"] = double(sink.peak) / (1 << 20);
    state.counters["budget_MiB"] = double(Cache::kDefaultBudget) / (1 << 20);
  }
}
BENCHMARK(BM_TwoHundredPhotosBrowsed)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
