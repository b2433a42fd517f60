#include "strategies/signal.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "market/loader.h"
#include "strategies/clock.h"
#include "strategies/legs.h"

namespace tapelab::strategies {

using engine::ExitReason;
using engine::OpenLeg;
using engine::OptionKey;
using engine::OrderRequest;
using engine::Side;
using engine::StrategyContext;
using OptionType = domain::OptionType;

namespace {

constexpr OptionType kTypes[] = {OptionType::kCall, OptionType::kPut};
std::size_t type_index(OptionType type) { return type == OptionType::kCall ? 0 : 1; }

domain::WallNanos seconds(std::int64_t n) { return n * domain::kNanosPerSecond; }

}  // namespace

SignalStrategy::SignalStrategy(SignalParams params, engine::ExecutionConfig execution)
    : params_(std::move(params)), execution_(std::move(execution)) {}

void SignalStrategy::on_day_start(StrategyContext& ctx) {
  params_.setup = setup_for_underlying(params_.setup, ctx.market().underlying());
  expiry_ = ctx.market().expiry(params_.expiry);
  watched_.clear();
  watched_at_.clear();
  watched_around_ = {};
  session_open_.reset();
  spot_.emplace(params_.setup);
  position_.reset();
}

void SignalStrategy::on_second(StrategyContext& ctx) {
  const engine::MarketView& market = ctx.market();
  const std::int64_t second = second_of_day(market.now());
  if (!session_open_) session_open_ = second;
  if (const auto spot = market.spot_price()) spot_->update(second, *spot);
  if (!expiry_) return;
  for (const OptionType type : kTypes) candidates_[type_index(type)] = candidate(market, type);
  watch(market, second);
  if (position_) manage(ctx);
  if (!position_ && second >= params_.window_from && second <= params_.window_to &&
      second < execution_.square_off_seconds) {
    try_entry(ctx);
  }
}

std::optional<OptionKey> SignalStrategy::candidate(const engine::MarketView& market, OptionType type) const {
  if (params_.setup.setup != Setup::kGammaBurst) {
    const auto strike = market.atm_strike(*expiry_, type, params_.atm);
    if (!strike) return std::nullopt;
    return OptionKey{*expiry_, type, *strike};
  }
  const std::optional<double> spot = market.spot_price();
  const std::span<const std::int32_t> strikes = market.strikes(*expiry_, type);
  if (!spot || strikes.empty()) return std::nullopt;
  const double offset = params_.setup.strike_offset;
  if (type == OptionType::kCall) {
    const auto it = std::find_if(strikes.begin(), strikes.end(), [&](std::int32_t k) { return k >= *spot + offset; });
    if (it == strikes.end()) return std::nullopt;
    return OptionKey{*expiry_, type, *it};
  }
  const auto it = std::find_if(strikes.rbegin(), strikes.rend(), [&](std::int32_t k) { return k <= *spot - offset; });
  if (it == strikes.rend()) return std::nullopt;
  return OptionKey{*expiry_, type, *it};
}

void SignalStrategy::watch(const engine::MarketView& market, std::int64_t second) {
  if (indicator_needs(params_.setup.setup) == 0) return;  // a spot-only setup
  for (const OptionType type : kTypes) {
    const auto& centre = candidates_[type_index(type)];
    if (!centre) continue;
    const std::span<const std::int32_t> strikes = market.strikes(*expiry_, type);
    auto& around = watched_around_[type_index(type)];
    if (around == std::pair{centre->strike, strikes.size()}) continue;
    around = {centre->strike, strikes.size()};
    const auto at = std::lower_bound(strikes.begin(), strikes.end(), centre->strike) - strikes.begin();
    const auto first = std::max<std::ptrdiff_t>(0, at - params_.watch_steps);
    const auto last = std::min<std::ptrdiff_t>(std::ssize(strikes) - 1, at + params_.watch_steps);
    for (std::ptrdiff_t i = first; i <= last; ++i) {
      const OptionKey key{*expiry_, type, strikes[static_cast<std::size_t>(i)]};
      const auto [it, added] = watched_at_.try_emplace(key, watched_.size());
      if (added) watched_.push_back({market.find(key), ContractSignals(params_.setup, *session_open_)});
    }
  }
  for (Watched& watched : watched_) {
    const auto quote = watched.contract ? market.quote_summary(*watched.contract) : std::nullopt;
    if (!quote) continue;
    const auto sample = sample_of(*quote, second);
    if (!sample) continue;
    watched.signals.update(*sample);
    track_reload(params_.setup, watched.signals);
  }
}

const ContractSignals* SignalStrategy::signals_of(const OptionKey& key) const {
  const auto it = watched_at_.find(key);
  if (it == watched_at_.end()) return nullptr;
  const ContractSignals& signals = watched_[it->second].signals;
  return signals.has_sample() ? &signals : nullptr;
}

void SignalStrategy::try_entry(StrategyContext& ctx) {
  const auto shows = [&](const OptionKey& key, auto&& condition) {
    const ContractSignals* signals = signals_of(key);
    return signals && condition(*signals);
  };
  if (spot_driven(params_.setup.setup)) {
    const auto type = spot_entry(params_.setup, *spot_);
    if (!type) return;
    const auto& key = candidates_[type_index(*type)];
    if (!key) return;
    if (params_.setup.setup == Setup::kObAbsorption &&
        !shows(*key, [&](const ContractSignals& c) { return spot_entry_option_check(params_.setup, c); })) {
      return;
    }
    return enter(ctx, *key);
  }
  for (const OptionType type : kTypes) {
    const auto& key = candidates_[type_index(type)];
    if (key && shows(*key, [&](const ContractSignals& c) { return option_entry(params_.setup, c); })) {
      return enter(ctx, *key);
    }
  }
}

void SignalStrategy::enter(StrategyContext& ctx, const OptionKey& key) {
  const engine::MarketView& market = ctx.market();
  OrderRequest order;
  order.key = key;
  order.side = setup_side(params_.setup.setup);
  order.lots = params_.lots;
  order.note = fmt::format("{} entry", kSetupNames.name(params_.setup.setup));
  if (params_.entry == SignalParams::Entry::kLimit) {
    const auto quote = market.option(key);
    const double touch = !quote ? 0 : order.side == Side::kBuy ? quote->asks[0].price : quote->bids[0].price;
    if (!(touch > 0)) return ctx.log(fmt::format("entry {} skipped: no touch to place the limit at", leg_text(key)));
    order.limit_price = touch;
  }
  const engine::OrderResult result = ctx.submit(order);
  if (result.reason != engine::RejectReason::kNone && !result.resting) {
    return ctx.log(fmt::format("entry {} did not fill ({})", leg_text(key), engine::to_string(result.reason)));
  }
  Position p;
  p.structure_id = result.structure_id;
  p.key = key;
  p.decided_at = market.now();
  p.settled_at = market.now() + seconds(execution_.latency_seconds);
  // A limit entry is working until its leg shows or limit_wait passes, also
  // under latency, where it is only tried (and may start resting) later.
  if (order.limit_price && !result.filled) p.resting = result.id;
  p.entry_spot = spot_->spot().value_or(0);
  position_ = p;
}

void SignalStrategy::manage(StrategyContext& ctx) {
  Position& p = *position_;
  const domain::WallNanos now = ctx.market().now();
  const auto open = std::find_if(ctx.open_legs().begin(), ctx.open_legs().end(),
                                 [&](const OpenLeg& leg) { return leg.structure_id == p.structure_id; });
  if (open == ctx.open_legs().end()) {
    if (p.live || (!p.resting && now >= p.settled_at)) {
      position_.reset();  // closed, or the entry never filled
    } else if (p.resting && now - p.decided_at >= seconds(params_.limit_wait_seconds)) {
      ctx.cancel(*p.resting);
      ctx.log(fmt::format("entry {}: limit not filled within {} s, cancelled", leg_text(p.key),
                          params_.limit_wait_seconds));
      position_.reset();
    }
    return;
  }
  const OpenLeg leg = *open;
  if (!p.live) {
    p.live = true;
    p.resting.reset();
    p.best_mark = leg.entry_price;
    p.best_at = leg.entry_time;
  }
  if (now < p.settled_at) return;
  if (p.closing) return;  // the engine retries what did not fill at once
  const auto mark = ctx.mark(leg.key, execution_.mark_model);
  if (!mark) return;
  const double sign = engine::sign(leg.side);
  if (sign * (*mark - p.best_mark) > 0) {
    p.best_mark = *mark;
    p.best_at = now;
  }
  if (const auto reason = exit_reason(ctx, leg, *mark)) return close(ctx, leg, leg.lots, *reason);
  const SignalExits& e = params_.exits;
  if (e.partial_at_pct && !p.partial_done && sign * (*mark - leg.entry_price) >= *e.partial_at_pct * leg.entry_price / 100) {
    p.partial_done = true;
    const auto lots = static_cast<std::int32_t>(leg.lots * e.partial_fraction);
    if (lots >= 1 && lots < leg.lots) close(ctx, leg, lots, ExitReason::kTarget);
  }
}

std::optional<ExitReason> SignalStrategy::exit_reason(StrategyContext& ctx, const OpenLeg& leg, double mark) {
  Position& p = *position_;
  const SignalExits& e = params_.exits;
  const double entry = leg.entry_price;
  const double sign = engine::sign(leg.side);
  const double gain = sign * (mark - entry);
  const double best_gain = sign * (p.best_mark - entry);
  const domain::WallNanos now = ctx.market().now();
  if (e.stop_pct && gain <= -*e.stop_pct * entry / 100) return ExitReason::kStop;
  if (e.spot_stop_points) {
    // A long call and a short put lose when spot falls.
    const double against = (leg.key.type == OptionType::kCall ? -1.0 : 1.0) * sign;
    if (const auto spot = spot_->spot(); spot && against * (*spot - p.entry_spot) >= *e.spot_stop_points) {
      return ExitReason::kStop;
    }
  }
  if (e.breakeven_at_pct) {
    if (best_gain >= *e.breakeven_at_pct * entry / 100) p.breakeven_armed = true;
    if (p.breakeven_armed && gain <= e.breakeven_offset) return ExitReason::kStop;
  }
  if (e.trail_pct && best_gain >= e.trail_from_pct * entry / 100 &&
      sign * (p.best_mark - mark) >= *e.trail_pct * p.best_mark / 100) {
    return ExitReason::kTrail;
  }
  if (e.target_pct && gain >= *e.target_pct * entry / 100) return ExitReason::kTarget;
  if (e.target_points && gain >= *e.target_points) return ExitReason::kTarget;
  if (e.signal && has_exit_signal(params_.setup.setup)) {
    const ContractSignals* signals = signals_of(leg.key);
    if (signals && exit_signal(params_.setup, *signals)) {
      return ExitReason::kSignal;
    }
  }
  if (e.no_progress_seconds && now - p.best_at >= seconds(*e.no_progress_seconds)) return ExitReason::kTime;
  if (e.max_hold_seconds && now - leg.entry_time >= seconds(*e.max_hold_seconds)) return ExitReason::kTime;
  return std::nullopt;
}

void SignalStrategy::close(StrategyContext& ctx, const OpenLeg& leg, std::int32_t lots, ExitReason reason) {
  Position& p = *position_;
  if (lots < leg.lots) {
    // A partial exit goes once; what it does not sell stays with the runner.
    OrderRequest order;
    order.key = leg.key;
    order.side = engine::opposite(leg.side);
    order.lots = lots;
    order.structure_id = leg.structure_id;
    order.exit_reason = reason;
    order.note = "partial exit";
    ctx.submit(order);
    return;
  }
  p.closing = reason;
  ctx.close(leg, lots, reason);
}

engine::DataNeeds SignalParams::needs() const {
  engine::DataNeeds needs;
  // The LTP, both books' 5 levels and the traded volume feed the indicators.
  needs.option_fields = market::kTrade | market::kTopOfBook | market::kFullBook;
  needs.expiries = expiry.expiries_needed();
  needs.max_dte = expiry.max_dte_needed();
  return needs;
}

std::unique_ptr<engine::Strategy> SignalParams::make(const engine::ExecutionConfig& execution) const {
  return std::make_unique<SignalStrategy>(*this, execution);
}

}  // namespace tapelab::strategies
