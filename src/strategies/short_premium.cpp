#include "strategies/short_premium.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "strategies/clock.h"
#include "util/error.h"

namespace tapelab::strategies {

using engine::ExitReason;
using engine::OpenLeg;
using engine::OptionKey;
using engine::OrderRequest;
using engine::Side;
using engine::StrategyContext;
using OptionType = domain::OptionType;

ShortPremiumStrategy::ShortPremiumStrategy(std::string name, ShortPremiumParams params,
                                           engine::ExecutionConfig execution)
    : name_(std::move(name)), params_(std::move(params)), execution_(std::move(execution)) {}

void ShortPremiumStrategy::on_day_start(StrategyContext&) {
  next_entry_ = 0;
  open_.clear();
}

domain::WallNanos ShortPremiumStrategy::latency() const {
  return execution_.latency_seconds * domain::kNanosPerSecond;
}

void ShortPremiumStrategy::on_second(StrategyContext& ctx) {
  const domain::WallNanos now = ctx.market().now();
  // Exits first, so a structure closed this second frees its slot for an
  // entry scheduled at the same second.
  for (Structure& structure : open_) manage(ctx, structure);
  std::erase_if(open_, [&](const Structure& s) { return now >= s.settled_at && legs_of(ctx, s.id).empty(); });

  const std::int32_t second = second_of_day(now);
  while (next_entry_ < params_.entries.size() && params_.entries[next_entry_] <= second) {
    const std::int32_t due = params_.entries[next_entry_++];
    if (due == second) {
      enter(ctx, due);
    } else {
      ctx.log(fmt::format("entry {} skipped: before the session clock started", format_clock(due)));
    }
  }
}

void ShortPremiumStrategy::manage(StrategyContext& ctx, Structure& structure) {
  const domain::WallNanos now = ctx.market().now();
  if (now < structure.settled_at) return;  // opening orders still on their way
  const std::vector<OpenLeg> legs = legs_of(ctx, structure.id);
  if (legs.empty()) return;
  if (structure.closing) {
    if (now >= structure.next_close_try) close(ctx, structure, *structure.closing);
    return;
  }
  if (legs.size() < 2) {
    ctx.log(fmt::format("structure {}: one leg did not fill; buying back {} at once", structure.id,
                        leg_text(legs.front().key)));
    return close(ctx, structure, ExitReason::kNoQuote);
  }
  if (const auto reason = exit_signal(ctx, legs)) close(ctx, structure, *reason);
}

std::optional<ExitReason> ShortPremiumStrategy::exit_signal(StrategyContext& ctx,
                                                            std::span<const OpenLeg> legs) const {
  if (params_.target || params_.stop) {
    // Per unit, signed so that a short leg adds its premium.
    double credit = 0;
    double cost_to_close = 0;
    bool marked = true;
    for (const OpenLeg& leg : legs) {
      const auto mark = ctx.mark(leg.key, execution_.mark_model);
      if (!mark) {
        marked = false;
        break;
      }
      credit -= engine::sign(leg.side) * leg.entry_price;
      cost_to_close -= engine::sign(leg.side) * *mark;
    }
    if (marked && credit > 0) {
      if (params_.stop && cost_to_close - credit >= *params_.stop * credit) return ExitReason::kStop;
      if (params_.target && credit - cost_to_close >= *params_.target * credit) return ExitReason::kTarget;
    }
  }
  if (params_.max_hold_seconds) {
    domain::WallNanos opened = legs.front().entry_time;
    for (const OpenLeg& leg : legs) opened = std::min(opened, leg.entry_time);
    if (ctx.market().now() - opened >= std::int64_t{*params_.max_hold_seconds} * domain::kNanosPerSecond) {
      return ExitReason::kTime;
    }
  }
  return std::nullopt;
}

void ShortPremiumStrategy::close(StrategyContext& ctx, Structure& structure, ExitReason reason) {
  structure.closing = reason;
  structure.next_close_try = ctx.market().now() + latency() + domain::kNanosPerSecond;
  for (const OpenLeg& leg : legs_of(ctx, structure.id)) {
    structure.closer.close(ctx, leg, leg.lots, reason, execution_.latency_seconds);
  }
}

void ShortPremiumStrategy::enter(StrategyContext& ctx, std::int32_t due) {
  const std::string when = format_clock(due);
  const auto skip = [&](std::string_view why) { ctx.log(fmt::format("entry {} skipped: {}", when, why)); };
  if (static_cast<std::int32_t>(open_.size()) >= params_.max_open_structures) {
    return skip(fmt::format("{} structure(s) open, max_open_structures = {}", open_.size(),
                            params_.max_open_structures));
  }
  if (due >= execution_.square_off_seconds) return skip("at or after the square-off time");
  const engine::MarketView& market = ctx.market();
  const auto expiry = market.expiry(params_.expiry);
  if (!expiry) return skip("no expiry matches the expiry choice");

  const auto strike = [&](OptionType type) {
    if (params_.structure == ShortPremiumParams::Structure::kStraddle) {
      return market.atm_strike(*expiry, type, params_.atm);
    }
    return market.otm_by_percent(*expiry, type, params_.otm_pct);
  };
  const auto call_strike = strike(OptionType::kCall);
  const auto put_strike = strike(OptionType::kPut);
  if (!call_strike || !put_strike) return skip("no spot or no listed strike on the chosen expiry");

  OrderRequest call;
  call.key = OptionKey{*expiry, OptionType::kCall, *call_strike};
  call.side = Side::kSell;
  call.lots = params_.lots;
  call.note = "entry " + when;
  const engine::OrderResult call_fill = ctx.submit(call);
  // A rejection is final; without one the order filled or waits for its fill time (latency).
  if (call_fill.reason != engine::RejectReason::kNone) {
    return skip(fmt::format("{} did not fill ({})", leg_text(call.key), engine::to_string(call_fill.reason)));
  }

  OrderRequest put = call;
  put.key = OptionKey{*expiry, OptionType::kPut, *put_strike};
  put.structure_id = call_fill.structure_id;
  const engine::OrderResult put_fill = ctx.submit(put);
  Structure structure;
  structure.id = call_fill.structure_id;
  structure.settled_at = market.now() + latency();
  if (put_fill.reason != engine::RejectReason::kNone && call_fill.filled) {
    ctx.log(fmt::format("entry {}: {} did not fill ({}); buying back {} at once", when, leg_text(put.key),
                        engine::to_string(put_fill.reason), leg_text(call.key)));
    close(ctx, structure, ExitReason::kNoQuote);
  }
  open_.push_back(structure);
}

}  // namespace tapelab::strategies
