#include "jobs/day_parts.h"

#include <algorithm>
#include <iterator>

#include "jobs/day_selection.h"
#include "jobs/records_codec.h"
#include "util/error.h"

namespace tapelab::jobs {
namespace {

// The run's options narrowed to one day, one thread.
engine::RunOptions one_day(engine::RunOptions options, const market::DayKey& day) {
  options.days = market::DaySelection{day.date, day.date, {day.underlying}};
  options.threads = 1;
  options.progress = false;
  return options;
}

// A day's chunks, in variant order, as one day's records.
engine::RunRecords join_chunks(std::vector<engine::RunRecords> chunks) {
  engine::RunRecords day;
  for (engine::RunRecords& chunk : chunks) {
    std::move(chunk.trades.begin(), chunk.trades.end(), std::back_inserter(day.trades));
    std::move(chunk.orders.begin(), chunk.orders.end(), std::back_inserter(day.orders));
    std::move(chunk.days.begin(), chunk.days.end(), std::back_inserter(day.days));
    std::move(chunk.intraday.begin(), chunk.intraday.end(), std::back_inserter(day.intraday));
  }
  return day;
}

}  // namespace

std::vector<market::DayKey> backtest_days(const BacktestRequest& request) {
  const BacktestPlan plan = plan_backtest(request);
  return engine::days_to_run(plan.specs, plan.options);
}

std::vector<market::DayKey> sweep_days(const SweepRequest& request) {
  const SweepJobPlan job = plan_sweep(request);
  sweep::sweep_windows(job.plan, job.options);  // its checks fail before any part runs
  return engine::days_to_run(sweep::variant_specs(job.plan), job.options.run);
}

std::string backtest_part(const BacktestRequest& request, const market::DayKey& day) {
  const BacktestPlan plan = plan_backtest(request);
  return encode_records(engine::run_backtest(plan.specs, one_day(plan.options, day)));
}

std::string sweep_part(const SweepRequest& request, const market::DayKey& day, std::size_t first,
                       std::size_t count) {
  const SweepJobPlan job = plan_sweep(request);
  const std::vector<engine::StrategySpec> specs = sweep::variant_specs(job.plan);
  if (first >= specs.size() || count == 0) fail("sweep: no variants {}..{} of {}", first, first + count, specs.size());
  const auto begin = specs.begin() + static_cast<std::ptrdiff_t>(first);
  const std::vector<engine::StrategySpec> chunk(begin, begin + static_cast<std::ptrdiff_t>(std::min(count, specs.size() - first)));
  // A chunk whose variants trade none of the day's underlying has no records there.
  if (engine::strategies_for(chunk, day.underlying).empty()) return encode_records({});
  return encode_records(engine::run_backtest(chunk, one_day(job.options.run, day)));
}

BacktestRun merge_backtest(const BacktestRequest& request, std::optional<std::string> manifest_hash,
                           const std::vector<std::string>& parts) {
  const BacktestPlan plan = plan_backtest(request);
  std::vector<engine::RunRecords> days;
  for (const std::string& part : parts) days.push_back(decode_records(part));
  BacktestRun run;
  run.records = engine::merge_days(plan.specs, std::move(days));
  run.data = request.data;
  run.manifest_hash = std::move(manifest_hash);
  run.configuration = plan.configuration;
  if (plan.truth) run.by_regime = plan.truth->breakdown(run.records);
  return run;
}

SweepRun merge_sweep(const SweepRequest& request, std::optional<std::string> manifest_hash,
                     const std::vector<std::string>& parts) {
  SweepRun run;
  run.job = plan_sweep(request);
  const std::vector<engine::StrategySpec> specs = sweep::variant_specs(run.job.plan);
  const std::size_t day_count = engine::days_to_run(specs, run.job.options.run).size();
  if (day_count == 0 || parts.size() % day_count != 0) fail("sweep: {} parts for {} days", parts.size(), day_count);
  const std::size_t chunks = parts.size() / day_count;
  std::vector<engine::RunRecords> days;
  for (std::size_t d = 0; d < day_count; ++d) {
    std::vector<engine::RunRecords> day_chunks;
    for (std::size_t c = 0; c < chunks; ++c) day_chunks.push_back(decode_records(parts[d * chunks + c]));
    days.push_back(join_chunks(std::move(day_chunks)));
  }
  run.data = request.data;
  run.keep_trades = request.keep_trades;
  run.top = request.top;
  run.manifest_hash = std::move(manifest_hash);
  run.result = sweep::rank_sweep(run.job.options, sweep::sweep_windows(run.job.plan, run.job.options),
                                 engine::merge_days(specs, std::move(days)));
  return run;
}

}  // namespace tapelab::jobs
