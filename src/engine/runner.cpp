#include "engine/runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <mutex>
#include <set>

#include <tbb/blocked_range.h>
#include <tbb/concurrent_queue.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "domain/csv.h"
#include "domain/expiry_calendar.h"
#include "domain/trading_calendar.h"
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

// The last expiry a load needs for a strategy that trades DTEs up to
// `max_dte`: one `max_dte` full trading days away has a date before the
// (max_dte + 1)-th full trading day after the day.
domain::Date dte_bound(const market::DayKey& day, std::int32_t max_dte) {
  domain::Date d = day.date;
  for (std::int32_t i = 0; i <= max_dte; ++i) d = domain::TradingCalendar::nse().next_trading_day(d);
  return d - 1;
}

std::size_t expiries_from(const market::DayTape& tape) {
  const std::vector<domain::Date> all = tape.expiries();
  return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [&](domain::Date e) { return e >= tape.date; }));
}

// A reach that covers both (none: one of them reaches any strike).
std::optional<market::StrikeReach> widest(const std::optional<market::StrikeReach>& a,
                                          const std::optional<market::StrikeReach>& b) {
  if (!a || !b) return std::nullopt;
  return market::StrikeReach{std::max(a->points, b->points), std::max(a->steps, b->steps),
                             std::max(a->spot_fraction, b->spot_fraction)};
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

// Day tapes that outlive their day: a worker takes one, loads its day into
// it and hands it back, so the vectors keep their capacity and their pages
// are faulted in once per worker, not once per day (with the in-place decode:
// 3.2M minor faults before, 0.55M after, for the 42 presets over the
// full-scale week; BENCHMARKS.md). A pool and not one tape per thread: while
// a thread waits on its day's parallel decode, it may start another day.
class TapePool {
 public:
  std::unique_ptr<market::DayTape> take() {
    std::unique_ptr<market::DayTape> tape;
    if (!free_.try_pop(tape)) tape = std::make_unique<market::DayTape>();
    return tape;
  }
  void give_back(std::unique_ptr<market::DayTape> tape) { free_.push(std::move(tape)); }

 private:
  tbb::concurrent_queue<std::unique_ptr<market::DayTape>> free_;
};

}  // namespace

std::vector<const StrategySpec*> strategies_for(const std::vector<StrategySpec>& strategies,
                                                const std::string& underlying) {
  std::vector<const StrategySpec*> out;
  for (const StrategySpec& spec : strategies) {
    bool runs = spec.underlyings.empty();
    for (const std::string& u : spec.underlyings) runs = runs || domain::iequals(u, underlying);
    if (runs) out.push_back(&spec);
  }
  return out;
}

RunRecords run_day(const std::vector<StrategySpec>& strategies, const market::DayTape& tape,
                   const market::SeriesColumns& previous_spot, const DayRegimes* regimes) {
  check_specs(strategies);
  return with_infos(strategies, run_session(strategies_for(strategies, tape.underlying), tape, previous_spot,
                                             true, regimes));
}

DayLoad day_load(const std::vector<const StrategySpec*>& strategies, const market::DayKey& day) {
  static const domain::ExpiryCalendar calendar = domain::ExpiryCalendar::builtin();
  DayLoad plan;
  plan.load.option_fields = 0;
  // Contracts that expired before the day are never tradable (market_view.h),
  // and expiries beyond what every strategy can trade are not read.
  plan.load.min_expiry = day.date;
  bool bounded = true;
  std::optional<domain::Date> last;
  plan.load.strike_reach = market::StrikeReach{};
  for (const StrategySpec* spec : strategies) {
    const DataNeeds& needs = spec->needs;
    plan.load.strike_reach = widest(plan.load.strike_reach, needs.strike_reach);
    plan.load.option_fields |= execution_fields(spec->info.execution) | needs.option_fields;
    plan.previous_spot = plan.previous_spot || needs.previous_spot;
    plan.expiries = std::max(plan.expiries, needs.expiries);
    const std::optional<domain::Date> bound = needs.expiries > 0 ? expiry_bound(calendar, day, needs.expiries)
                                              : needs.max_dte    ? std::optional(dte_bound(day, *needs.max_dte))
                                                                 : std::nullopt;
    bounded = bounded && bound.has_value();
    if (bound && (!last || *bound > *last)) last = bound;
  }
  if (bounded) plan.load.max_expiry = last;
  return plan;
}

std::vector<market::DayKey> days_to_run(const std::vector<StrategySpec>& strategies, const RunOptions& options) {
  check_specs(strategies);
  if (strategies.empty()) fail("backtest: no strategies to run");
  for (const StrategySpec& spec : strategies) {
    if (spec.regime_filter.on() && !options.regimes) {
      fail("strategy {}: entry_regimes needs the market truth's regimes (backtest --truth TRUTH)", spec.info.name);
    }
  }
  const std::vector<market::DayKey> all_days = market::select_days(options.dataset, options.days);
  // Days whose underlying no strategy trades are not loaded at all.
  std::vector<market::DayKey> days;
  for (const market::DayKey& day : all_days) {
    if (!strategies_for(strategies, day.underlying).empty()) days.push_back(day);
  }
  if (days.empty()) fail("backtest: no days of {} match the selection", options.dataset.string());
  return days;
}

RunRecords merge_days(const std::vector<StrategySpec>& strategies, std::vector<RunRecords> per_day) {
  RunRecords merged;
  for (RunRecords& day : per_day) append(merged, std::move(day));
  return with_infos(strategies, std::move(merged));
}

RunRecords run_backtest(const std::vector<StrategySpec>& strategies, const RunOptions& options) {
  const std::vector<market::DayKey> days = days_to_run(strategies, options);
  std::vector<RunRecords> per_day(days.size());
  Progress progress(options.progress, days.size());
  TapePool tapes;
  const auto run_one = [&](std::size_t i) {
    const std::vector<const StrategySpec*> specs = strategies_for(strategies, days[i].underlying);
    DayLoad plan = day_load(specs, days[i]);
    std::unique_ptr<market::DayTape> tape = tapes.take();
    market::load_day(options.dataset, days[i], plan.load, *tape);
    if (plan.load.max_expiry && expiries_from(*tape) < static_cast<std::size_t>(plan.expiries)) {
      plan.load.max_expiry.reset();  // the data's expiries differ from the rules: read them all
      market::load_day(options.dataset, days[i], plan.load, *tape);
    }
    const market::SeriesColumns previous =
        plan.previous_spot ? previous_day_spot(options.dataset, days[i]) : market::SeriesColumns{};
    const bool filtered =
        std::any_of(specs.begin(), specs.end(), [](const StrategySpec* s) { return s->regime_filter.on(); });
    const DayRegimes regimes = filtered ? options.regimes(days[i]) : DayRegimes{};
    per_day[i] = run_session(specs, *tape, previous, options.intraday, filtered ? &regimes : nullptr);
    tapes.give_back(std::move(tape));
    progress.day_done();
  };
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, days.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i) run_one(i);
    });
  });
  return merge_days(strategies, std::move(per_day));
}

}  // namespace tapelab::engine
