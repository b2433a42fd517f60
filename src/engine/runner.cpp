#include "engine/runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <mutex>
#include <set>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "domain/csv.h"
#include "domain/expiry_calendar.h"
#include "engine/day_session.h"
#include "engine/fills.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

void check_specs(const std::vector<StrategySpec>& strategies) {
  std::set<std::string> names;
  for (const StrategySpec& spec : strategies) {
    if (spec.info.name.empty()) fail("a strategy needs a name");
    if (!names.insert(spec.info.name).second) fail("two strategies are named '{}'", spec.info.name);
    if (!spec.make) fail("strategy {} has no factory", spec.info.name);
  }
}

std::vector<const StrategySpec*> for_underlying(const std::vector<StrategySpec>& strategies,
                                                const std::string& underlying) {
  std::vector<const StrategySpec*> out;
  for (const StrategySpec& spec : strategies) {
    bool runs = spec.underlyings.empty();
    for (const std::string& u : spec.underlyings) runs = runs || domain::iequals(u, underlying);
    if (runs) out.push_back(&spec);
  }
  return out;
}

// The last expiry a load needs so that the `count` nearest expiries on or
// after the day are in it, by the built-in calendar; nullopt when a strategy
// may trade any expiry. The data may list other dates (a user calendar at
// ingest), so the caller checks the load holds `count` expiries.
std::optional<domain::Date> expiry_bound(const domain::ExpiryCalendar& calendar, const market::DayKey& day,
                                         int count) {
  if (count <= 0) return std::nullopt;
  std::vector<domain::Date> dates;
  for (const domain::Expiry& e : calendar.expiries(day.underlying, day.date, day.date + 400)) {
    if (dates.empty() || dates.back() != e.final) dates.push_back(e.final);
  }
  if (dates.size() < static_cast<std::size_t>(count)) return std::nullopt;
  return dates[static_cast<std::size_t>(count) - 1];
}

std::size_t expiries_from(const market::DayTape& tape) {
  const std::vector<domain::Date> all = tape.expiries();
  return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [&](domain::Date e) { return e >= tape.date; }));
}

RunRecords with_infos(const std::vector<StrategySpec>& strategies, RunRecords records) {
  for (const StrategySpec& spec : strategies) records.strategies.push_back(spec.info);
  sort_records(records);
  return records;
}

void append(RunRecords& into, RunRecords&& day) {
  std::move(day.trades.begin(), day.trades.end(), std::back_inserter(into.trades));
  std::move(day.orders.begin(), day.orders.end(), std::back_inserter(into.orders));
  std::move(day.days.begin(), day.days.end(), std::back_inserter(into.days));
  std::move(day.intraday.begin(), day.intraday.end(), std::back_inserter(into.intraday));
}

// "backtest: 12/80 days, 3.4 days/s, ETA 20 s" on stderr, rewritten in place.
class Progress {
 public:
  Progress(bool enabled, std::size_t total)
      : enabled_(enabled), total_(total), start_(std::chrono::steady_clock::now()) {}
  void day_done() {
    if (!enabled_) return;
    const std::lock_guard lock(mutex_);
    ++done_;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0;
    const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
    std::fprintf(stderr, "\rbacktest: %zu/%zu days, %.1f days/s, ETA %.0f s ", done_, total_, rate, eta);
    if (done_ == total_) std::fputc('\n', stderr);
  }

 private:
  bool enabled_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
};

}  // namespace

RunRecords run_day(const std::vector<StrategySpec>& strategies, const market::DayTape& tape,
                   const market::SeriesColumns& previous_spot) {
  check_specs(strategies);
  return with_infos(strategies, run_session(for_underlying(strategies, tape.underlying), tape, previous_spot));
}

RunRecords run_backtest(const std::vector<StrategySpec>& strategies, const RunOptions& options) {
  check_specs(strategies);
  if (strategies.empty()) fail("backtest: no strategies to run");
  const std::vector<market::DayKey> all_days = market::select_days(options.dataset, options.days);
  // Days whose underlying no strategy trades are not loaded at all.
  std::vector<market::DayKey> days;
  for (const market::DayKey& day : all_days) {
    if (!for_underlying(strategies, day.underlying).empty()) days.push_back(day);
  }
  if (days.empty()) fail("backtest: no days of {} match the selection", options.dataset.string());

  const domain::ExpiryCalendar calendar = domain::ExpiryCalendar::builtin();
  std::vector<RunRecords> per_day(days.size());
  Progress progress(options.progress, days.size());
  const auto run_one = [&](std::size_t i) {
    const std::vector<const StrategySpec*> specs = for_underlying(strategies, days[i].underlying);
    market::LoadOptions load;
    load.option_fields = 0;
    int needed = 1;  // the most nearest expiries a strategy of the day trades; 0 = any
    bool wants_previous = false;
    for (const StrategySpec* spec : specs) {
      load.option_fields |= execution_fields(spec->info.execution) | spec->needs.option_fields;
      wants_previous = wants_previous || spec->needs.previous_spot;
      if (needed != 0) needed = spec->needs.expiries <= 0 ? 0 : std::max(needed, spec->needs.expiries);
    }
    // Contracts that expired before the day are never tradable (market_view.h),
    // and expiries beyond what every strategy can trade are not read.
    load.min_expiry = days[i].date;
    load.max_expiry = expiry_bound(calendar, days[i], needed);
    market::DayTape tape = market::load_day(options.dataset, days[i], load);
    if (load.max_expiry && expiries_from(tape) < static_cast<std::size_t>(needed)) {
      load.max_expiry.reset();  // the data's expiries differ from the rules: read them all
      tape = market::load_day(options.dataset, days[i], load);
    }
    const market::SeriesColumns previous =
        wants_previous ? previous_day_spot(options.dataset, days[i]) : market::SeriesColumns{};
    per_day[i] = run_session(specs, tape, previous, options.intraday);
    progress.day_done();
  };
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, days.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i) run_one(i);
    });
  });
  RunRecords merged;
  for (RunRecords& day : per_day) append(merged, std::move(day));
  return with_infos(strategies, std::move(merged));
}

}  // namespace tapelab::engine
