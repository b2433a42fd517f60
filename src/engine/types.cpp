#include "engine/types.h"

namespace tapelab::engine {

std::string_view to_string(Side side) { return side == Side::kBuy ? "BUY" : "SELL"; }

std::string_view to_string(FillModel model) {
  switch (model) {
    case FillModel::kBidAsk: return "bid_ask";
    case FillModel::kLtp: return "ltp";
    case FillModel::kMid: return "mid";
  }
  return "?";
}

std::string_view to_string(MarkModel model) {
  switch (model) {
    case MarkModel::kMid: return "mid";
    case MarkModel::kLtp: return "ltp";
    case MarkModel::kTouch: return "touch";
  }
  return "?";
}

std::string_view to_string(AtmConvention convention) {
  return convention == AtmConvention::kNearest ? "nearest" : "ce_up_pe_down";
}

std::string_view to_string(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNone: return "none";
    case RejectReason::kNoQuote: return "no-quote";
    case RejectReason::kStaleQuote: return "stale-quote";
    case RejectReason::kNoDepth: return "no-depth";
    case RejectReason::kLimitNotCrossed: return "limit-not-crossed";
    case RejectReason::kUnknownContract: return "unknown-contract";
    case RejectReason::kAfterSquareOff: return "after-square-off";
    case RejectReason::kCrossedBook: return "crossed-book";
  }
  return "?";
}

std::string_view to_string(ExitReason reason) {
  switch (reason) {
    case ExitReason::kTarget: return "target";
    case ExitReason::kStop: return "stop";
    case ExitReason::kTrail: return "trail";
    case ExitReason::kTime: return "time";
    case ExitReason::kSignal: return "signal";
    case ExitReason::kAdjustment: return "adjustment";
    case ExitReason::kEndOfDay: return "end-of-day";
    case ExitReason::kNoQuote: return "no-quote";
  }
  return "?";
}

std::string_view to_string(ExitPricing pricing) {
  switch (pricing) {
    case ExitPricing::kQuote: return "quote";
    case ExitPricing::kStale: return "stale";
    case ExitPricing::kLastTrade: return "last-trade";
    case ExitPricing::kSettled: return "settled";
    case ExitPricing::kUnpriced: return "unpriced";
  }
  return "?";
}

}  // namespace tapelab::engine
