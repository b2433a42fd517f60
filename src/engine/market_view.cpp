#include "engine/market_view.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "domain/contract.h"
#include "domain/expiry_calendar.h"
#include "domain/trading_calendar.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

using domain::OptionType;
using domain::WallNanos;

std::int64_t age_seconds(WallNanos now, WallNanos time) { return (now - time) / domain::kNanosPerSecond; }

OptionKey key_of(const market::ContractSlice& c) { return {c.expiry, c.type, c.strike}; }

// Whether the exchange's calendar lists `expiry` for the underlying: such an
// expiry is public before the day opens, printed or not.
bool calendar_lists(const std::string& underlying, domain::Date expiry) {
  static const domain::ExpiryCalendar calendar = domain::ExpiryCalendar::builtin();
  for (const domain::Expiry& e : calendar.expiries(underlying, expiry, expiry)) {
    if (e.final == expiry) return true;
  }
  return false;
}

template <typename T>
T at_or_zero(const std::vector<T>& column, std::size_t row) {
  return row < column.size() ? column[row] : T{};
}

// The listed strike nearest to `target`; ties go to the lower strike.
std::optional<std::int32_t> nearest_in(std::span<const std::int32_t> strikes, double target) {
  if (strikes.empty()) return std::nullopt;
  const auto it = std::lower_bound(strikes.begin(), strikes.end(), target,
                                   [](std::int32_t s, double t) { return static_cast<double>(s) < t; });
  if (it == strikes.begin()) return *it;
  if (it == strikes.end()) return strikes.back();
  const double above = static_cast<double>(*it) - target;
  const double below = target - static_cast<double>(*(it - 1));
  return below <= above ? *(it - 1) : *it;
}

}  // namespace

std::optional<double> OptionSnapshot::mid() const {
  if (!has_bid() || !has_ask()) return std::nullopt;
  return (bids[0].price + asks[0].price) / 2;
}

MarketView::MarketView(const market::DayTape& tape)
    : tape_(&tape), info_(domain::find_underlying(tape.underlying)), now_(std::numeric_limits<WallNanos>::min()) {
  if (!info_) fail("market view: unknown underlying '{}' on {}", tape.underlying, tape.date.to_string());
  const auto& calendar = domain::TradingCalendar::nse();
  for (const domain::Date e : tape.expiries()) {
    if (e < tape.date) continue;  // an expired contract's leftover rows are never tradable
    expiries_.push_back(e);
    dte_.push_back(domain::days_to_expiry(tape.date, e, calendar));
  }
  const auto& contracts = tape.contracts;
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    const market::ContractSlice& c = contracts[i];
    if (c.expiry < tape.date) continue;
    if (c.end < c.begin || c.end > tape.options.size()) {
      fail("market view: contract {} rows [{}, {}) outside the day's {} rows", c.symbol, c.begin, c.end,
           tape.options.size());
    }
    contracts_by_key_.push_back(i);
  }
  std::sort(contracts_by_key_.begin(), contracts_by_key_.end(),
            [&](std::size_t a, std::size_t b) { return key_of(contracts[a]) < key_of(contracts[b]); });
  for (std::size_t k = 1; k < contracts_by_key_.size(); ++k) {
    if (key_of(contracts[contracts_by_key_[k - 1]]) == key_of(contracts[contracts_by_key_[k]])) {
      fail("market view: contract {} appears twice in the {} {} tape", contracts[contracts_by_key_[k]].symbol,
           tape.underlying, tape.date.to_string());
    }
  }
  add_chains();
  cursor_.resize(contracts.size());
  summaries_.resize(contracts.size());
  summarized_at_.assign(contracts.size(), std::numeric_limits<WallNanos>::min());
  for (std::size_t i = 0; i < contracts.size(); ++i) cursor_[i] = contracts[i].begin;
  known_from_.assign(expiries_.size(), std::numeric_limits<WallNanos>::max());
  for (std::size_t e = 0; e < expiries_.size(); ++e) {
    if (calendar_lists(tape.underlying, expiries_[e])) known_from_[e] = std::numeric_limits<WallNanos>::min();
  }
  for (const Chain& chain : chains_) {
    const auto e = static_cast<std::size_t>(std::lower_bound(expiries_.begin(), expiries_.end(), chain.expiry) -
                                            expiries_.begin());
    if (e == expiries_.size() || expiries_[e] != chain.expiry) continue;
    known_from_[e] = std::min(known_from_[e], chain.by_first_row.front().time);
  }
}

void MarketView::add_chains() {
  struct Listed {
    OptionKey key;
    WallNanos first_time;
  };
  std::vector<Listed> listed;
  for (const std::size_t i : contracts_by_key_) {
    const market::ContractSlice& c = tape_->contracts[i];
    if (c.rows() > 0) listed.push_back({key_of(c), tape_->options.time[c.begin]});
  }
  for (const market::UnloadedContract& c : tape_->unloaded) {
    if (c.expiry >= tape_->date) listed.push_back({{c.expiry, c.type, c.strike}, c.first_time});
  }
  std::sort(listed.begin(), listed.end(), [](const Listed& a, const Listed& b) { return a.key < b.key; });
  for (const Listed& l : listed) {
    if (chains_.empty() || chains_.back().expiry != l.key.expiry || chains_.back().type != l.key.type) {
      chains_.push_back(Chain{l.key.expiry, l.key.type, {}, 0, {}});
    }
    chains_.back().by_first_row.push_back({l.first_time, l.key.strike});
  }
  for (Chain& chain : chains_) {
    std::stable_sort(chain.by_first_row.begin(), chain.by_first_row.end(),
                     [](const FirstPrint& a, const FirstPrint& b) { return a.time < b.time; });
  }
}

void MarketView::advance_to(WallNanos now) {
  if (now < now_) {
    fail("market view: the clock cannot go back from {} to {}", domain::format_wall_time(now_),
         domain::format_wall_time(now));
  }
  now_ = now;
  const auto advance = [now](const std::vector<WallNanos>& time, std::size_t& end) {
    while (end < time.size() && time[end] <= now) ++end;
  };
  const std::size_t spot_seen = spot_end_;
  advance(tape_->spot.time, spot_end_);
  for (std::size_t row = spot_end_; row > spot_seen; --row) {
    if (tape_->spot.price[row - 1] > 0) {
      usable_spot_row_ = row - 1;
      break;
    }
  }
  advance(tape_->futures.time, futures_end_);
  visible_expiries_.clear();
  for (std::size_t e = 0; e < expiries_.size(); ++e) {
    if (known_from_[e] <= now) visible_expiries_.push_back(expiries_[e]);
  }
  for (Chain& chain : chains_) {
    while (chain.printed < chain.by_first_row.size() && chain.by_first_row[chain.printed].time <= now) {
      const std::int32_t strike = chain.by_first_row[chain.printed].strike;
      chain.strikes.insert(std::upper_bound(chain.strikes.begin(), chain.strikes.end(), strike), strike);
      ++chain.printed;
    }
  }
}

std::optional<SeriesValue> MarketView::series_value(const market::SeriesColumns& series,
                                                    std::size_t visible_end) const {
  if (visible_end == 0) return std::nullopt;
  const std::size_t row = visible_end - 1;
  SeriesValue value{series.price[row], series.time[row], age_seconds(now_, series.time[row]), std::nullopt};
  if (row < series.expiry.size()) value.expiry = series.expiry[row];
  return value;
}

std::optional<SeriesValue> MarketView::spot() const { return series_value(tape_->spot, spot_end_); }
std::optional<SeriesValue> MarketView::futures() const { return series_value(tape_->futures, futures_end_); }

std::optional<SeriesValue> MarketView::usable_spot() const {
  if (!usable_spot_row_) return std::nullopt;
  return series_value(tape_->spot, *usable_spot_row_ + 1);
}

std::optional<double> MarketView::spot_price() const {
  const std::optional<SeriesValue> spot = usable_spot();
  if (!spot) return std::nullopt;
  return spot->price;
}

std::optional<domain::Date> MarketView::expiry(const ExpiryChoice& choice) const {
  switch (choice.kind) {
    case ExpiryChoice::Kind::kNearest:
      if (!visible_expiries_.empty()) return visible_expiries_[0];
      return std::nullopt;
    case ExpiryChoice::Kind::kNext:
      if (visible_expiries_.size() > 1) return visible_expiries_[1];
      return std::nullopt;
    case ExpiryChoice::Kind::kDteRange:
      for (const domain::Date e : visible_expiries_) {
        const std::int32_t days = dte(e);
        if (days >= choice.min_dte && days <= choice.max_dte) return e;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

std::int32_t MarketView::dte(domain::Date expiry) const {
  const auto it = std::lower_bound(expiries_.begin(), expiries_.end(), expiry);
  if (it != expiries_.end() && *it == expiry) return dte_[static_cast<std::size_t>(it - expiries_.begin())];
  return domain::days_to_expiry(tape_->date, expiry, domain::TradingCalendar::nse());
}

const MarketView::Chain* MarketView::chain(domain::Date expiry, OptionType type) const {
  const auto it = std::lower_bound(chains_.begin(), chains_.end(), std::pair{expiry, type},
                                   [](const Chain& c, const std::pair<domain::Date, OptionType>& k) {
                                     return std::pair{c.expiry, c.type} < k;
                                   });
  if (it == chains_.end() || it->expiry != expiry || it->type != type) return nullptr;
  return &*it;
}

std::span<const std::int32_t> MarketView::strikes(domain::Date expiry, OptionType type) const {
  const Chain* c = chain(expiry, type);
  if (!c) return {};
  return c->strikes;
}

std::optional<std::size_t> MarketView::contract_index(const OptionKey& key) const {
  if (tape_->strike_window && !tape_->strike_window->holds(key.strike)) {
    fail("market view: {} {} {} {} asked for at {}, outside the strike window [{}, {}] the day was loaded with: "
         "a strategy reaches further from spot than its spec's strike reach declares",
         tape_->underlying, key.expiry.to_string(), key.strike, domain::to_string(key.type),
         domain::format_wall_time(now_), tape_->strike_window->low, tape_->strike_window->high);
  }
  const auto& contracts = tape_->contracts;
  const auto it = std::lower_bound(contracts_by_key_.begin(), contracts_by_key_.end(), key,
                                   [&](std::size_t i, const OptionKey& k) { return key_of(contracts[i]) < k; });
  if (it == contracts_by_key_.end() || key_of(contracts[*it]) != key) return std::nullopt;
  return *it;
}

std::size_t MarketView::visible_end(std::size_t contract) const {
  const auto& time = tape_->options.time;
  const std::size_t end = tape_->contracts[contract].end;
  std::size_t& cursor = cursor_[contract];
  while (cursor < end && time[cursor] <= now_) ++cursor;
  return cursor;
}

OptionSnapshot MarketView::snapshot(std::size_t contract, std::size_t row) const {
  const market::ContractSlice& c = tape_->contracts[contract];
  const market::OptionColumns& o = tape_->options;
  OptionSnapshot s;
  s.key = key_of(c);
  s.lot_size = c.lot_size;
  s.time = o.time[row];
  s.age_seconds = age_seconds(now_, s.time);
  s.ltp = at_or_zero(o.price, row);
  // A null lastTradeTime is read as 0: no age, so the LTP counts as stale.
  if (const domain::WallNanos traded = at_or_zero(o.last_trade_time, row); traded > 0) {
    s.trade_age_seconds = age_seconds(now_, traded);
  }
  for (int level = 0; level < market::kBookLevels; ++level) {
    const auto l = static_cast<std::size_t>(level);
    s.bids[l] = {at_or_zero(o.bid_price[l], row), at_or_zero(o.bid_qty[l], row)};
    s.asks[l] = {at_or_zero(o.ask_price[l], row), at_or_zero(o.ask_qty[l], row)};
  }
  s.volume = at_or_zero(o.volume, row);
  s.oi = at_or_zero(o.oi, row);
  s.volume_last_second = volume_last_second(contract, row);
  return s;
}

std::int64_t MarketView::volume_last_second(std::size_t contract, std::size_t row) const {
  const market::OptionColumns& o = tape_->options;
  std::int64_t volume = 0;
  if (o.vol_delta.empty()) return volume;
  const std::size_t begin = tape_->contracts[contract].begin;
  for (std::size_t r = row + 1; r > begin && o.time[r - 1] > now_ - domain::kNanosPerSecond; --r) {
    volume += o.vol_delta[r - 1];
  }
  return volume;
}

std::optional<ContractId> MarketView::find(const OptionKey& key) const {
  const std::optional<std::size_t> c = contract_index(key);
  if (!c) return std::nullopt;
  return ContractId{*c};
}

std::optional<QuoteSummary> MarketView::quote_summary(ContractId contract) const {
  std::optional<QuoteSummary>& summary = summaries_[contract.index];
  if (summarized_at_[contract.index] == now_) return summary;
  summarized_at_[contract.index] = now_;
  summary.reset();
  const std::size_t end = visible_end(contract.index);
  if (end == tape_->contracts[contract.index].begin) return summary;
  const std::size_t row = end - 1;
  const market::OptionColumns& o = tape_->options;
  QuoteSummary& q = summary.emplace();
  q.ltp = at_or_zero(o.price, row);
  q.bid = {at_or_zero(o.bid_price[0], row), at_or_zero(o.bid_qty[0], row)};
  q.ask = {at_or_zero(o.ask_price[0], row), at_or_zero(o.ask_qty[0], row)};
  for (int level = 0; level < market::kBookLevels; ++level) {
    const auto l = static_cast<std::size_t>(level);
    q.bid_depth += at_or_zero(o.bid_qty[l], row);
    q.ask_depth += at_or_zero(o.ask_qty[l], row);
  }
  q.volume_last_second = volume_last_second(contract.index, row);
  return summary;
}

std::optional<OptionSnapshot> MarketView::option(const OptionKey& key) const {
  const std::optional<std::size_t> c = contract_index(key);
  if (!c) return std::nullopt;
  const std::size_t end = visible_end(*c);
  if (end == tape_->contracts[*c].begin) return std::nullopt;
  return snapshot(*c, end - 1);
}

std::int32_t MarketView::lot_size(const OptionKey& key) const {
  const std::optional<std::size_t> c = contract_index(key);
  if (!c || visible_end(*c) == tape_->contracts[*c].begin) return 0;
  return tape_->contracts[*c].lot_size;
}

std::optional<std::int32_t> MarketView::atm_strike(domain::Date expiry, OptionType type,
                                                   AtmConvention convention) const {
  const std::optional<double> spot = spot_price();
  const std::span<const std::int32_t> listed = strikes(expiry, type);
  if (!spot || listed.empty()) return std::nullopt;
  if (convention == AtmConvention::kNearest) {
    const double step = info_->strike_step;
    return nearest_in(listed, std::round(*spot / step) * step);
  }
  // ce_up_pe_down: the CE at or above spot, the PE at or below it.
  if (type == OptionType::kCall) {
    const auto it = std::lower_bound(listed.begin(), listed.end(), *spot,
                                     [](std::int32_t s, double t) { return static_cast<double>(s) < t; });
    if (it == listed.end()) return std::nullopt;
    return *it;
  }
  const auto it = std::upper_bound(listed.begin(), listed.end(), *spot,
                                   [](double t, std::int32_t s) { return t < static_cast<double>(s); });
  if (it == listed.begin()) return std::nullopt;
  return *(it - 1);
}

std::optional<std::int32_t> MarketView::nearest_strike(domain::Date expiry, OptionType type, double target) const {
  return nearest_in(strikes(expiry, type), target);
}

}  // namespace tapelab::engine
