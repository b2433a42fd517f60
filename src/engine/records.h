// What a backtest run records: the trade log (one row per leg round trip),
// the orders log (every order and skipped entry with its outcome and reason),
// one row per strategy and day, and each strategy's day minute by minute.
// The report writers turn these into trades.csv, orders.csv, daily.csv,
// intraday.csv, equity.csv, summary.json and report.html.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/time.h"
#include "engine/config.h"
#include "engine/types.h"

namespace tapelab::engine {

struct TradeRecord {
  std::string strategy;
  std::int64_t structure_id = 0;  // unique within (strategy, date); groups the legs of one entry
  domain::Date date;
  std::string underlying;
  OptionKey key;
  Side side = Side::kSell;        // the opening side
  std::int32_t lots = 0;
  std::int32_t quantity = 0;      // units
  domain::WallNanos entry_time = 0;
  domain::WallNanos exit_time = 0;
  double entry_price = 0;
  double exit_price = 0;
  FillModel fill_model = FillModel::kBidAsk;
  ExitReason exit_reason = ExitReason::kEndOfDay;
  // How the exit was priced: kQuote for a fill, else a square-off fallback
  // (docs/strategy-guide.md#the-engines-rules-in-short, "Intraday"); the age is the price's own.
  ExitPricing exit_pricing = ExitPricing::kQuote;
  bool beyond_depth = false;      // units past the visible levels, at the depth penalty
  std::int64_t exit_quote_age_seconds = 0;
  double gross_points = 0;        // per unit, signed by side: a short leg gains when the price falls
  double gross_rupees = 0;        // gross_points x quantity
  double costs = 0;               // rupees, entry and exit orders
  double net = 0;                 // gross_rupees - costs

  bool operator==(const TradeRecord&) const = default;
};

struct OrderRecord {
  std::string strategy;
  domain::Date date;
  std::string underlying;
  domain::WallNanos time = 0;
  std::int64_t order_id = 0;      // 0 for a log line without an order
  std::int64_t structure_id = 0;
  OptionKey key;
  Side side = Side::kSell;
  std::int32_t lots = 0;
  std::int32_t quantity = 0;
  bool is_limit = false;
  double limit_price = 0;
  OrderStatus status = OrderStatus::kNote;
  std::string reason;             // RejectReason / ExitReason text, or the note
  double price = 0;
  std::int64_t quote_age_seconds = 0;
  double costs = 0;

  bool operator==(const OrderRecord&) const = default;
};

struct DayRecord {
  std::string strategy;
  domain::Date date;
  std::string underlying;
  std::int32_t trades = 0;        // leg round trips closed that day
  std::int32_t structures = 0;
  double gross = 0;
  double costs = 0;
  double net = 0;
  // Peak margin in use during the day (docs/engine-rules.md#margin: naked short lot
  // = the configured margin per lot; long = premium paid; defined risk = max loss).
  double margin = 0;
  // Quotes refused because the book was crossed or locked (fills and marks).
  std::int32_t crossed_book_skips = 0;

  bool operator==(const DayRecord&) const = default;
};

// A strategy's P&L at one whole minute of the session, marked to market
// (docs/engine-rules.md#intraday-path): what the day would show if what is
// open were closed at its mark, before the exit's costs.
struct IntradayPoint {
  domain::WallNanos time = 0;
  std::int32_t open_legs = 0;
  // Open legs without a mark this minute (no fresh quote, a crossed book):
  // held at their last mark, or at their entry price before they had one.
  std::int32_t unmarked_legs = 0;
  double realized = 0;    // net of the leg round trips closed so far (trades.csv's net)
  double unrealized = 0;  // the open legs: side x (mark - entry price) x quantity - their entry costs

  bool operator==(const IntradayPoint&) const = default;
};

// One strategy's day: a point at every whole minute of the session's clock;
// the last one, taken after the square-off and settlement, has realized =
// the day's net and nothing open.
struct IntradayRecord {
  std::string strategy;
  domain::Date date;
  std::string underlying;
  std::vector<IntradayPoint> points;

  bool operator==(const IntradayRecord&) const = default;
};

struct StrategyInfo {
  std::string name;
  std::string description;  // the config's parameters in words, for the report
  ExecutionConfig execution;
  CapitalConfig capital;
  GreeksConfig greeks;
};

// Everything one run produced, sorted deterministically: by strategy name,
// then date, underlying, time, structure and order id.
struct RunRecords {
  std::vector<StrategyInfo> strategies;
  std::vector<TradeRecord> trades;
  std::vector<OrderRecord> orders;
  std::vector<DayRecord> days;
  std::vector<IntradayRecord> intraday;
};

// Sorts the records into the order above: trades by entry time, orders by
// event time, then structure and order id; ties keep the order a day produced
// them in (stable), so the result never depends on thread scheduling.
void sort_records(RunRecords& records);

}  // namespace tapelab::engine
