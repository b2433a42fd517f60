#include "strategies/entry_filters.h"

#include <cmath>

#include <fmt/format.h>

namespace tapelab::strategies {

using domain::OptionType;

void EntryFilters::apply(TomlTable& table) {
  if (const auto only = table.boolean("expiry_day_only")) expiry_day_only = *only;
  if (const auto skew = table.number("max_skew")) {
    if (!(*skew >= 0 && *skew < 1)) table.fail_key("max_skew", "is |CE - PE| / (CE + PE), in [0, 1)");
    max_skew = *skew;
  }
  for (const std::string_view key : {"min_call_distance_pct", "min_put_distance_pct"}) {
    const auto pct = table.number(key);
    if (!pct) continue;
    if (!(*pct >= 0 && *pct < 50)) table.fail_key(key, "must be a percent of spot in [0, 50)");
    (key == "min_call_distance_pct" ? min_call_distance_pct : min_put_distance_pct) = *pct;
  }
}

std::string EntryFilters::rules() const {
  std::string out;
  if (expiry_day_only) out += "  - only on the day the traded expiry expires;\n";
  if (max_skew) {
    out += fmt::format("  - the premium skew |CE - PE| / (CE + PE) of the two legs to be sold (their marks; the bid "
                       "under the `touch` model) is at most {:g};\n",
                       *max_skew);
  }
  if (min_call_distance_pct) {
    out += fmt::format("  - the call strike lies more than {:g}% of spot above spot;\n", *min_call_distance_pct);
  }
  if (min_put_distance_pct) {
    out += fmt::format("  - the put strike lies more than {:g}% of spot below spot;\n", *min_put_distance_pct);
  }
  return out;
}

std::vector<std::string> EntryFilters::summary() const {
  std::vector<std::string> parts;
  if (expiry_day_only) parts.emplace_back("expiry day only");
  if (max_skew) parts.push_back(fmt::format("skew <= {:g}", *max_skew));
  if (min_call_distance_pct) parts.push_back(fmt::format("CE > {:g}% above spot", *min_call_distance_pct));
  if (min_put_distance_pct) parts.push_back(fmt::format("PE > {:g}% below spot", *min_put_distance_pct));
  return parts;
}

std::optional<double> sale_mark(const engine::OptionSnapshot& snapshot, engine::MarkModel model) {
  switch (model) {
    case engine::MarkModel::kMid: return snapshot.mid();
    case engine::MarkModel::kLtp: return snapshot.ltp > 0 ? std::optional(snapshot.ltp) : std::nullopt;
    case engine::MarkModel::kTouch: return snapshot.has_bid() ? std::optional(snapshot.bids[0].price) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> failed_filter(const EntryFilters& filters, const engine::MarketView& market,
                                         const EntryCandidate& candidate, engine::MarkModel model) {
  if (filters.expiry_day_only && candidate.expiry != market.date()) {
    return fmt::format("not the expiry day (the expiry is {})", candidate.expiry.to_string());
  }
  if (filters.max_skew) {
    const auto call = market.option({candidate.expiry, OptionType::kCall, candidate.call_strike});
    const auto put = market.option({candidate.expiry, OptionType::kPut, candidate.put_strike});
    const auto ce = call ? sale_mark(*call, model) : std::nullopt;
    const auto pe = put ? sale_mark(*put, model) : std::nullopt;
    if (!ce || !pe) return std::string("no mark for the skew filter");
    const double skew = std::abs(*ce - *pe) / (*ce + *pe);
    if (skew > *filters.max_skew) return fmt::format("premium skew {:.3f} > {:g}", skew, *filters.max_skew);
  }
  const auto spot = market.spot();
  if ((filters.min_call_distance_pct || filters.min_put_distance_pct) && !spot) return std::string("no spot");
  if (filters.min_call_distance_pct) {
    const double distance = (candidate.call_strike - spot->price) / spot->price * 100;
    if (!(distance > *filters.min_call_distance_pct)) {
      return fmt::format("the {} CE is {:.2f}% above spot, not more than {:g}%", candidate.call_strike, distance,
                         *filters.min_call_distance_pct);
    }
  }
  if (filters.min_put_distance_pct) {
    const double distance = (spot->price - candidate.put_strike) / spot->price * 100;
    if (!(distance > *filters.min_put_distance_pct)) {
      return fmt::format("the {} PE is {:.2f}% below spot, not more than {:g}%", candidate.put_strike, distance,
                         *filters.min_put_distance_pct);
    }
  }
  return std::nullopt;
}

}  // namespace tapelab::strategies
