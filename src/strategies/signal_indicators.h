// What the signal strategy type (signal.h) knows about one option contract
// and about the spot at each second: the contract's per-second sample and its
// indicators, fed only with values visible at that second.
//
// Each second a watched contract is fed one sample: its last row as of the
// clock (LTP, best bid/ask and their sizes, 5-level depth, and the volume
// traded in the last second; a second without a new row repeats the row with
// no volume). Before a sample moves the windows, the "before" values (the
// high of the last N seconds, the average volume, ...) are kept in
// `ContractSignals::before`, so a setup can compare the current second with
// the seconds before it ("volume above 3x its average") without the current
// second diluting its own baseline.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/market_view.h"
#include "indicators/atr.h"
#include "indicators/ema.h"
#include "indicators/rolling_extremes.h"
#include "indicators/rolling_stats.h"
#include "indicators/session_vwap.h"
#include "indicators/time_bars.h"
#include "indicators/velocity.h"
#include "indicators/window_sum.h"

namespace tapelab::strategies {

struct SetupParams;

// Which indicator groups a setup reads (indicator_needs() in
// signal_setups.cpp); a contract feeds only those, so a setup pays only for
// what it looks at. Values of a group not fed stay empty.
enum IndicatorNeed : unsigned {
  kNeedEmas = 1u << 0,        // ema_fast, ema_slow
  kNeedRange = 1u << 1,       // before.range_*
  kNeedVolume = 1u << 2,      // before.volume_per_second
  kNeedAskSize = 1u << 3,     // before.ask_size_mean, before.ask_size_high
  kNeedMove = 1u << 4,        // move
  kNeedVwap = 1u << 5,        // vwap
  kNeedBands = 1u << 6,       // bollinger, keltner
  kNeedMinuteBars = 1u << 7,  // minute_volume, earlier_minute_volume_mean
  kNeedOpeningRange = 1u << 8,
  kNeedAskVolume = 1u << 9,   // at_ask_volume
};

// One second of a contract, from its as-of row.
struct OptionSample {
  std::int64_t second = 0;  // seconds after midnight of the clock
  double ltp = 0;
  double bid = 0;
  double ask = 0;
  double bid_size = 0;   // bq0
  double ask_size = 0;   // sq0
  double bid_depth = 0;  // sum of the 5 bid levels' quantities
  double ask_depth = 0;
  double volume = 0;     // units traded in the last second
};

// nullopt when the contract has no traded price.
std::optional<OptionSample> sample_of(const engine::QuoteSummary& quote, std::int64_t second);

class ContractSignals {
 public:
  // The window lengths come from the setup's parameters, the groups fed from
  // its needs; `session_open` is the day's first clock second.
  ContractSignals(const SetupParams& setup, std::int64_t session_open);

  // Values over the seconds before the latest sample (not including it).
  struct Before {
    std::optional<OptionSample> sample;  // the previous second's
    std::optional<double> range_high;    // of the last range_seconds seconds
    std::optional<double> range_low;
    bool range_full = false;
    std::optional<double> volume_per_second;  // average over the last volume_seconds seconds
    std::optional<double> ask_size_mean;      // mean sq0 over the last volume_seconds seconds
    std::optional<double> ask_size_high;      // highest sq0 over the last range_seconds seconds
  };

  void update(const OptionSample& sample);

  bool has_sample() const { return latest_.has_value(); }
  const OptionSample& now() const { return *latest_; }  // once has_sample()
  const Before& before() const { return before_; }
  std::int64_t first_second() const { return first_second_; }
  // Both EMAs, once the slow one has seen `slow` samples.
  std::optional<double> ema_fast() const;
  std::optional<double> ema_slow() const;
  // The volume of the seconds that printed at the ask (LTP >= ask) over the
  // last ask_volume_seconds, this second included.
  double at_ask_volume() const { return at_ask_volume_.sum(); }
  // LTP change over move_seconds.
  std::optional<double> move() const { return move_.value(); }
  std::optional<double> vwap() const { return vwap_.value(); }
  // Bollinger and Keltner bands of the last closed bar (bar_seconds bars of the LTP).
  std::optional<indicators::Bands> bollinger() const { return bollinger_; }
  std::optional<indicators::Bands> keltner() const { return keltner_; }
  // The highest LTP before `opening_range_end`; nullopt until that time, or
  // when the contract was not watched from the session's first second.
  std::optional<double> opening_range_high() const;
  // The last closed 1-minute bar's volume, and the mean volume of the closed
  // 1-minute bars before it (nullopt until two bars have closed).
  std::optional<double> minute_volume() const;
  std::optional<double> earlier_minute_volume_mean() const;

  // The reload setup's event: the second and LTP of the latest reload.
  std::optional<std::int64_t> reload_second;
  double reload_price = 0;

 private:
  unsigned needs_;
  std::int64_t session_open_;
  std::int64_t opening_range_end_;
  indicators::Ema fast_;
  indicators::Ema slow_;
  indicators::RollingExtremes range_;
  indicators::RollingExtremes ask_size_range_;
  indicators::WindowSum volume_;
  indicators::RollingStats ask_size_;
  indicators::WindowSum at_ask_volume_;
  indicators::Velocity move_;
  indicators::SessionVwap vwap_;
  indicators::TimeBars bars_;
  indicators::RollingStats bar_closes_;
  indicators::Atr bar_atr_;
  double bollinger_k_;
  double keltner_k_;
  std::optional<indicators::Bands> bollinger_;
  std::optional<indicators::Bands> keltner_;
  indicators::TimeBars minute_bars_;
  double minute_volume_sum_ = 0;  // closed minute bars before the last one
  std::optional<double> last_minute_volume_;
  std::optional<double> opening_high_;
  std::optional<OptionSample> latest_;
  Before before_;
  std::int64_t first_second_ = 0;
};

// The spot's indicators: its move over spot_move_seconds and the day's
// high and low before the latest second.
class SpotSignals {
 public:
  explicit SpotSignals(const SetupParams& setup);
  void update(std::int64_t second, double spot);

  std::optional<double> spot() const { return spot_; }
  std::optional<double> move() const { return move_.value(); }
  std::optional<double> high_before() const { return high_before_; }
  std::optional<double> low_before() const { return low_before_; }

 private:
  indicators::Velocity move_;
  std::optional<double> spot_;
  std::optional<double> high_;
  std::optional<double> low_;
  std::optional<double> high_before_;
  std::optional<double> low_before_;
};

}  // namespace tapelab::strategies
