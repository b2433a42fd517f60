#include "strategies/trend_pause.h"

#include <fmt/format.h>

#include "strategies/clock.h"
#include "strategies/strike_rule.h"

namespace tapelab::strategies {

using domain::OptionType;
using engine::ExitReason;
using engine::OpenLeg;
using engine::StrategyContext;

TrendPauseStrategy::TrendPauseStrategy(TrendPauseParams params, engine::ExecutionConfig execution)
    : params_(std::move(params)),
      execution_(std::move(execution)),
      bars_(std::int64_t{params_.bar_minutes} * 60),
      fast_(params_.fast),
      slow_(params_.slow) {}

void TrendPauseStrategy::on_day_start(StrategyContext&) {
  bars_ = indicators::TimeBars(std::int64_t{params_.bar_minutes} * 60);
  fast_ = indicators::Ema(params_.fast);
  slow_ = indicators::Ema(params_.slow);
  structure_ = 0;
  rolls_ = 0;
  exit_bar_ = -1;
  closing_.reset();
}

void TrendPauseStrategy::warm_up(std::span<const domain::WallNanos> times, std::span<const double> prices) {
  for (std::size_t i = 0; i < times.size(); ++i) feed(times[i], prices[i]);
}

bool TrendPauseStrategy::feed(domain::WallNanos time, double spot) {
  if (!bars_.update(time / domain::kNanosPerSecond, spot)) return false;
  fast_.update(bars_.last_closed()->close);
  slow_.update(bars_.last_closed()->close);
  return true;
}

std::optional<OptionType> TrendPauseStrategy::pause_side(double spot) const {
  if (slow_.samples() < params_.min_bars) return std::nullopt;
  const double fast = *fast_.value();
  const double slow = *slow_.value();
  if (fast > slow && spot <= fast && spot > slow) return OptionType::kPut;
  if (fast < slow && spot >= fast && spot < slow) return OptionType::kCall;
  return std::nullopt;
}

bool TrendPauseStrategy::bar_close_through_slow(OptionType type) const {
  if (!bar_closed_now_) return false;
  const double close = bars_.last_closed()->close;
  return type == OptionType::kPut ? close < *slow_.value() : close > *slow_.value();
}

void TrendPauseStrategy::on_second(StrategyContext& ctx) {
  const std::optional<double> spot = ctx.market().spot_price();
  if (!spot) return;
  bar_closed_now_ = feed(ctx.market().now(), *spot);
  if (structure_ != 0) return manage(ctx, *spot);
  const std::int32_t clock = second_of_day(ctx.market().now());
  if (clock < params_.window.from || clock > params_.window.to || bars_.closed_count() <= exit_bar_) return;
  if (const auto side = pause_side(*spot)) {
    sell(ctx, *side, *spot,
         fmt::format("pause: spot {:g}, EMA{} {:.2f}, EMA{} {:.2f}", *spot, params_.fast, *fast_.value(),
                     params_.slow, *slow_.value()));
  }
}

void TrendPauseStrategy::sell(StrategyContext& ctx, OptionType type, double spot, std::string note) {
  const engine::MarketView& market = ctx.market();
  const auto expiry = market.expiry(params_.expiry);
  const auto strike = expiry ? otm_by_points(market, *expiry, type, params_.otm_points) : std::nullopt;
  if (!strike) {
    if (structure_ != 0) ctx.log(fmt::format("structure {}: no strike to roll to", structure_));
    return;
  }
  engine::OrderRequest order;
  order.key = engine::OptionKey{*expiry, type, *strike};
  order.side = engine::Side::kSell;
  order.lots = params_.lots;
  order.structure_id = structure_;
  order.note = std::move(note);
  const engine::OrderResult result = ctx.submit(order);
  if (result.reason != engine::RejectReason::kNone) {
    if (structure_ != 0) {
      ctx.log(fmt::format("structure {}: roll to {} did not fill ({})", structure_, leg_text(order.key),
                          engine::to_string(result.reason)));
      structure_ = 0;  // nothing open any more: flat again
      rolls_ = 0;
      exit_bar_ = bars_.closed_count();
    }
    return;
  }
  structure_ = result.structure_id;
  type_ = type;
  sold_at_spot_ = spot;
  settled_at_ = market.now() + execution_.latency_seconds * domain::kNanosPerSecond;
}

void TrendPauseStrategy::close(StrategyContext& ctx, ExitReason reason) {
  closing_ = reason;
  for (const OpenLeg& leg : legs_of(ctx, structure_)) ctx.close(leg, leg.lots, reason);
}

void TrendPauseStrategy::manage(StrategyContext& ctx, double spot) {
  const domain::WallNanos now = ctx.market().now();
  if (now < settled_at_) return;
  // A close that did not fill at once is retried by the engine before this call.
  const std::vector<OpenLeg> legs = legs_of(ctx, structure_);
  if (legs.empty()) {
    // Closed: either for good, or to roll with the trend.
    const bool roll = closing_ == ExitReason::kAdjustment;
    closing_.reset();
    if (roll) {
      sell(ctx, type_, spot, fmt::format("roll {} with the trend: spot {:g}", rolls_, spot));
    } else {
      structure_ = 0;
      rolls_ = 0;
      exit_bar_ = bars_.closed_count();
    }
    return;
  }
  if (closing_) return;
  const OpenLeg& leg = legs.front();
  if (const auto mark = ctx.mark(leg.key, execution_.mark_model)) {
    const double credit = leg.entry_price;
    if (params_.stop && *mark - credit >= *params_.stop * credit) return close(ctx, ExitReason::kStop);
    if (params_.target && credit - *mark >= *params_.target * credit) return close(ctx, ExitReason::kTarget);
  }
  if (bar_close_through_slow(type_)) return close(ctx, ExitReason::kSignal);
  const double moved = type_ == OptionType::kPut ? spot - sold_at_spot_ : sold_at_spot_ - spot;
  if (rolls_ < params_.max_rolls && moved >= params_.roll_points) {
    ++rolls_;
    close(ctx, ExitReason::kAdjustment);
    if (legs_of(ctx, structure_).empty()) manage(ctx, spot);  // closed at once: sell the new leg this second
  }
}

}  // namespace tapelab::strategies
