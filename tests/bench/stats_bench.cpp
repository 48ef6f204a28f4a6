// Count throughput: counting in memory, and writing batches to the SQLite file (WAL); and the
// time to export a busy year of counts (the USB stick's CSV and kioskctl's), and to report it.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

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

// Busy years from 2026 on: every day, visits in each language, 20 videos started and completed,
// 5 quizzes in three score bands, a contest, and a survey's 12 answers, each in several languages.
std::unique_ptr<stats::Counter> BusyYears(int years) {
  auto day = std::make_shared<std::string>();
  const auto dir = std::filesystem::temp_directory_path() / "kiosk-stats-year";
  std::filesystem::remove_all(dir);
  std::unique_ptr<stats::Counter> counter =
      std::move(stats::Counter::Open(
                    dir.string(), [day] { return *day; }, nullptr)
                    .value());
  const char* langs[] = {"en", "zh_CN", "th", "vi", "km", "lo", "my"};
  const char* bands[] = {"0-49", "50-79", "80-100"};
  const std::chrono::sys_days first{std::chrono::year(2026) / 1 / 1};
  for (int d = 0; d < 365 * years; ++d) {
    const std::chrono::year_month_day date{first + std::chrono::days(d)};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    *day = text;
    for (const char* lang : langs) {
      counter->Count(stats::Event::kSessionStarted, "", "", lang);
      counter->Count(stats::Event::kLanguageChosen, "", "", lang);
      for (int v = 0; v < 20; ++v) {
        counter->Count(stats::Event::kVideoStarted, "demo", "video-" + std::to_string(v), lang);
        counter->Count(stats::Event::kVideoCompleted, "demo", "video-" + std::to_string(v), lang);
      }
      for (int q = 0; q < 5; ++q) {
        counter->Count(stats::Event::kQuizCompleted, "demo", "quiz-" + std::to_string(q), lang,
                       bands[q % 3]);
      }
      for (int a = 0; a < 12; ++a) {
        counter->Count(stats::Event::kSurveyAnswer, "demo", "needs", lang,
                       std::to_string(a / 3 + 1) + "/" + std::to_string(a % 3 + 1));
      }
    }
    counter->Count(stats::Event::kContestStarted, "demo", "children", "zh_CN", "teacher/2 teams");
  }
  (void)counter->Flush();
  return counter;
}

void BM_ExportYear(benchmark::State& state) {
  std::unique_ptr<stats::Counter> counter = BusyYears(1);
  const std::string out =
      (std::filesystem::temp_directory_path() / "kiosk-stats-year" / "export.csv").string();
  std::size_t rows = 0, bytes = 0;
  for (auto _ : state) {
    const std::vector<stats::ExportRow> exported = stats::ExportRows(
        counter->Rows().value(), "Mengla Women's Home", "0123456789ab", "2027-01-15");
    const std::string csv = stats::ToCsv(exported);
    if (!base::WriteAtomically(out, csv).ok()) state.SkipWithError("write failed");
    rows = exported.size();
    bytes = csv.size();
  }
  state.counters["export_rows"] = static_cast<double>(rows);
  state.counters["csv_MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_ReportYear(benchmark::State& state) {
  std::unique_ptr<stats::Counter> counter = BusyYears(1);
  const std::vector<stats::ExportRow> exported = stats::ExportRows(
      counter->Rows().value(), "Mengla Women's Home", "0123456789ab", "2027-01-15");
  std::size_t bytes = 0;
  for (auto _ : state) bytes = stats::ReportHtml(exported, "2026-12-31").size();
  state.counters["html_kB"] = static_cast<double>(bytes) / 1e3;
}

// The staff's Usage screen reads its last 30 days from five busy years of counts, against
// reading them all (what it did before) in the same run.
void BM_UsageRows(benchmark::State& state) {
  static std::unique_ptr<stats::Counter> counter = BusyYears(5);
  const bool all = state.range(0) == 0;
  std::size_t rows = 0;
  for (auto _ : state) {
    base::Result<std::vector<stats::Row>> read = counter->Rows(all ? "" : "2030-12-01");
    if (!read) state.SkipWithError("read failed");
    rows = read ? read.value().size() : 0;
  }
  state.SetLabel(all ? "every row of 5 years" : "the last 30 days of 5 years");
  state.counters["rows"] = static_cast<double>(rows);
}

BENCHMARK(BM_Count);
BENCHMARK(BM_FlushBatch)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ExportYear)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReportYear)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_UsageRows)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
