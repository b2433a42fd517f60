#include "engine/day_session.h"

#include <memory>

#include "domain/trading_calendar.h"
#include "engine/market_view.h"
#include "engine/strategy_run.h"
#include "util/error.h"

namespace tapelab::engine {

std::vector<domain::WallNanos> session_seconds(const market::DayTape& tape) {
  const domain::Underlying* info = domain::find_underlying(tape.underlying);
  if (!info) fail("unknown underlying '{}' on {}", tape.underlying, tape.date.to_string());
  const auto& calendar = domain::TradingCalendar::nse();
  std::vector<domain::SessionWindow> windows{{info->session_open_seconds, info->session_close_seconds}};
  // Regular days use the underlying's hours; special sessions have their own.
  // A day the calendar calls closed but the data has is run on the regular hours.
  const domain::SessionKind kind = calendar.session(tape.date);
  if (kind != domain::SessionKind::kRegular && kind != domain::SessionKind::kClosed) {
    windows = calendar.session_windows(tape.date);
  }
  const domain::WallNanos midnight = domain::wall_time(tape.date, 0, 0, 0);
  std::vector<domain::WallNanos> seconds;
  for (const domain::SessionWindow& w : windows) {
    for (std::int32_t s = w.open_seconds; s <= w.close_seconds; ++s) {
      seconds.push_back(midnight + static_cast<domain::WallNanos>(s) * domain::kNanosPerSecond);
    }
  }
  return seconds;
}

RunRecords run_session(const std::vector<const StrategySpec*>& strategies, const market::DayTape& tape) {
  RunRecords records;
  if (strategies.empty()) return records;
  const std::vector<domain::WallNanos> clock = session_seconds(tape);
  if (clock.empty()) return records;
  MarketView view(tape);
  view.advance_to(clock.front());
  std::vector<std::unique_ptr<StrategyRun>> runs;
  for (const StrategySpec* spec : strategies) {
    runs.push_back(std::make_unique<StrategyRun>(spec->info, spec->make(), view));
    runs.back()->strategy().on_day_start(*runs.back());
  }
  for (const domain::WallNanos now : clock) {
    view.advance_to(now);
    for (const auto& run : runs) {
      run->begin_second();
      run->strategy().on_second(*run);
      run->end_second();
    }
  }
  for (const auto& run : runs) {
    run->end_day();
    run->take_records(records);
  }
  return records;
}

}  // namespace tapelab::engine
