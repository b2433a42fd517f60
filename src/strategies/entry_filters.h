// Conditions an entry of a structure strategy must meet at its second
// (backtesting.md's Theta family and the advisers' structures): the expiry
// day, the premium skew of the legs to be sold, and how far the short strikes
// lie from spot. Each is off unless its key is given. In TOML:
//
//   expiry_day_only = true          # only on the traded expiry's own day
//   max_skew = 0.2                  # |CE - PE| / (CE + PE) of the short legs' premiums
//   min_call_distance_pct = 0.5     # the short CE strike more than 0.5% above spot
//   min_put_distance_pct = 0        # the short PE strike below spot
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/market_view.h"
#include "engine/types.h"
#include "strategies/toml_table.h"

namespace tapelab::strategies {

struct EntryFilters {
  bool expiry_day_only = false;
  std::optional<double> max_skew;
  std::optional<double> min_call_distance_pct;
  std::optional<double> min_put_distance_pct;

  void apply(TomlTable& table);
  // Markdown list items, one per filter that is on ("" when none is).
  std::string rules() const;
  // Short phrases for the one-line summary.
  std::vector<std::string> summary() const;
};

// The short legs an entry would sell.
struct EntryCandidate {
  domain::Date expiry;
  std::int32_t call_strike = 0;
  std::int32_t put_strike = 0;
};

// The premium a leg not yet sold would be judged by: its mark under `model`,
// where `touch` is the bid (what selling gets). nullopt without a quote.
std::optional<double> sale_mark(const engine::OptionSnapshot& snapshot, engine::MarkModel model);

// Why the entry may not open now, in words for the orders log; nullopt when
// every filter passes.
std::optional<std::string> failed_filter(const EntryFilters& filters, const engine::MarketView& market,
                                         const EntryCandidate& candidate, engine::MarkModel model);

}  // namespace tapelab::strategies
