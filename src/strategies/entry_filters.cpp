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
  if (auto spike = table.table("iv_spike")) {
    IvSpike rule;
    const auto minutes = spike->integer("minutes");
    const auto rise = spike->number("rise");
    spike->reject_unknown();
    if (!minutes || !rise) table.fail_key("iv_spike", "needs minutes and rise (IV now / its low - 1)");
    if (*minutes < 1 || *minutes > 375) spike->fail_key("minutes", "must be between 1 and 375");
    if (!(*rise > 0)) spike->fail_key("rise", "must be > 0");
    rule.minutes = static_cast<std::int32_t>(*minutes);
    rule.rise = *rise;
    iv_spike = rule;
  }
}

EntryFilterState::EntryFilterState(const EntryFilters& filters) : filters_(&filters) { start_day(); }

void EntryFilterState::start_day() {
  day_.reset();
  window_.reset();
  minute_bars_.reset();
  realized_.reset();
  atm_iv_.reset();
  atm_iv_now_.reset();
  if (filters_->iv_spike) atm_iv_.emplace(std::int64_t{filters_->iv_spike->minutes} * 60);
  if (filters_->max_day_range_pct) day_.emplace(kSecondsPerDay);
  if (filters_->max_range) window_.emplace(std::int64_t{filters_->max_range->minutes} * 60);
  if (filters_->max_realized_vol) {
    minute_bars_.emplace(60);
    realized_.emplace(static_cast<std::size_t>(filters_->max_realized_vol->minutes));
  }
}

void EntryFilterState::update(const engine::StrategyContext& ctx, const engine::ExpiryChoice& expiry_choice) {
  const engine::MarketView& market = ctx.market();
  if (atm_iv_) {
    // The ATM straddle's IV this second: the mean of its CE's and PE's, when both have one.
    atm_iv_now_.reset();
    const auto expiry = market.expiry(expiry_choice);
    const auto call =
        expiry ? market.atm_strike(*expiry, OptionType::kCall, engine::AtmConvention::kNearest) : std::nullopt;
    const auto put =
        expiry ? market.atm_strike(*expiry, OptionType::kPut, engine::AtmConvention::kNearest) : std::nullopt;
    if (call && put) {
      const engine::OptionGreeks ce = ctx.greeks().option({*expiry, OptionType::kCall, *call});
      const engine::OptionGreeks pe = ctx.greeks().option({*expiry, OptionType::kPut, *put});
      if (ce.ok() && pe.ok()) {
        atm_iv_now_ = (ce.iv + pe.iv) / 2;
        atm_iv_->update(market.now() / domain::kNanosPerSecond, *atm_iv_now_);
      }
    }
  }
  if (!day_ && !window_ && !minute_bars_) return;  // no spot filter: nothing to feed
  const std::optional<double> spot = market.spot_price();
  if (!spot) return;
  spot_ = *spot;
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

std::optional<EntryFilterState::IvRise> EntryFilterState::iv_rise() const {
  if (!atm_iv_ || !atm_iv_now_ || !atm_iv_->full()) return std::nullopt;
  const double low = *atm_iv_->low();
  return IvRise{*atm_iv_now_, low, *atm_iv_now_ / low - 1};
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
  if (iv_spike) {
    out += fmt::format(
        "  - the ATM straddle's implied volatility (the mean of its CE's and PE's, engine/greeks.h) is "
        "at least {:g}% above its lowest of the last {} minutes (after {} minutes of it);\n",
        iv_spike->rise * 100, iv_spike->minutes, iv_spike->minutes);
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
  if (iv_spike) parts.push_back(fmt::format("ATM IV +{:g}% in {} min", iv_spike->rise * 100, iv_spike->minutes));
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

std::optional<std::string> failed_day_filter(const EntryFilters& filters, const engine::MarketView& market,
                                             domain::Date expiry) {
  if (filters.expiry_day_only && expiry != market.date()) {
    return fmt::format("not the expiry day (the expiry is {})", expiry.to_string());
  }
  return std::nullopt;
}

std::optional<std::string> failed_filter(const EntryFilters& filters, const EntryFilterState& state,
                                         const engine::MarketView& market, const EntryCandidate& candidate,
                                         engine::MarkModel model) {
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
  const std::optional<double> spot = market.spot_price();
  if ((filters.min_call_distance_pct || filters.min_put_distance_pct) && !spot) return std::string("no spot");
  if (filters.min_call_distance_pct) {
    const double distance = (candidate.call_strike - *spot) / *spot * 100;
    if (!(distance > *filters.min_call_distance_pct)) {
      return fmt::format("the {} CE is {:.2f}% above spot, not more than {:g}%", candidate.call_strike, distance,
                         *filters.min_call_distance_pct);
    }
  }
  if (filters.min_put_distance_pct) {
    const double distance = (*spot - candidate.put_strike) / *spot * 100;
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
  if (filters.iv_spike) {
    const auto iv = state.iv_rise();
    if (!iv) return fmt::format("less than {} minutes of ATM straddle IV", filters.iv_spike->minutes);
    if (!(iv->rise >= filters.iv_spike->rise)) {
      return fmt::format("ATM straddle IV {:.2f}% is {:.1f}% above its {}-minute low {:.2f}%, not {:g}%", iv->now * 100,
                         iv->rise * 100, filters.iv_spike->minutes, iv->low * 100, filters.iv_spike->rise * 100);
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
