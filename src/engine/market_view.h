// What strategy code sees at the clock: the as-of state of one underlying's
// day (spot, futures, the option chains) at the current second, and nothing
// later.
//
// Design note. The view is the only door from a strategy to the data: it holds
// the day's tape privately and every accessor answers "the last row with
// timestamp <= now". Per-contract cursors move forward with the clock, so a
// lookup is O(1) amortized and a strategy cannot ask for a row after the
// clock (there is no API that takes a time). Ages are in whole seconds.
// Contracts of expiries before the day are not part of the view. A view is
// not thread-safe (lookups move cursors); each day runs on one thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/time.h"
#include "domain/underlying.h"
#include "engine/types.h"
#include "market/day_tape.h"

namespace tapelab::engine {

struct BookLevelView {
  double price = 0;        // 0 = empty level
  std::int32_t qty = 0;
};

// A contract's last snapshot at or before the clock.
struct OptionSnapshot {
  OptionKey key;
  std::int32_t lot_size = 0;
  domain::WallNanos time = 0;   // the row's timestamp
  std::int64_t age_seconds = 0; // now - time
  double ltp = 0;
  // now - lastTradeTime: how old the LTP is (nullopt: no trade time, or the
  // trade columns are not loaded). The row's own age says nothing about it.
  std::optional<std::int64_t> trade_age_seconds;
  std::array<BookLevelView, market::kBookLevels> bids{};  // empty levels hold price 0 (or are not loaded)
  std::array<BookLevelView, market::kBookLevels> asks{};
  std::int64_t volume = 0;        // cumulative day volume
  std::int64_t volume_last_second = 0;  // sum of vol_delta of rows in (now - 1 s, now]
  std::int64_t oi = 0;

  bool has_bid() const { return bids[0].price > 0; }
  bool has_ask() const { return asks[0].price > 0; }
  // Best bid at or above best ask: a locked or crossed book.
  bool crossed() const { return has_bid() && has_ask() && bids[0].price >= asks[0].price; }
  // (bid + ask) / 2 when both sides are quoted.
  std::optional<double> mid() const;
};

// A contract of the day's tape, found once by MarketView::find, for code
// that reads the same contracts every second without a key lookup each time.
struct ContractId {
  std::size_t index = 0;
};

// What per-second indicators read of a contract's as-of row: the LTP, each
// book's best level and depth, and the volume of the last second. The same
// numbers as an OptionSnapshot's, without copying all of it: the signal
// presets read about ten contracts every second, and building snapshots for
// them was a fifth of their time (BENCHMARKS.md, "Signal presets").
struct QuoteSummary {
  double ltp = 0;
  BookLevelView bid;
  BookLevelView ask;
  std::int64_t bid_depth = 0;  // units over the loaded levels
  std::int64_t ask_depth = 0;
  std::int64_t volume_last_second = 0;
};

// A scalar series value (spot or futures) with its age.
struct SeriesValue {
  double price = 0;
  domain::WallNanos time = 0;
  std::int64_t age_seconds = 0;
  std::optional<domain::Date> expiry;  // futures: the contract's expiry (when the tape has it)
};

// Which expiry a strategy trades (docs/engine-rules.md#expiry-choice: nearest unless asked).
struct ExpiryChoice {
  enum class Kind { kNearest, kNext, kDteRange } kind = Kind::kNearest;
  std::int32_t min_dte = 0;  // kDteRange: the nearest expiry with dte in [min_dte, max_dte]
  std::int32_t max_dte = 0;

  // How many of the nearest expiries (on or after the day) this choice can
  // land on: 1 = the nearest, 2 = nearest and next; 0 = any (a DTE range).
  int expiries_needed() const { return kind == Kind::kNearest ? 1 : kind == Kind::kNext ? 2 : 0; }
  // The largest DTE it can land on (a DTE range; nullopt otherwise).
  std::optional<std::int32_t> max_dte_needed() const {
    return kind == Kind::kDteRange ? std::optional(max_dte) : std::nullopt;
  }
};

class MarketView {
 public:
  // `tape` must outlive the view. `dte` of each expiry is computed once per
  // day from the trading calendar.
  explicit MarketView(const market::DayTape& tape);

  // Moves the clock forward (never backward: throws Error).
  void advance_to(domain::WallNanos now);

  domain::WallNanos now() const { return now_; }
  domain::Date date() const { return tape_->date; }
  const std::string& underlying() const { return tape_->underlying; }
  const domain::Underlying& underlying_info() const { return *info_; }
  std::int32_t strike_step() const { return info_->strike_step; }

  std::optional<SeriesValue> spot() const;
  std::optional<SeriesValue> futures() const;
  // The last spot row with a price > 0 at or before now, with its age. A
  // recorder writes 0 when it has no value; a strategy that took it for spot
  // would pick strikes or divide by it, so such rows are skipped, and
  // strategies and Greeks read spot through these two.
  std::optional<SeriesValue> usable_spot() const;
  std::optional<double> spot_price() const;

  // Expiries on or after the trading day that a trader knows of at the clock
  // (docs/engine-rules.md#no-look-ahead): those the exchange's calendar lists
  // in advance, from the open, and any other only once one of its contracts
  // has printed. Only expiries the day's data carries are candidates.
  std::span<const domain::Date> expiries() const { return visible_expiries_; }
  std::optional<domain::Date> expiry(const ExpiryChoice& choice) const;
  std::int32_t dte(domain::Date expiry) const;  // trading days from the day to the expiry

  // Strikes of an expiry with at least one row of this type at or before now
  // (ascending): a strike listed later in the day is not visible before it prints.
  std::span<const std::int32_t> strikes(domain::Date expiry, domain::OptionType type) const;
  // The contract's snapshot as of now; nullopt when it has not printed yet or
  // is not in the day's data. Throws Error for a strike outside the tape's
  // strike window (a strategy that reaches further than its spec declares),
  // as lot_size and last_usable do.
  std::optional<OptionSnapshot> option(const OptionKey& key) const;
  // The contract of `key` in the day's data (nullopt: not in it); throws
  // outside the strike window as option() does.
  std::optional<ContractId> find(const OptionKey& key) const;
  // option() of a found contract reduced to what indicators read; nullopt
  // before its first row. Taken once per contract and second: the signal
  // presets of a run watch mostly the same contracts around ATM, and a
  // summary reads about twenty columns at rows far apart in memory.
  std::optional<QuoteSummary> quote_summary(ContractId contract) const;
  // The lot size of a contract that has printed at or before now; 0 for one
  // that has not printed yet and for one not in the data, which a strategy
  // cannot tell apart at the clock.
  std::int32_t lot_size(const OptionKey& key) const;
  // The newest row at or before now whose `usable` says it carries the price
  // an order needs, for closing a leg at its last visible quote (docs/engine-rules.md#square-off).
  // The predicate sees the snapshot of each earlier row, newest first.
  template <typename Usable>
  std::optional<OptionSnapshot> last_usable(const OptionKey& key, Usable usable) const {
    const std::optional<std::size_t> c = contract_index(key);
    if (!c) return std::nullopt;
    const std::size_t begin = tape_->contracts[*c].begin;
    for (std::size_t row = visible_end(*c); row > begin; --row) {
      OptionSnapshot snap = snapshot(*c, row - 1);
      if (usable(snap)) return snap;
    }
    return std::nullopt;
  }

  // Where the money is on an expiry's chain as of now (nullopt when the chain
  // or spot is missing); the strike rules built on them are in
  // strategies/strike_rule.h.
  std::optional<std::int32_t> atm_strike(domain::Date expiry, domain::OptionType type, AtmConvention convention) const;
  // The listed strike nearest to a target price (ties to the lower strike).
  std::optional<std::int32_t> nearest_strike(domain::Date expiry, domain::OptionType type, double target) const;

 private:
  // When a strike of a chain first printed.
  struct FirstPrint {
    domain::WallNanos time = 0;
    std::int32_t strike = 0;
  };
  // One (expiry, type) chain: its strikes in order of their first row, so
  // strikes become visible only once they have printed. Those a strike window
  // left unloaded are listed too (market::DayTape::unloaded): the chain a
  // strategy sees is the file's, and only their quotes are out of reach.
  struct Chain {
    domain::Date expiry;
    domain::OptionType type = domain::OptionType::kCall;
    std::vector<FirstPrint> by_first_row;  // ascending first-row time
    std::size_t printed = 0;               // how many of by_first_row have printed by now
    std::vector<std::int32_t> strikes;     // printed strikes, ascending
  };
  void add_chains();

  std::optional<std::size_t> contract_index(const OptionKey& key) const;
  const Chain* chain(domain::Date expiry, domain::OptionType type) const;
  // One past the contract's last row at or before now (its begin when none);
  // moves the contract's cursor forward.
  std::size_t visible_end(std::size_t contract) const;
  OptionSnapshot snapshot(std::size_t contract, std::size_t row) const;
  // The sum of vol_delta over the contract's rows in (now - 1 s, now] up to `row`.
  std::int64_t volume_last_second(std::size_t contract, std::size_t row) const;
  std::optional<SeriesValue> series_value(const market::SeriesColumns& series, std::size_t visible_end) const;

  const market::DayTape* tape_;
  const domain::Underlying* info_;
  domain::WallNanos now_;
  std::vector<domain::Date> expiries_;          // on or after the day, ascending
  std::vector<std::int32_t> dte_;               // parallel to expiries_
  // Parallel to expiries_: when the expiry becomes known (the open when the
  // calendar lists it, else its first printed row; max when neither).
  std::vector<domain::WallNanos> known_from_;
  std::vector<domain::Date> visible_expiries_;  // expiries_ known at now_, ascending
  std::vector<std::size_t> contracts_by_key_;   // indices into tape_->contracts, sorted by OptionKey
  std::vector<Chain> chains_;                   // sorted by (expiry, type)
  // Per contract: one past its last row at or before the clock. Mutable so a
  // const lookup can catch up lazily (amortized O(1) per row); a view is used
  // by one thread at a time.
  mutable std::vector<std::size_t> cursor_;
  // Per contract: the last quote_summary() and the clock it was taken at.
  mutable std::vector<std::optional<QuoteSummary>> summaries_;
  mutable std::vector<domain::WallNanos> summarized_at_;
  std::size_t spot_end_ = 0;
  std::optional<std::size_t> usable_spot_row_;  // the last spot row < spot_end_ with price > 0
  std::size_t futures_end_ = 0;
};

}  // namespace tapelab::engine
