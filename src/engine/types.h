// Vocabulary of the chain engine: contract keys, sides, fill models, and the
// reasons an order does not fill or a leg exits. Shared by the engine, the
// strategies and the report writers.
#pragma once

#include <cstdint>
#include <string_view>

#include "domain/contract.h"
#include "domain/date.h"
#include "util/enum_names.h"

namespace tapelab::engine {

// Contract identity within one underlying's day: (expiry, CE/PE, strike).
// Never (type, strike) alone: the same strike trades in several expiries.
struct OptionKey {
  domain::Date expiry;
  domain::OptionType type = domain::OptionType::kCall;
  std::int32_t strike = 0;
  auto operator<=>(const OptionKey&) const = default;
};

enum class Side { kBuy, kSell };
inline constexpr auto kSideNames = enum_names<Side>({{Side::kBuy, "BUY"}, {Side::kSell, "SELL"}});
std::string_view to_string(Side);
inline int sign(Side s) { return s == Side::kBuy ? 1 : -1; }
inline Side opposite(Side s) { return s == Side::kBuy ? Side::kSell : Side::kBuy; }

// How a market order's price is found (docs/engine-rules.md#fills).
//   kBidAsk  sell at the bid, buy at the ask, several lots walk the 5 levels (default)
//   kLtp     at the last traded price (to compare with the users' older results)
//   kMid     at (bid + ask) / 2 of level 0
enum class FillModel { kBidAsk, kLtp, kMid };
inline constexpr auto kFillModelNames =
    enum_names<FillModel>({{FillModel::kBidAsk, "bid_ask"}, {FillModel::kLtp, "ltp"}, {FillModel::kMid, "mid"}});
std::string_view to_string(FillModel);

// Which price decides targets and stops (docs/engine-rules.md#targets-and-stops):
// mid by default, ltp to reproduce the users' numbers, touch = what closing would
// cost (ask for a short leg, bid for a long one).
enum class MarkModel { kMid, kLtp, kTouch };
inline constexpr auto kMarkModelNames =
    enum_names<MarkModel>({{MarkModel::kMid, "mid"}, {MarkModel::kLtp, "ltp"}, {MarkModel::kTouch, "touch"}});
std::string_view to_string(MarkModel);

// ATM conventions (docs/engine-rules.md#strike-selection): `nearest` rounds
// spot to the strike step; `ce_up_pe_down` gives the CE the strike at or above
// spot and the PE the strike at or below (spot 26023 -> CE 26050, PE 26000).
enum class AtmConvention { kNearest, kCeUpPeDown };
inline constexpr auto kAtmConventionNames = enum_names<AtmConvention>(
    {{AtmConvention::kNearest, "nearest"}, {AtmConvention::kCeUpPeDown, "ce_up_pe_down"}});
std::string_view to_string(AtmConvention);

// Why an order did not fill.
enum class RejectReason {
  kNone,
  kNoQuote,       // the contract has no row at or before the fill time, or the side is empty (price 0)
  kStaleQuote,    // the visible row is older than the configured maximum age
  kNoDepth,       // the 5 visible levels hold fewer units than the order
  kLimitNotCrossed,  // a limit order whose price the book did not reach (it keeps resting)
  kUnknownContract,  // no such contract in the day's data
  kAfterSquareOff,   // an entry submitted at or after the square-off time
  kCrossedBook,      // best bid at or above best ask: the quote is not fillable (unless configured)
  kRegimeFilter,     // an entry in a regime the strategy's entry_regimes leaves out
};
inline constexpr auto kRejectReasonNames = enum_names<RejectReason>({
    {RejectReason::kNone, "none"},
    {RejectReason::kNoQuote, "no-quote"},
    {RejectReason::kStaleQuote, "stale-quote"},
    {RejectReason::kNoDepth, "no-depth"},
    {RejectReason::kLimitNotCrossed, "limit-not-crossed"},
    {RejectReason::kUnknownContract, "unknown-contract"},
    {RejectReason::kAfterSquareOff, "after-square-off"},
    {RejectReason::kCrossedBook, "crossed-book"},
    {RejectReason::kRegimeFilter, "regime-filter"},
});
std::string_view to_string(RejectReason);

// How a leg's exit price was found (docs/strategy-guide.md#the-engines-rules-in-short, "Intraday"):
//   kQuote      against a quote no older than the maximum age
//   kStale      at square-off, against the leg's last visible quote, older than that
//   kLastTrade  at square-off, at a last traded price whose trade is recent
//   kSettled    an expiring leg with no quote after entry, at intrinsic value
//   kUnpriced   no quote after entry: the opposite side of the last quote it had
enum class ExitPricing { kQuote, kStale, kLastTrade, kSettled, kUnpriced };
inline constexpr auto kExitPricingNames = enum_names<ExitPricing>({
    {ExitPricing::kQuote, "quote"},
    {ExitPricing::kStale, "stale"},
    {ExitPricing::kLastTrade, "last-trade"},
    {ExitPricing::kSettled, "settled"},
    {ExitPricing::kUnpriced, "unpriced"},
});
std::string_view to_string(ExitPricing);

// Why a leg was closed (docs/engine-rules.md#outputs).
enum class ExitReason { kTarget, kStop, kTrail, kTime, kSignal, kAdjustment, kEndOfDay, kNoQuote };
inline constexpr auto kExitReasonNames = enum_names<ExitReason>({
    {ExitReason::kTarget, "target"},
    {ExitReason::kStop, "stop"},
    {ExitReason::kTrail, "trail"},
    {ExitReason::kTime, "time"},
    {ExitReason::kSignal, "signal"},
    {ExitReason::kAdjustment, "adjustment"},
    {ExitReason::kEndOfDay, "end-of-day"},
    {ExitReason::kNoQuote, "no-quote"},
});
std::string_view to_string(ExitReason);

// An orders-log line's outcome (docs/engine-rules.md#outputs): an order filled,
// was rejected, rests as a limit waiting for the book, was cancelled (by the
// strategy, or a closing order whose leg another order closed first) or
// expired at square-off; kNote is a strategy's log line, not an order.
enum class OrderStatus { kFilled, kRejected, kResting, kCancelled, kExpired, kNote };
inline constexpr auto kOrderStatusNames = enum_names<OrderStatus>({
    {OrderStatus::kFilled, "filled"},
    {OrderStatus::kRejected, "rejected"},
    {OrderStatus::kResting, "resting"},
    {OrderStatus::kCancelled, "cancelled"},
    {OrderStatus::kExpired, "expired"},
    {OrderStatus::kNote, "note"},
});
std::string_view to_string(OrderStatus);

}  // namespace tapelab::engine
