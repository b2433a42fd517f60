#include "gen/market.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "domain/trading_calendar.h"
#include "gen/rng.h"

namespace tapelab::gen {
namespace {

// Index levels near 1 January of each year (rounded real values), so a
// generated 2021 chain has 2021 strikes and lots.
const std::map<std::string, std::map<int, double>>& known_anchors() {
  static const std::map<std::string, std::map<int, double>> anchors = {
      {"NIFTY",
       {{2019, 10900}, {2020, 12200}, {2021, 14000}, {2022, 17350}, {2023, 18100}, {2024, 21700},
        {2025, 23650}, {2026, 26150}, {2027, 27500}}},
      {"BANKNIFTY",
       {{2019, 27400}, {2020, 32150}, {2021, 31300}, {2022, 35500}, {2023, 43200}, {2024, 48150},
        {2025, 51000}, {2026, 59500}, {2027, 62000}}},
  };
  return anchors;
}

constexpr double kNiftyDailyVol = 0.009;
// Option quoters price from an index that takes up this share of a fast move
// at once and the rest over about kQuoteSettleSeconds, so an ATM option
// answers a burst by less than its delta, as in the users' real table
// (docs/market-truth.md#a-generated-month-against-the-users-figures).
constexpr double kQuoteFollowShare = 0.65;
constexpr double kQuoteSettleSeconds = 300.0;
// The share of down bursts that come with fear (implied vol up 25-45%).
constexpr double kFearShare = 0.12;

// The index as option quoters see it: kQuoteFollowShare of each move at once,
// the rest through an exponential average of about kQuoteSettleSeconds.
std::vector<double> quoted_index(const std::vector<double>& spot) {
  const double follow = 1.0 - std::exp(-1.0 / kQuoteSettleSeconds);
  std::vector<double> quoted(spot.size());
  double settled = spot.empty() ? 0.0 : spot[0];
  for (size_t t = 0; t < spot.size(); ++t) {
    settled += follow * (spot[t] - settled);
    quoted[t] = kQuoteFollowShare * spot[t] + (1.0 - kQuoteFollowShare) * settled;
  }
  return quoted;
}

// Smooth 0 -> 1 over a burst: most of the move in the middle seconds.
double smoothstep(double x) { return x * x * (3 - 2 * x); }

}  // namespace

MarketModel::MarketModel(uint64_t seed, const domain::Underlying& underlying)
    : key_(derive(derive(seed, "market"), underlying.name)), underlying_(underlying) {
  daily_vol_ = underlying.name == "BANKNIFTY" ? 0.0105 : kNiftyDailyVol;
  // Bursts scale with the index's point volatility relative to NIFTY's.
  burst_scale_ = anchor(2025) * daily_vol_ / (known_anchors().at("NIFTY").at(2025) * kNiftyDailyVol);
}

double MarketModel::anchor(int year) const {
  const auto it = known_anchors().find(underlying_.name);
  if (it == known_anchors().end()) return underlying_.strike_step * 500.0;  // an unknown index: ATM ~ 500 steps
  const auto& levels = it->second;
  const int clamped = std::clamp(year, levels.begin()->first, levels.rbegin()->first);
  return levels.at(clamped);
}

double MarketModel::close_on(domain::Date d) const {
  // A Brownian bridge from this year's anchor to the next one's, sampled on
  // every calendar day (weekends and holidays add no variance).
  const int year = d.year();
  const auto first = domain::Date::from_ymd(year, 1, 1);
  const int days = domain::Date::from_ymd(year + 1, 1, 1) - first;
  const int day = d - first;
  const auto& calendar = domain::TradingCalendar::nse();
  Rng rng(derive(derive(key_, "daily"), static_cast<uint64_t>(year)));
  double walk_at_day = 0, walk = 0;
  for (int i = 0; i < days; ++i) {
    const double step = rng.normal() * daily_vol_;
    if (calendar.is_trading_day(first + i)) walk += step;
    if (i == day) walk_at_day = walk;
  }
  const double frac = static_cast<double>(day + 1) / days;
  const double log0 = std::log(anchor(year)), log1 = std::log(anchor(year + 1));
  return std::exp(log0 + frac * (log1 - log0) + walk_at_day - frac * walk);
}

double MarketModel::atm_iv_on(domain::Date d) const {
  Rng rng(derive(derive(key_, "iv"), static_cast<uint64_t>(d.days())));
  const double base = underlying_.name == "BANKNIFTY" ? 0.14 : 0.125;
  return base * std::exp(0.18 * rng.normal());
}

SpotDay MarketModel::simulate_day(domain::Date d, bool expiry_day) const {
  const auto& calendar = domain::TradingCalendar::nse();
  SpotDay day;
  day.date = d;
  day.open_seconds = underlying_.session_open_seconds;
  day.prev_date = calendar.previous_trading_day(d);
  day.prev_close = close_on(day.prev_date);
  day.prev_atm_iv = atm_iv_on(day.prev_date);
  day.atm_iv = atm_iv_on(d);
  const int32_t n = underlying_.session_close_seconds - underlying_.session_open_seconds + 1;
  const double target_close = close_on(d);

  Rng rng(derive(derive(key_, "intraday"), static_cast<uint64_t>(d.days())));
  const double level = day.prev_close;
  // Per-second log volatility at midday: ~0.8 NIFTY points.
  const double sigma = 0.8 / 25000.0 * (daily_vol_ / kNiftyDailyVol);

  std::vector<double> increment(static_cast<size_t>(n), 0.0);
  day.iv_factor.assign(static_cast<size_t>(n), 1.0f);
  day.stress.assign(static_cast<size_t>(n), 0.0f);
  day.trade_factor.assign(static_cast<size_t>(n), 1.0f);

  // Regimes: calm stretches, normal trading, trends with a drift.
  int32_t regime_left = 0;
  double regime_vol = 1, regime_drift = 0;
  for (int32_t t = 1; t < n; ++t) {
    if (regime_left == 0) {
      regime_left = 300 + static_cast<int32_t>(rng.exponential(1200));
      const double pick = rng.uniform();
      regime_vol = pick < 0.3 ? 0.55 : pick < 0.75 ? 1.0 : 1.15;
      regime_drift = 0;
      if (pick >= 0.75) {  // trend: 0.15-0.5% over the regime
        const double total = rng.uniform(0.0015, 0.005) * (rng.chance(0.5) ? 1 : -1);
        regime_drift = total / regime_left;
      }
    }
    --regime_left;
    const double u_shape = 1.0 + 1.3 * std::exp(-t / 900.0) + 0.6 * std::exp(-(n - t) / 1200.0);
    increment[static_cast<size_t>(t)] = sigma * u_shape * regime_vol * rng.normal() + regime_drift;
  }

  // Bursts: fast 5-30 point (NIFTY-equivalent, median 8.5) moves over 10-20 s,
  // more on expiry days, more near the open and the close. Counts and sizes
  // are calibrated so that the truth finds about the users' 0-DTE figures.
  const double mean_bursts = expiry_day ? 10 : 6;
  const int count = static_cast<int>(std::min(40.0, rng.exponential(mean_bursts) * 0.5 + mean_bursts * 0.5));
  for (int i = 0; i < count; ++i) {
    int32_t start;
    do {
      start = 60 + static_cast<int32_t>(rng.below(n - 200));
    } while (!rng.chance((1.0 + 1.5 * std::exp(-start / 2400.0) + 1.0 * std::exp(-(n - start) / 2400.0)) / 3.5));
    Burst burst;
    burst.start = start;
    burst.duration = 10 + static_cast<int32_t>(rng.below(11));
    const double nifty_points = std::clamp(std::exp(std::log(8.5) + 0.5 * rng.normal()), 5.0, 30.0);
    const bool down = rng.chance(expiry_day ? 0.55 : 0.5);
    burst.points = (down ? -1 : 1) * nifty_points * burst_scale_;
    burst.vacuum = rng.chance(0.4);
    const double log_move = burst.points / level;
    for (int32_t k = 0; k < burst.duration; ++k) {
      const auto t = static_cast<size_t>(start + k);
      const double step = smoothstep((k + 1.0) / burst.duration) - smoothstep(static_cast<double>(k) / burst.duration);
      increment[t] += log_move * step + sigma * 1.5 * rng.normal();
    }
    // Fear: implied vol jumps out of proportion with the burst and decays over
    // ~10 min. Other bursts leave it alone (a vol that rose with every down
    // move made puts answer twice as strongly as the users' real ones).
    const bool fear = down && rng.chance(kFearShare);
    const double jump = fear ? rng.uniform(0.25, 0.45) : 0.0;
    for (int32_t t = start; fear && t < n && t < start + 3600; ++t) {
      const double ramp = std::min(1.0, (t - start + 1.0) / burst.duration);
      day.iv_factor[static_cast<size_t>(t)] +=
          static_cast<float>(jump * ramp * std::exp(-std::max(0, t - start - burst.duration) / 600.0));
    }
    for (int32_t t = start; t < n && t < start + burst.duration + 120; ++t) {
      const double fade = std::exp(-std::max(0, t - start - burst.duration) / 20.0);
      auto& slot = burst.vacuum ? day.stress[static_cast<size_t>(t)] : day.trade_factor[static_cast<size_t>(t)];
      slot = burst.vacuum ? std::max(slot, static_cast<float>(fade))
                          : std::max(slot, static_cast<float>(1.0 + 3.0 * fade));
    }
    day.bursts.push_back(burst);
  }
  std::sort(day.bursts.begin(), day.bursts.end(), [](const Burst& a, const Burst& b) { return a.start < b.start; });
  for (int32_t t = 0; t < n; ++t) day.iv_factor[static_cast<size_t>(t)] += static_cast<float>(0.06 * std::exp(-t / 1800.0));

  // Integrate from the gapped open, then bridge the end to the day's close.
  std::vector<double> log_path(static_cast<size_t>(n));
  log_path[0] = std::log(level) + 0.0025 * rng.normal();
  for (size_t t = 1; t < log_path.size(); ++t) log_path[t] = log_path[t - 1] + increment[t];
  const double correction = std::log(target_close) - log_path.back();
  day.spot.resize(static_cast<size_t>(n));
  for (size_t t = 0; t < log_path.size(); ++t) {
    day.spot[t] = std::exp(log_path[t] + correction * static_cast<double>(t) / (n - 1));
  }
  day.quoted_spot = quoted_index(day.spot);
  const auto [lo, hi] = std::minmax_element(day.spot.begin(), day.spot.end());
  day.low = *lo;
  day.high = *hi;
  return day;
}

}  // namespace tapelab::gen
