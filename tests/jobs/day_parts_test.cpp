// A run split into day parts (a sweep's also into chunks of variants), each
// run alone and encoded, merges into the records and files of the whole run.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "jobs/day_parts.h"
#include "report/provenance.h"
#include "support/generated_dataset.h"
#include "util/error.h"

namespace tapelab::jobs {
namespace {

std::string dataset() { return tapelab::testing::generated_dataset().string(); }

void expect_same_files(const std::vector<report::OutputFile>& a, const std::vector<report::OutputFile>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_TRUE(a[i].bytes == b[i].bytes) << a[i].name << " differs";
  }
}

TEST(DayParts, ABacktestMergedFromItsDaysIsTheWholeRun) {
  BacktestRequest request;
  request.presets = {"S1", "B2", "T1", "DIS"};
  request.data = dataset();
  const std::vector<market::DayKey> days = backtest_days(request);
  ASSERT_EQ(days.size(), 4u);  // 2 days x NIFTY and BANKNIFTY
  std::vector<std::string> parts;
  for (const market::DayKey& day : days) parts.push_back(backtest_part(request, day));
  const BacktestRun merged = merge_backtest(request, report::manifest_hash(request.data), parts);
  const BacktestRun whole = run_backtest(request);
  ASSERT_FALSE(whole.records.trades.empty());
  expect_same_files(backtest_files(merged), backtest_files(whole));
}

TEST(DayParts, ASweepMergedFromDaysAndVariantChunksIsTheWholeSweep) {
  SweepRequest request;
  request.config = std::string(TAPELAB_SOURCE_DIR) + "/strategies/sweep-example.toml";
  request.data = dataset();
  request.split = "2025-11-18";
  request.keep_trades = true;
  const std::vector<market::DayKey> days = sweep_days(request);
  std::vector<std::string> parts;
  for (const market::DayKey& day : days) {
    for (std::size_t first = 0; first < 29; first += 8) parts.push_back(sweep_part(request, day, first, 8));
  }
  const SweepRun merged = merge_sweep(request, report::manifest_hash(request.data), parts);
  const SweepRun whole = run_sweep(request);
  expect_same_files(sweep_job_files(merged), sweep_job_files(whole));
  EXPECT_EQ(sweep_job_text(merged), sweep_job_text(whole));
}

TEST(DayParts, PartsThatDoNotFitTheDaysAreAnError) {
  SweepRequest request;
  request.config = std::string(TAPELAB_SOURCE_DIR) + "/strategies/sweep-example.toml";
  request.data = dataset();
  EXPECT_THROW(merge_sweep(request, std::nullopt, {"x", "y", "z"}), Error);
  EXPECT_THROW(sweep_part(request, sweep_days(request).front(), 29, 1), Error);
}

}  // namespace
}  // namespace tapelab::jobs
