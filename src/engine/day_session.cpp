#include "engine/day_session.h"

#include <memory>
#include <string>

#include "domain/trading_calendar.h"
#include "engine/market_view.h"
#include "engine/strategy_run.h"
#include "util/error.h"

namespace tapelab::engine {

namespace {

// The underlying's session windows on `date`: its regular hours, or the
// calendar's windows on special sessions (muhurat, short sessions). A day the
// calendar calls closed but the data has is run on the regular hours.
std::vector<domain::SessionWindow> windows_of(const std::string& underlying, domain::Date date) {
  const domain::Underlying* info = domain::find_underlying(underlying);
  if (!info) fail("unknown underlying '{}' on {}", underlying, date.to_string());
  const auto& calendar = domain::TradingCalendar::nse();
  const domain::SessionKind kind = calendar.session(date);
  if (kind != domain::SessionKind::kRegular && kind != domain::SessionKind::kClosed) {
    return calendar.session_windows(date);
  }
  return {{info->session_open_seconds, info->session_close_seconds}};
}

domain::WallNanos at_second(domain::Date date, std::int32_t second) {
  return domain::wall_time(date, 0, 0, 0) + static_cast<domain::WallNanos>(second) * domain::kNanosPerSecond;
}

// Hands each strategy that asks for it the previous day's spot.
void warm_up(const std::vector<std::unique_ptr<StrategyRun>>& runs, const market::SeriesColumns& previous_spot) {
  if (previous_spot.size() == 0) return;
  for (const auto& run : runs) {
    if (run->needs().previous_spot) run->strategy().warm_up(previous_spot.time, previous_spot.price);
  }
}

}  // namespace

std::vector<domain::WallNanos> session_seconds(const market::DayTape& tape) {
  std::vector<domain::WallNanos> seconds;
  for (const domain::SessionWindow& w : windows_of(tape.underlying, tape.date)) {
    for (std::int32_t s = w.open_seconds; s <= w.close_seconds; ++s) seconds.push_back(at_second(tape.date, s));
  }
  return seconds;
}

market::SeriesColumns previous_day_spot(const std::filesystem::path& dataset, const market::DayKey& day) {
  const market::DayKey previous{domain::TradingCalendar::nse().previous_trading_day(day.date), day.underlying};
  const market::SeriesColumns all = market::load_spot(dataset, previous);
  const std::vector<domain::SessionWindow> windows = windows_of(day.underlying, previous.date);
  const domain::WallNanos open = at_second(previous.date, windows.front().open_seconds);
  const domain::WallNanos close = at_second(previous.date, windows.back().close_seconds);
  market::SeriesColumns spot;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all.time[i] < open || all.time[i] > close) continue;
    spot.time.push_back(all.time[i]);
    spot.price.push_back(all.price[i]);
  }
  return spot;
}

RunRecords run_session(const std::vector<const StrategySpec*>& strategies, const market::DayTape& tape,
                       const market::SeriesColumns& previous_spot, bool intraday, const DayRegimes* regimes) {
  RunRecords records;
  if (strategies.empty()) return records;
  const std::vector<domain::WallNanos> clock = session_seconds(tape);
  if (clock.empty()) return records;
  MarketView view(tape);
  view.advance_to(clock.front());
  std::vector<std::unique_ptr<StrategyRun>> runs;
  for (const StrategySpec* spec : strategies) {
    runs.push_back(std::make_unique<StrategyRun>(*spec, view, regimes));
    if (intraday) runs.back()->record_intraday();
    runs.back()->strategy().on_day_start(*runs.back());
  }
  warm_up(runs, previous_spot);
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
