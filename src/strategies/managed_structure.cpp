#include "strategies/managed_structure.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "strategies/clock.h"

namespace tapelab::strategies {

using domain::OptionType;
using engine::ExitReason;
using engine::OpenLeg;
using engine::OptionKey;
using engine::OrderRequest;
using engine::Side;
using engine::StrategyContext;
using Shape = ManagedStructureParams::Shape;
using Action = ManagedStructureParams::Adjustment::Action;

namespace {

constexpr domain::WallNanos kSecond = domain::kNanosPerSecond;

std::int32_t open_lots(const std::vector<OpenLeg>& legs, const OptionKey& key) {
  std::int32_t lots = 0;
  for (const OpenLeg& leg : legs) {
    if (leg.key == key) lots += leg.lots;
  }
  return lots;
}

}  // namespace

ManagedStructureStrategy::ManagedStructureStrategy(ManagedStructureParams params,
                                                   engine::ExecutionConfig execution)
    : params_(std::move(params)),
      execution_(std::move(execution)),
      filter_state_(params_.filters) {}

void ManagedStructureStrategy::on_day_start(StrategyContext&) {
  next_entry_ = 0;
  window_used_ = false;
  window_last_reason_.clear();
  filter_state_.start_day();
  open_.clear();
}

domain::WallNanos ManagedStructureStrategy::latency() const { return execution_.latency_seconds * kSecond; }

void ManagedStructureStrategy::on_second(StrategyContext& ctx) {
  const domain::WallNanos now = ctx.market().now();
  filter_state_.update(ctx, params_.expiry);
  // Exits first, so a structure closed this second frees its slot for an
  // entry at the same second.
  for (Structure& s : open_) manage(ctx, s);
  std::erase_if(open_, [&](const Structure& s) { return now >= s.settled_at && legs_of(ctx, s.id).empty(); });

  const std::int32_t second = second_of_day(now);
  while (next_entry_ < params_.entries.size() && params_.entries[next_entry_] <= second) {
    const std::int32_t due = params_.entries[next_entry_++];
    const std::string when = format_clock(due);
    const std::string why = due == second ? enter(ctx, when) : "before the session clock started";
    if (!why.empty()) ctx.log(fmt::format("entry {} skipped: {}", when, why));
  }
  if (params_.window_from) try_window_entry(ctx, second);
}

void ManagedStructureStrategy::try_window_entry(StrategyContext& ctx, std::int32_t second) {
  if (window_used_ || second < *params_.window_from) return;
  const std::string window = fmt::format("{}-{}", format_clock(*params_.window_from), format_clock(*params_.window_to));
  if (second > *params_.window_to) {
    window_used_ = true;
    ctx.log(fmt::format("window {}: no entry ({})", window,
                        window_last_reason_.empty() ? "a structure was open throughout" : window_last_reason_));
    return;
  }
  if (static_cast<std::int32_t>(open_.size()) >= params_.max_open_structures) return;  // wait for a slot
  const std::string why = enter(ctx, format_clock(second));
  if (why.empty()) {
    window_used_ = true;
  } else {
    window_last_reason_ = "last check " + format_clock(second) + ": " + why;
  }
}

std::string ManagedStructureStrategy::enter(StrategyContext& ctx, std::string_view when) {
  if (static_cast<std::int32_t>(open_.size()) >= params_.max_open_structures) {
    return fmt::format("{} structure(s) open, max_open_structures = {}", open_.size(), params_.max_open_structures);
  }
  if (second_of_day(ctx.market().now()) >= execution_.square_off_seconds) return "at or after the square-off time";
  const engine::MarketView& market = ctx.market();
  const auto expiry = market.expiry(params_.expiry);
  if (!expiry) return "no expiry matches the expiry choice";
  if (const auto why = failed_day_filter(params_.filters, market, *expiry)) return *why;
  const auto call_strike = pick_strike(ctx, *expiry, OptionType::kCall, params_.strikes);
  const auto put_strike = pick_strike(ctx, *expiry, OptionType::kPut, params_.strikes);
  if (!call_strike || !put_strike) return "no spot or no listed strike on the chosen expiry";
  for (const OptionKey key :
       {OptionKey{*expiry, OptionType::kCall, *call_strike}, OptionKey{*expiry, OptionType::kPut, *put_strike}}) {
    if (const auto why = delta_miss(ctx, key, params_.strikes)) return *why;
  }
  if (const auto why = failed_filter(params_.filters, filter_state_, market, {*expiry, *call_strike, *put_strike},
                                     execution_.mark_model)) {
    return *why;
  }

  std::vector<std::pair<OptionKey, Side>> legs;
  if (params_.has_wings()) {
    const auto call_wing = market.nearest_strike(*expiry, OptionType::kCall, *call_strike + params_.wing_points);
    const auto put_wing = market.nearest_strike(*expiry, OptionType::kPut, *put_strike - params_.wing_points);
    if (!call_wing || !put_wing || *call_wing <= *call_strike || *put_wing >= *put_strike) {
      return fmt::format("no listed wing strikes beyond {} CE and {} PE", *call_strike, *put_strike);
    }
    legs.push_back({{*expiry, OptionType::kCall, *call_wing}, Side::kBuy});
    legs.push_back({{*expiry, OptionType::kPut, *put_wing}, Side::kBuy});
  }
  legs.push_back({{*expiry, OptionType::kCall, *call_strike}, Side::kSell});
  legs.push_back({{*expiry, OptionType::kPut, *put_strike}, Side::kSell});

  Structure s;
  s.entry_spot = market.spot_price().value_or(0);
  s.planned_legs = legs.size();
  s.opened_at = market.now();
  s.settled_at = market.now() + latency();
  for (std::size_t i = 0; i < legs.size(); ++i) {
    OrderRequest order;
    order.key = legs[i].first;
    order.side = legs[i].second;
    order.lots = params_.traded_lots();
    order.structure_id = s.id;
    order.note = fmt::format("entry {}", when);
    const engine::OrderResult result = ctx.submit(order);
    if (s.id == 0) s.id = result.structure_id;
    // A rejection is final; without one the order filled or waits for its fill time (latency).
    if (result.reason == engine::RejectReason::kNone) continue;
    const std::string why = fmt::format("{} did not fill ({})", leg_text(order.key), engine::to_string(result.reason));
    if (i == 0) return why;
    ctx.log(fmt::format("entry {}: {}; closing the legs that filled at once", when, why));
    s.checked = true;
    open_.push_back(std::move(s));
    close_all(ctx, open_.back(), ExitReason::kNoQuote);
    return {};
  }
  open_.push_back(std::move(s));
  return {};
}

void ManagedStructureStrategy::manage(StrategyContext& ctx, Structure& s) {
  const domain::WallNanos now = ctx.market().now();
  if (now < s.settled_at) return;  // opening orders still on their way
  const std::vector<OpenLeg> legs = legs_of(ctx, s.id);
  if (legs.empty()) return;
  if (s.closing) return;  // the engine retries what did not fill at once
  if (!s.checked) {
    s.checked = true;
    if (legs.size() < s.planned_legs) {
      ctx.log(
          fmt::format("structure {}: {} of {} legs filled; closing them at once", s.id, legs.size(), s.planned_legs));
      return close_all(ctx, s, ExitReason::kNoQuote);
    }
    for (const OpenLeg& leg : legs) s.first_credit -= engine::sign(leg.side) * leg.entry_price * leg.lots;
  }
  if (price_rules(ctx, s, legs)) return;
  if (!s.leg_exits.empty()) {
    run_leg_exits(ctx, s, legs);
  } else if (leg_rules(ctx, s, legs) || adjust(ctx, s, legs)) {
    return;
  }
  time_rules(ctx, s);
}

std::optional<ManagedStructureStrategy::Value> ManagedStructureStrategy::value(const StrategyContext& ctx,
                                                                               const std::vector<OpenLeg>& legs) const {
  Value v;
  for (const OpenLeg& leg : legs) {
    const auto mark = ctx.mark(leg.key, execution_.mark_model);
    if (!mark) return std::nullopt;
    v.credit -= engine::sign(leg.side) * leg.entry_price * leg.lots;
    v.cost -= engine::sign(leg.side) * *mark * leg.lots;
  }
  return v;
}

bool ManagedStructureStrategy::price_rules(StrategyContext& ctx, Structure& s, const std::vector<OpenLeg>& legs) {
  const auto v = value(ctx, legs);
  if (!v || !(v->credit > 0)) return false;
  if (params_.stop && v->cost - v->credit >= *params_.stop * v->credit) {
    close_all(ctx, s, ExitReason::kStop);
    return true;
  }
  if (params_.premium_stop && v->cost >= *params_.premium_stop * s.first_credit) {
    close_all(ctx, s, ExitReason::kStop);
    return true;
  }
  if (params_.target && v->credit - v->cost >= *params_.target * v->credit) {
    close_all(ctx, s, ExitReason::kTarget);
    return true;
  }
  if (params_.partial && !s.partial_done && s.leg_exits.empty() &&
      v->credit - v->cost >= params_.partial->at * v->credit) {
    s.partial_done = true;
    for (const OpenLeg& leg : legs) {
      const auto booked = static_cast<std::int32_t>(leg.lots * params_.partial->fraction);
      if (booked > 0) add_leg_exit(s, leg, leg.lots - booked, ExitReason::kTarget);
    }
    run_leg_exits(ctx, s, legs_of(ctx, s.id));
    return true;
  }
  if (params_.trail && s.trail_armed && s.leg_exits.empty()) {
    if (s.trail_low && v->cost >= *s.trail_low * (1 + params_.trail->rise)) {
      close_all(ctx, s, ExitReason::kTrail);
      return true;
    }
    s.trail_low = s.trail_low ? std::min(*s.trail_low, v->cost) : v->cost;
  }
  return false;
}

bool ManagedStructureStrategy::leg_rules(StrategyContext& ctx, Structure& s, const std::vector<OpenLeg>& legs) {
  if (!params_.leg_stop && !params_.exit_on_strike_breach) return false;
  const std::optional<double> spot = ctx.market().spot_price();
  for (const OpenLeg& leg : legs) {
    if (leg.side != Side::kSell) continue;
    std::optional<ExitReason> reason;
    if (params_.leg_stop) {
      const auto mark = ctx.mark(leg.key, execution_.mark_model);
      if (mark && *mark - leg.entry_price >= *params_.leg_stop * leg.entry_price) reason = ExitReason::kStop;
    }
    if (!reason && params_.exit_on_strike_breach && spot) {
      const bool breached =
          leg.key.type == OptionType::kCall ? *spot > leg.key.strike : *spot < leg.key.strike;
      if (breached) reason = ExitReason::kSignal;
    }
    if (!reason) continue;
    add_leg_exit(s, leg, 0, *reason);
    // The wing on the same side only protects this leg: it goes with it.
    for (const OpenLeg& wing : legs) {
      if (wing.side == Side::kBuy && wing.key.type == leg.key.type) add_leg_exit(s, wing, 0, *reason);
    }
  }
  if (s.leg_exits.empty()) return false;
  run_leg_exits(ctx, s, legs);
  return true;
}

bool ManagedStructureStrategy::adjust(StrategyContext& ctx, Structure& s, const std::vector<OpenLeg>& legs) {
  const auto& rule = params_.adjustment;
  if (rule && rule->action == Action::kDeltaImbalance) return delta_imbalance(ctx, s, legs);
  if (!rule || s.adjustments >= rule->max_count) return false;
  const OpenLeg* call = nullptr;
  const OpenLeg* put = nullptr;
  for (const OpenLeg& leg : legs) {
    if (leg.side != Side::kSell) continue;
    (leg.key.type == OptionType::kCall ? call : put) = &leg;
  }
  if (!call || !put) return false;
  if (rule->action == Action::kRebalanceDelta) return rebalance(ctx, s, legs, *call, *put);
  const auto call_mark = ctx.mark(call->key, execution_.mark_model);
  const auto put_mark = ctx.mark(put->key, execution_.mark_model);
  if (!call_mark || !put_mark || !(*call_mark > 0 && *put_mark > 0)) return false;
  const bool call_dearer = *call_mark >= *put_mark;
  const double ratio = call_dearer ? *call_mark / *put_mark : *put_mark / *call_mark;
  if (ratio < rule->ratio) return false;
  const OpenLeg& loser = call_dearer ? *call : *put;  // the dearer leg has gone against the seller
  const OpenLeg& winner = call_dearer ? *put : *call;
  ++s.adjustments;
  ctx.log(fmt::format("structure {}: premium ratio {:.2f} >= {:g} ({} {:.2f}, {} {:.2f}): adjustment {} of {}", s.id,
                      ratio, rule->ratio, leg_text(call->key), *call_mark, leg_text(put->key), *put_mark, s.adjustments,
                      rule->max_count));
  const OpenLeg& closed = rule->action == Action::kCloseLoser ? loser : winner;
  add_leg_exit(s, closed, 0, ExitReason::kAdjustment);
  if (rule->action == Action::kRollWinner) s.roll_after_exit = winner.key.type;
  if (params_.trail && params_.trail->after_adjustment) {
    s.trail_armed = true;
    s.trail_low.reset();
  }
  run_leg_exits(ctx, s, legs);
  return true;
}

bool ManagedStructureStrategy::rebalance(StrategyContext& ctx, Structure& s, const std::vector<OpenLeg>& legs,
                                         const OpenLeg& call, const OpenLeg& put) {
  const auto& rule = *params_.adjustment;
  const std::int64_t held = (ctx.market().now() - s.opened_at) / kSecond;
  if (held == 0 || held % rule.every_seconds != 0) return false;
  // Net delta per lot of the structure: each leg's delta, signed by its side.
  double net = 0;
  for (const OpenLeg& leg : legs) {
    const engine::OptionGreeks g = ctx.greeks().option(leg.key);
    if (!g.ok()) return false;  // without every leg's delta there is nothing to balance
    net += engine::sign(leg.side) * g.delta * leg.lots;
  }
  net /= params_.traded_lots();
  if (std::abs(net) <= rule.max_net_delta) return false;
  // Net long delta: spot fell and the short put carries it; net short: the call.
  const OpenLeg& tested = net > 0 ? put : call;
  ++s.adjustments;
  ctx.log(fmt::format("structure {}: net delta {:+.3f} per lot beyond {:g}: rolling {} (adjustment {} of {})", s.id,
                      net, rule.max_net_delta, leg_text(tested.key), s.adjustments, rule.max_count));
  add_leg_exit(s, tested, 0, ExitReason::kAdjustment);
  s.roll_after_exit = tested.key.type;
  run_leg_exits(ctx, s, legs);
  return true;
}

bool ManagedStructureStrategy::delta_imbalance(StrategyContext& ctx, Structure& s, const std::vector<OpenLeg>& legs) {
  const auto& rule = *params_.adjustment;
  const std::optional<double> spot = ctx.market().spot_price();
  if (!spot || s.rehedges >= rule.max_rehedges) return false;
  const OpenLeg* call = nullptr;
  const OpenLeg* put = nullptr;
  for (const OpenLeg& leg : legs) {
    if (leg.side == Side::kSell) (leg.key.type == OptionType::kCall ? call : put) = &leg;
  }
  const auto call_mark = call ? ctx.mark(call->key, execution_.mark_model) : std::nullopt;
  const auto put_mark = put ? ctx.mark(put->key, execution_.mark_model) : std::nullopt;
  const auto open = value(ctx, legs);
  const auto pnl = open ? std::optional<double>(s.booked_pnl + open->credit - open->cost) : std::nullopt;
  if (pnl) s.peak_pnl = std::max(s.peak_pnl.value_or(*pnl), *pnl);
  if (!s.winner_closed) {
    if (!call_mark || !put_mark) return false;
    if (!s.deltas) s.deltas.emplace(rule.window_seconds, rule.min_spot_move);
    s.deltas->update(ctx.market().now() / kSecond, *spot, *call_mark, *put_mark);
    const auto dominant = s.deltas->dominant(rule.dominance);
    if (!dominant) return false;
    const OpenLeg& winner = *dominant == OptionType::kCall ? *put : *call;
    s.winner_closed = winner.key.type;
    s.loser_mark_at_close = *dominant == OptionType::kCall ? *call_mark : *put_mark;
    s.booked_pnl += (winner.entry_price - (*dominant == OptionType::kCall ? *put_mark : *call_mark)) * winner.lots;
    ctx.log(fmt::format("structure {}: empirical deltas CE {:+.3f}, PE {:+.3f} over {} s: closing the winner {}", s.id,
                        *s.deltas->delta(OptionType::kCall), *s.deltas->delta(OptionType::kPut), rule.window_seconds,
                        leg_text(winner.key)));
    add_leg_exit(s, winner, 0, ExitReason::kAdjustment);
    run_leg_exits(ctx, s, legs);
    return true;
  }
  const OpenLeg* loser = *s.winner_closed == OptionType::kCall ? put : call;
  const auto loser_mark = *s.winner_closed == OptionType::kCall ? put_mark : call_mark;
  if (!loser) return false;
  if (std::abs(*spot - s.entry_spot) <= rule.revert_points) {
    ctx.log(fmt::format("structure {}: spot {:g} is back within {:g} of {:g}: closing {}", s.id, *spot,
                        rule.revert_points, s.entry_spot, leg_text(loser->key)));
    close_all(ctx, s, ExitReason::kSignal);
    return true;
  }
  const std::string reason = rehedge_reason(s, *loser, loser_mark, pnl);
  if (reason.empty()) return false;
  ++s.rehedges;
  ctx.log(fmt::format("structure {}: {}: re-hedging with a new {} ({} of {})", s.id, reason,
                      domain::to_string(*s.winner_closed), s.rehedges, rule.max_rehedges));
  sell_leg(ctx, s, *s.winner_closed);
  s.entry_spot = *spot;
  s.deltas.reset();
  s.winner_closed.reset();
  s.peak_pnl.reset();
  return true;
}

std::string ManagedStructureStrategy::rehedge_reason(const Structure& s, const OpenLeg& loser,
                                                     std::optional<double> loser_mark,
                                                     std::optional<double> pnl) const {
  const auto& rule = *params_.adjustment;
  if (rule.rehedge_rise) {
    if (!loser_mark || *loser_mark < s.loser_mark_at_close * (1 + *rule.rehedge_rise)) return {};
    return fmt::format("{} at {:.2f} is {:g}% above {:.2f}", leg_text(loser.key), *loser_mark,
                       *rule.rehedge_rise * 100, s.loser_mark_at_close);
  }
  if (!pnl || !(*s.peak_pnl > 0) || *pnl > rule.rehedge_profit_kept * *s.peak_pnl) return {};
  return fmt::format("P&L {:.2f} is at most {:g}% of its peak {:.2f}", *pnl, rule.rehedge_profit_kept * 100,
                     *s.peak_pnl);
}

bool ManagedStructureStrategy::time_rules(StrategyContext& ctx, Structure& s) {
  const domain::WallNanos now = ctx.market().now();
  const bool at_exit_time = params_.exit_time && second_of_day(now) >= *params_.exit_time;
  const bool held_out =
      params_.max_hold_seconds && now - s.opened_at >= std::int64_t{*params_.max_hold_seconds} * kSecond;
  if (!at_exit_time && !held_out) return false;
  close_all(ctx, s, ExitReason::kTime);
  return true;
}

void ManagedStructureStrategy::add_leg_exit(Structure& s, const OpenLeg& leg, std::int32_t keep_lots,
                                            ExitReason reason) {
  const bool known =
      std::any_of(s.leg_exits.begin(), s.leg_exits.end(), [&](const LegExit& e) { return e.key == leg.key; });
  if (!known) s.leg_exits.push_back(LegExit{leg.key, keep_lots, reason});
}

void ManagedStructureStrategy::run_leg_exits(StrategyContext& ctx, Structure& s, const std::vector<OpenLeg>& legs) {
  for (LegExit& exit : s.leg_exits) {
    const std::int32_t lots = open_lots(legs, exit.key);
    if (exit.sent || lots <= exit.keep_lots) continue;
    const auto leg = std::find_if(legs.begin(), legs.end(), [&](const OpenLeg& l) { return l.key == exit.key; });
    ctx.close(*leg, lots - exit.keep_lots, exit.reason);  // the engine retries it until it fills
    exit.sent = true;
  }
  // Done once every leg is down to its kept lots (with latency, once the fills are seen).
  const std::vector<OpenLeg> after = latency() == 0 ? legs_of(ctx, s.id) : legs;
  const bool done = std::all_of(s.leg_exits.begin(), s.leg_exits.end(),
                                [&](const LegExit& e) { return open_lots(after, e.key) <= e.keep_lots; });
  if (!done) return;
  s.leg_exits.clear();
  if (const auto type = std::exchange(s.roll_after_exit, std::nullopt); type && !after.empty()) sell_leg(ctx, s, *type);
}

void ManagedStructureStrategy::sell_leg(StrategyContext& ctx, Structure& s, OptionType type) {
  const engine::MarketView& market = ctx.market();
  const auto expiry = market.expiry(params_.expiry);
  // Rolling the winner and a re-hedge go to the ATM strike; a delta
  // rebalance to the structure's own distance (its strike rule) from spot now.
  const bool to_atm =
      params_.adjustment->action == Action::kRollWinner || params_.adjustment->action == Action::kDeltaImbalance;
  StrikeRule atm;
  atm.atm = params_.strikes.atm;
  const auto strike = expiry ? pick_strike(ctx, *expiry, type, to_atm ? atm : params_.strikes) : std::nullopt;
  if (!strike) return ctx.log(fmt::format("structure {}: no strike to roll to", s.id));
  OrderRequest order;
  order.key = OptionKey{*expiry, type, *strike};
  order.side = Side::kSell;
  order.lots = params_.traded_lots();
  order.structure_id = s.id;
  order.note = fmt::format("roll {}", s.adjustments);
  const engine::OrderResult result = ctx.submit(order);
  if (result.reason != engine::RejectReason::kNone) {
    ctx.log(fmt::format("structure {}: roll to {} did not fill ({}); the structure keeps its other leg", s.id,
                        leg_text(order.key), engine::to_string(result.reason)));
  }
  s.settled_at = market.now() + latency();
}

void ManagedStructureStrategy::close_all(StrategyContext& ctx, Structure& s, ExitReason reason) {
  s.closing = reason;
  s.leg_exits.clear();
  s.roll_after_exit.reset();
  for (const OpenLeg& leg : legs_of(ctx, s.id)) ctx.close(leg, leg.lots, reason);
}

}  // namespace tapelab::strategies
