// The "trend pause" strategy type (the advisers' third, Trend-Pause,
// docs/strategies/TP.md): on bars of spot (5 minutes by default) a fast and a
// slow EMA of the closes give the trend; when spot pauses back to the fast EMA
// while holding the slow one, sell one option against the pause: the put OTM in
// an up trend, the call OTM in a down trend. Roll it with the trend, and close
// it on a bar close through the slow EMA, at a target, or at a stop.
//
// Rules:
// - The EMAs move only at bar closes (indicators/time_bars.h: a bar is seen
//   once the first second of the next bar arrives), seeded by the first
//   close, and are trusted after `min_bars` closes. With `warm_up` they first
//   run over the previous trading day's spot when the run has it (its last
//   bar is seen with today's first second), so they can be trusted at the
//   open; without that day they start with today's first close. Up trend: fast > slow;
//   a pause: spot now <= fast and spot now > slow. Down trend mirrored.
// - Entry: in the window, while nothing is open, at the first second with a
//   pause; the leg is the listed strike nearest spot -/+ otm_points. After
//   an exit a new entry waits for the next bar close, so one pause is sold
//   once.
// - Roll: when spot has moved roll_points beyond its value at the leg's sale
//   in the trend's direction, close the leg (exit reason `adjustment`) and,
//   once it is closed, sell a new one otm_points from spot now (at most
//   max_rolls times).
// - Exits: target and stop on the leg's premium (credit - mark >= target x
//   credit; mark - credit >= stop x credit: stop 1.0 = the premium doubled),
//   checked every second on the mark; a bar close below the slow EMA for a
//   put (above for a call) closes it (exit reason `signal`). The stop wins,
//   then the target, then the signal, then a roll.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "engine/config.h"
#include "engine/strategy.h"
#include "indicators/ema.h"
#include "indicators/time_bars.h"
#include "strategies/config_keys.h"
#include "strategies/legs.h"
#include "strategies/strategy_params.h"

namespace tapelab::strategies {

struct TrendPauseParams final : ParamsOf<TrendPauseParams> {
  std::int32_t bar_minutes = 5;
  std::int32_t fast = 5;
  std::int32_t slow = 21;
  std::int32_t min_bars = 21;  // closes before the EMAs are trusted
  // The EMAs first run over the previous trading day's bars when the dataset
  // has that day's spot (false: they start each morning, the old reading).
  bool warm_up = true;
  double otm_points = 100;
  double roll_points = 100;
  std::int32_t max_rolls = 3;
  TimeWindow window{9 * 3600 + 15 * 60, 14 * 3600 + 30 * 60};
  std::optional<double> target = 0.5;
  std::optional<double> stop = 1.0;
  std::int32_t lots = 1;
  engine::ExpiryChoice expiry;

  // StrategyParams (trend_pause_params.cpp)
  std::string_view type() const override { return "trend_pause"; }
  void apply(TomlTable& table) override;
  void validate(const TomlTable& table, const engine::ExecutionConfig& execution) const override;
  std::string summary(const engine::ExecutionConfig& execution) const override;
  std::string rules(const engine::ExecutionConfig& execution) const override;
  engine::DataNeeds needs() const override;
  std::unique_ptr<engine::Strategy> make(const engine::ExecutionConfig& execution) const override;
  // Which start the EMAs get, in the page's words.
  std::string warm_up_words() const;
};

class TrendPauseStrategy final : public engine::Strategy {
 public:
  TrendPauseStrategy(TrendPauseParams params, engine::ExecutionConfig execution);

  void on_day_start(engine::StrategyContext& ctx) override;
  // The previous session's bars move the EMAs; today's bars continue them.
  void warm_up(std::span<const domain::WallNanos> times, std::span<const double> prices) override;
  void on_second(engine::StrategyContext& ctx) override;

 private:
  // Feeds one spot sample to the bars, and a bar it closes to the EMAs.
  bool feed(domain::WallNanos time, double spot);
  // The trend the EMAs show at the last bar close; nullopt before min_bars.
  std::optional<domain::OptionType> pause_side(double spot) const;
  bool bar_close_through_slow(domain::OptionType type) const;
  void manage(engine::StrategyContext& ctx, double spot);
  void sell(engine::StrategyContext& ctx, domain::OptionType type, double spot, std::string note);
  void close(engine::StrategyContext& ctx, engine::ExitReason reason);

  TrendPauseParams params_;
  engine::ExecutionConfig execution_;
  indicators::TimeBars bars_;
  indicators::Ema fast_;
  indicators::Ema slow_;
  bool bar_closed_now_ = false;
  // The open position.
  std::int64_t structure_ = 0;
  domain::OptionType type_ = domain::OptionType::kPut;
  double sold_at_spot_ = 0;
  std::int32_t rolls_ = 0;
  std::int64_t exit_bar_ = -1;  // bars closed when the last position ended
  std::optional<engine::ExitReason> closing_;
  domain::WallNanos settled_at_ = 0;
};

}  // namespace tapelab::strategies
