#include "sweep/run_sweep.h"

#include <algorithm>

#include "domain/csv.h"
#include "market/loader.h"
#include "util/error.h"

namespace tapelab::sweep {

std::vector<domain::Date> trading_days(const SweepPlan& plan, const engine::RunOptions& run) {
  const auto traded = [&](const std::string& underlying) {
    return std::any_of(plan.variants.begin(), plan.variants.end(), [&](const Variant& v) {
      const auto& mine = v.config.underlyings;
      return mine.empty() || std::any_of(mine.begin(), mine.end(),
                                         [&](const std::string& u) { return domain::iequals(u, underlying); });
    });
  };
  std::vector<domain::Date> dates;
  for (const market::DayKey& day : market::select_days(run.dataset, run.days)) {
    if (traded(day.underlying) && (dates.empty() || dates.back() != day.date)) dates.push_back(day.date);
  }
  return dates;
}

std::vector<engine::StrategySpec> variant_specs(const SweepPlan& plan) {
  std::vector<engine::StrategySpec> specs;
  for (const Variant& variant : plan.variants) specs.push_back(strategies::make_spec(variant.config));
  return specs;
}

std::vector<Window> sweep_windows(const SweepPlan& plan, const SweepOptions& options) {
  if (plan.variants.empty()) fail("sweep: no variants to run");
  if (!options.walk_forward) return {};
  if (options.picks == 0) fail("sweep: walk-forward needs at least one pick per window");
  return make_windows(trading_days(plan, options.run), *options.walk_forward);
}

SweepResult rank_sweep(const SweepOptions& options, std::vector<Window> windows, engine::RunRecords records) {
  SweepResult result;
  result.windows = std::move(windows);
  result.records = std::move(records);
  result.metrics = report::compute_run_metrics(result.records).strategies;
  result.ranking = rank(result.metrics, options.rank_by);
  if (options.walk_forward) {
    result.walk_forward = walk_forward(result.records, result.windows, options.rank_by, options.picks);
    result.summary = summarize(result.records, result.walk_forward, options.rank_by);
  }
  return result;
}

SweepResult run_sweep(const SweepPlan& plan, const SweepOptions& options) {
  std::vector<Window> windows = sweep_windows(plan, options);
  return rank_sweep(options, std::move(windows), engine::run_backtest(variant_specs(plan), options.run));
}

}  // namespace tapelab::sweep
