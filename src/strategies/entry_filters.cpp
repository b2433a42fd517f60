#include "strategies/entry_filters.h"

#include <cmath>

#include <fmt/format.h>

namespace tapelab::strategies {

using domain::OptionType;

namespace {

constexpr std::int64_t kSecondsPerDay = 24 * 3600;
// 1-minute returns a year: 375 session minutes x 252 sessions.
constexpr double kMinutesPerYear = 375.0 * 252;

void apply_window(TomlTable& table, std::string_view key, std::string_view what,
                  std::optional<EntryFilters::Window>& window) {
  auto inner = table.table(key);
  if (!inner) return;
  const auto minutes = inner->integer("minutes");
  const auto pct = inner->number("pct");
  inner->reject_unknown();
  if (!minutes || !pct) table.fail_key(key, fmt::format("needs minutes and pct ({})", what));
  if (*minutes < 1 || *minutes > 375) inner->fail_key("minutes", "must be between 1 and 375");
  if (!(*pct > 0)) inner->fail_key("pct", "must be > 0");
  window = EntryFilters::Window{static_cast<std::int32_t>(*minutes), *pct};
}

}  // namespace

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
  if (const auto pct = table.number("max_day_range_pct")) {
    if (!(*pct > 0)) table.fail_key("max_day_range_pct", "must be a percent of spot > 0");
    max_day_range_pct = *pct;
  }
  apply_window(table, "max_range", "spot's high - low over the last minutes, percent of spot", max_range);
  apply_window(table, "max_realized_vol", "annualized percent from 1-minute closes", max_realized_vol);
}

EntryFilterState::EntryFilterState(const EntryFilters& filters) : filters_(&filters) { start_day(); }

void EntryFilterState::start_day() {
  day_.reset();
  window_.reset();
  minute_bars_.reset();
  realized_.reset();
  if (filters_->max_day_range_pct) day_.emplace(kSecondsPerDay);
  if (filters_->max_range) window_.emplace(std::int64_t{filters_->max_range->minutes} * 60);
  if (filters_->max_realized_vol) {
    minute_bars_.emplace(60);
    realized_.emplace(static_cast<std::size_t>(filters_->max_realized_vol->minutes));
  }
}

void EntryFilterState::update(const engine::MarketView& market) {
  const auto spot = market.spot();
  if (!spot || !(spot->price > 0)) return;
  spot_ = spot->price;
  const std::int64_t second = market.now() / domain::kNanosPerSecond;
  if (day_) day_->update(second, spot_);
  if (window_) window_->update(second, spot_);
  if (minute_bars_ && minute_bars_->update(second, spot_)) realized_->update(minute_bars_->last_closed()->close);
}

std::optional<double> EntryFilterState::day_range_pct() const {
  const auto range = day_ ? day_->range() : std::nullopt;
  if (!range) return std::nullopt;
  return *range / spot_ * 100;
}

std::optional<double> EntryFilterState::range_pct() const {
  if (!window_ || !window_->full()) return std::nullopt;
  return *window_->range() / spot_ * 100;
}

std::optional<double> EntryFilterState::realized_vol_pct() const {
  if (!realized_ || !realized_->full()) return std::nullopt;
  return *realized_->annualized(kMinutesPerYear) * 100;
}

std::string EntryFilters::rules() const {
  std::string out;
  if (expiry_day_only) out += "  - only on the day the traded expiry expires;\n";
  if (max_skew) {
    out += fmt::format(
        "  - the premium skew |CE - PE| / (CE + PE) of the two legs to be sold (their marks; the bid "
        "under the `touch` model) is at most {:g};\n",
        *max_skew);
  }
  if (min_call_distance_pct) {
    out += fmt::format("  - the call strike lies more than {:g}% of spot above spot;\n", *min_call_distance_pct);
  }
  if (min_put_distance_pct) {
    out += fmt::format("  - the put strike lies more than {:g}% of spot below spot;\n", *min_put_distance_pct);
  }
  if (max_day_range_pct) {
    out += fmt::format(
        "  - spot's range since the open (high - low of its per-second values) is below {:g}% of "
        "spot;\n",
        *max_day_range_pct);
  }
  if (max_range) {
    out += fmt::format(
        "  - spot's range over the last {} minutes is below {:g}% of spot (not before {} minutes of "
        "the session have passed);\n",
        max_range->minutes, max_range->pct, max_range->minutes);
  }
  if (max_realized_vol) {
    out += fmt::format(
        "  - spot's realized volatility, from the log returns of its last {} 1-minute closes "
        "(sqrt of their mean square, annualized with 375 x 252 minutes), is below {:g}%;\n",
        max_realized_vol->minutes, max_realized_vol->pct);
  }
  return out;
}

std::vector<std::string> EntryFilters::summary() const {
  std::vector<std::string> parts;
  if (expiry_day_only) parts.emplace_back("expiry day only");
  if (max_skew) parts.push_back(fmt::format("skew <= {:g}", *max_skew));
  if (min_call_distance_pct) parts.push_back(fmt::format("CE > {:g}% above spot", *min_call_distance_pct));
  if (min_put_distance_pct) parts.push_back(fmt::format("PE > {:g}% below spot", *min_put_distance_pct));
  if (max_day_range_pct) parts.push_back(fmt::format("day range < {:g}%", *max_day_range_pct));
  if (max_range) parts.push_back(fmt::format("{}-min range < {:g}%", max_range->minutes, max_range->pct));
  if (max_realized_vol) {
    parts.push_back(fmt::format("{}-min realized vol < {:g}%", max_realized_vol->minutes, max_realized_vol->pct));
  }
  return parts;
}

std::optional<double> sale_mark(const engine::OptionSnapshot& snapshot, engine::MarkModel model) {
  switch (model) {
    case engine::MarkModel::kMid:
      return snapshot.mid();
    case engine::MarkModel::kLtp:
      return snapshot.ltp > 0 ? std::optional(snapshot.ltp) : std::nullopt;
    case engine::MarkModel::kTouch:
      return snapshot.has_bid() ? std::optional(snapshot.bids[0].price) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> failed_filter(const EntryFilters& filters, const EntryFilterState& state,
                                         const engine::MarketView& market, const EntryCandidate& candidate,
                                         engine::MarkModel model) {
  if (filters.expiry_day_only && candidate.expiry != market.date()) {
    return fmt::format("not the expiry day (the expiry is {})", candidate.expiry.to_string());
  }
  if (filters.max_skew) {
    const auto call = market.option({candidate.expiry, OptionType::kCall, candidate.call_strike});
    const auto put = market.option({candidate.expiry, OptionType::kPut, candidate.put_strike});
    if (!call || !put) return std::string("no mark for the skew filter");
    const auto ce = sale_mark(*call, model);
    const auto pe = sale_mark(*put, model);
    if (!ce || !pe) return std::string("no mark for the skew filter");
    // value_or, not *: GCC 12 at -O3 takes *pe for a read of an unset optional (-Wmaybe-uninitialized).
    const double ce_mark = ce.value_or(0);
    const double pe_mark = pe.value_or(0);
    const double skew = std::abs(ce_mark - pe_mark) / (ce_mark + pe_mark);
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
  if (filters.max_day_range_pct) {
    const auto range = state.day_range_pct();
    if (!range) return std::string("no spot yet for the day's range");
    if (!(*range < *filters.max_day_range_pct)) {
      return fmt::format("the day's range {:.3f}% is not below {:g}%", *range, *filters.max_day_range_pct);
    }
  }
  if (filters.max_range) {
    const auto range = state.range_pct();
    if (!range) return fmt::format("less than {} minutes of spot for the range", filters.max_range->minutes);
    if (!(*range < filters.max_range->pct)) {
      return fmt::format("the {}-minute range {:.3f}% is not below {:g}%", filters.max_range->minutes, *range,
                         filters.max_range->pct);
    }
  }
  if (filters.max_realized_vol) {
    const auto vol = state.realized_vol_pct();
    if (!vol)
      return fmt::format("fewer than {} 1-minute returns for realized volatility", filters.max_realized_vol->minutes);
    if (!(*vol < filters.max_realized_vol->pct)) {
      return fmt::format("realized volatility {:.2f}% is not below {:g}%", *vol, filters.max_realized_vol->pct);
    }
  }
  return std::nullopt;
}

}  // namespace tapelab::strategies
