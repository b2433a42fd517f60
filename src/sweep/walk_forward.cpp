#include "sweep/walk_forward.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "util/error.h"

namespace tapelab::sweep {
namespace {

template <typename Record>
std::vector<Record> in_range(const std::vector<Record>& records, const DateRange& range) {
  std::vector<Record> out;
  for (const Record& r : records) {
    if (r.date >= range.first && r.date <= range.last) out.push_back(r);
  }
  return out;
}

}  // namespace

std::vector<Window> make_windows(std::span<const domain::Date> dates, const WalkForwardSpec& spec) {
  if (dates.empty()) fail("walk-forward: the run has no days");
  std::vector<Window> windows;
  if (spec.split) {
    const auto first_out = std::lower_bound(dates.begin(), dates.end(), *spec.split);
    if (first_out == dates.begin() || first_out == dates.end()) {
      fail("walk-forward: split {} leaves no {} days (the run's days are {} to {})", spec.split->to_string(),
           first_out == dates.begin() ? "in-sample" : "out-of-sample", dates.front().to_string(),
           dates.back().to_string());
    }
    windows.push_back(Window{{dates.front(), *(first_out - 1)}, {*first_out, dates.back()}});
    return windows;
  }
  if (spec.in_days <= 0 || spec.out_days <= 0) fail("walk-forward: in-sample and out-of-sample days must be > 0");
  const auto in_days = static_cast<std::size_t>(spec.in_days);
  const auto out_days = static_cast<std::size_t>(spec.out_days);
  if (dates.size() <= in_days) {
    fail("walk-forward: {} in-sample days leave no out-of-sample day: the run has {} trading days", in_days,
         dates.size());
  }
  for (std::size_t start = 0; start + in_days < dates.size(); start += out_days) {
    const std::size_t out_end = std::min(dates.size(), start + in_days + out_days);
    windows.push_back(Window{{dates[start], dates[start + in_days - 1]}, {dates[start + in_days], dates[out_end - 1]}});
  }
  return windows;
}

engine::RunRecords records_in(const engine::RunRecords& records, const DateRange& range) {
  engine::RunRecords out;
  out.strategies = records.strategies;
  out.trades = in_range(records.trades, range);
  out.orders = in_range(records.orders, range);
  out.days = in_range(records.days, range);
  return out;
}

std::vector<WindowResult> walk_forward(const engine::RunRecords& records, std::span<const Window> windows,
                                       RankKey key, std::size_t picks) {
  std::vector<WindowResult> results;
  for (const Window& window : windows) {
    const report::RunMetrics in = report::compute_run_metrics(records_in(records, window.in));
    const report::RunMetrics out = report::compute_run_metrics(records_in(records, window.out));
    const std::vector<std::size_t> in_order = rank(in.strategies, key);
    const std::vector<std::size_t> out_order = rank(out.strategies, key);
    WindowResult result{window, {}};
    for (std::size_t p = 0; p < std::min(picks, in_order.size()); ++p) {
      const std::size_t v = in_order[p];
      const auto out_position = std::find(out_order.begin(), out_order.end(), v) - out_order.begin();
      result.picks.push_back(Pick{v, in.strategies[v], out.strategies[v], static_cast<std::size_t>(out_position) + 1});
    }
    results.push_back(std::move(result));
  }
  return results;
}

WalkForwardSummary summarize(const engine::RunRecords& records, std::span<const WindowResult> results, RankKey key) {
  if (results.empty() || results.front().picks.empty()) fail("walk-forward: no window to summarize");
  WalkForwardSummary summary;
  summary.out = DateRange{results.front().window.out.first, results.back().window.out.last};
  std::vector<engine::TradeRecord> trades;
  std::vector<engine::DayRecord> days;
  for (const WindowResult& result : results) {
    const std::string& name = records.strategies[result.picks.front().variant].name;
    const engine::RunRecords out = records_in(records, result.window.out);
    std::copy_if(out.trades.begin(), out.trades.end(), std::back_inserter(trades),
                 [&](const engine::TradeRecord& t) { return t.strategy == name; });
    std::copy_if(out.days.begin(), out.days.end(), std::back_inserter(days),
                 [&](const engine::DayRecord& d) { return d.strategy == name; });
  }
  // The capital of the first window's pick: a sweep that varies the capital
  // measures each window's track against its own, which one track cannot.
  const engine::StrategyInfo& first = records.strategies[results.front().picks.front().variant];
  summary.picked = report::compute_metrics(trades, days, first.capital);
  const report::RunMetrics all = report::compute_run_metrics(records_in(records, summary.out));
  summary.hindsight = rank(all.strategies, key).front();
  summary.hindsight_metrics = all.strategies[summary.hindsight];
  return summary;
}

}  // namespace tapelab::sweep
