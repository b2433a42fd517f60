#include "strategies/signal_setups.h"

#include <cmath>
#include <span>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/csv.h"
#include "strategies/clock.h"
#include "strategies/toml_table.h"
#include "util/error.h"

namespace tapelab::strategies {
namespace {

// How a setup key is read and checked.
enum class Kind {
  kSeconds,  // a whole number of seconds (or samples), 1 to 86400
  kCount,    // a whole number of samples or bars, 1 to 10000
  kPositive, // a ratio, a multiplier or points, > 0
  kPercent,  // in (0, 100)
  kTime,     // a time of day
  kPointsByUnderlying,  // points > 0, or a table of them by underlying
};

struct SetupKey {
  std::string_view name;
  double SetupParams::*field;
  Kind kind;
};

using P = SetupParams;
constexpr SetupKey kMomentumKeys[] = {{"fast", &P::fast, Kind::kCount},
                                      {"slow", &P::slow, Kind::kCount},
                                      {"depth_ratio", &P::depth_ratio, Kind::kPositive},
                                      {"max_spread_pct", &P::max_spread_pct, Kind::kPercent}};
constexpr SetupKey kSlingshotKeys[] = {{"fast", &P::fast, Kind::kCount},
                                       {"slow", &P::slow, Kind::kCount},
                                       {"bid_ratio", &P::bid_ratio, Kind::kPositive}};
constexpr SetupKey kAbsorptionKeys[] = {{"range_seconds", &P::range_seconds, Kind::kSeconds},
                                        {"max_range_points", &P::max_range_points, Kind::kPositive},
                                        {"wall_ratio", &P::wall_ratio, Kind::kPositive},
                                        {"volume_ratio", &P::volume_ratio, Kind::kPositive},
                                        {"volume_seconds", &P::volume_seconds, Kind::kSeconds}};
constexpr SetupKey kReloadKeys[] = {{"ask_volume_ratio", &P::ask_volume_ratio, Kind::kPositive},
                                    {"ask_volume_seconds", &P::ask_volume_seconds, Kind::kSeconds},
                                    {"volume_seconds", &P::volume_seconds, Kind::kSeconds},
                                    {"reload_seconds", &P::reload_seconds, Kind::kSeconds}};
constexpr SetupKey kGammaKeys[] = {{"strike_offset", &P::strike_offset, Kind::kPositive}};
constexpr SetupKey kMicroKeys[] = {{"move_seconds", &P::move_seconds, Kind::kSeconds},
                                   {"min_move_points", &P::min_move_points, Kind::kPointsByUnderlying},
                                   {"volume_ratio", &P::volume_ratio, Kind::kPositive},
                                   {"volume_seconds", &P::volume_seconds, Kind::kSeconds}};
constexpr SetupKey kCompressionKeys[] = {{"range_seconds", &P::range_seconds, Kind::kSeconds},
                                         {"max_range_points", &P::max_range_points, Kind::kPositive},
                                         {"volume_ratio", &P::volume_ratio, Kind::kPositive},
                                         {"volume_seconds", &P::volume_seconds, Kind::kSeconds}};
constexpr SetupKey kSqueezeKeys[] = {{"bar_seconds", &P::bar_seconds, Kind::kSeconds},
                                     {"length", &P::length, Kind::kCount},
                                     {"bollinger_k", &P::bollinger_k, Kind::kPositive},
                                     {"keltner_k", &P::keltner_k, Kind::kPositive}};
constexpr SetupKey kOpeningKeys[] = {{"range_end", &P::opening_range_end, Kind::kTime},
                                     {"volume_ratio", &P::volume_ratio, Kind::kPositive}};
constexpr SetupKey kAbsorptionSellKeys[] = {{"spot_move_pct", &P::spot_move_pct, Kind::kPercent},
                                            {"spot_move_seconds", &P::spot_move_seconds, Kind::kSeconds},
                                            {"ask_ratio", &P::ask_ratio, Kind::kPositive},
                                            {"volume_ratio", &P::volume_ratio, Kind::kPositive},
                                            {"volume_seconds", &P::volume_seconds, Kind::kSeconds}};

std::span<const SetupKey> setup_keys(Setup setup) {
  switch (setup) {
    case Setup::kMomentumBurst: return kMomentumKeys;
    case Setup::kSlingshot: return kSlingshotKeys;
    case Setup::kAbsorptionBreakout: return kAbsorptionKeys;
    case Setup::kReload: return kReloadKeys;
    case Setup::kGammaBurst: return kGammaKeys;
    case Setup::kMicroBurst: return kMicroKeys;
    case Setup::kCompressionBreakout: return kCompressionKeys;
    case Setup::kTtmSqueeze: return kSqueezeKeys;
    case Setup::kOpeningRangeVwap: return kOpeningKeys;
    case Setup::kObAbsorption: break;
  }
  return kAbsorptionSellKeys;
}

// A setup's defaults: the values of the preset that uses it.
SetupParams defaults_for(Setup setup) {
  SetupParams p;
  p.setup = setup;
  switch (setup) {
    case Setup::kMicroBurst: p.volume_ratio = 5; break;
    case Setup::kCompressionBreakout:
      p.volume_ratio = 2;
      p.max_range_points = 5;
      break;
    case Setup::kOpeningRangeVwap: p.volume_ratio = 1.5; break;
    case Setup::kObAbsorption:
      p.volume_ratio = 2;
      p.volume_seconds = 300;
      break;
    default: break;
  }
  return p;
}

bool positive_points(double v) { return v > 0 && v < 1e9; }

// `{ NIFTY = 2, BANKNIFTY = 5 }` into min_move_points_by_underlying.
void read_points_by_underlying(TomlTable& table, std::string_view key, SetupParams& setup) {
  TomlTable by_underlying = *table.table(key);
  std::map<std::string, double, std::less<>> points;
  for (const std::string& underlying : by_underlying.keys()) {
    const double v = *by_underlying.number(underlying);
    if (!positive_points(v)) by_underlying.fail_key(underlying, "must be > 0 points");
    points[domain::to_upper(underlying)] = v;
  }
  if (points.empty()) table.fail_key(key, "lists no underlying: give points, or a table like { NIFTY = 2 }");
  setup.min_move_points_by_underlying = std::move(points);
}

void read_key(TomlTable& table, const SetupKey& key, SetupParams& setup) {
  if (key.kind == Kind::kTime) {
    if (const auto t = table.time_of_day(key.name)) setup.*key.field = *t;
    return;
  }
  if (key.kind == Kind::kPointsByUnderlying) {
    const toml::node* node = table.has(key.name) ? table.node(key.name) : nullptr;
    if (node && node->is_table()) return read_points_by_underlying(table, key.name, setup);
    if (node) setup.min_move_points_by_underlying.clear();  // one value replaces a table
  }
  const auto value = table.number(key.name);
  if (!value) return;
  const double v = *value;
  switch (key.kind) {
    case Kind::kSeconds:
      if (v != std::floor(v) || v < 1 || v > 86'400) table.fail_key(key.name, "must be a whole number of seconds, 1 to 86400");
      break;
    case Kind::kCount:
      if (v != std::floor(v) || v < 1 || v > 10'000) table.fail_key(key.name, "must be a whole number from 1 to 10000");
      break;
    case Kind::kPositive:
    case Kind::kPointsByUnderlying:
      if (!positive_points(v)) table.fail_key(key.name, "must be > 0");
      break;
    case Kind::kPercent:
      if (!(v > 0 && v < 100)) table.fail_key(key.name, "must be a percent in (0, 100)");
      break;
    case Kind::kTime: break;
  }
  setup.*key.field = v;
}

// "2" or, by underlying, "5 (BANKNIFTY), 2 (NIFTY)".
std::string min_move_text(const SetupParams& p) {
  if (p.min_move_points_by_underlying.empty()) return fmt::format("{:g}", p.min_move_points);
  std::vector<std::string> parts;
  for (const auto& [underlying, points] : p.min_move_points_by_underlying) {
    parts.push_back(fmt::format("{:g} ({})", points, underlying));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string volume_text(const SetupParams& p) {
  return fmt::format("the second's traded volume exceeds {:g}x its average per second over the {:g} s before it",
                     p.volume_ratio, p.volume_seconds);
}

}  // namespace

void apply_setup(TomlTable& table, SetupParams& setup) {
  if (const auto chosen = table.choice("name", kSetupNames)) setup = defaults_for(*chosen);
  for (const SetupKey& key : setup_keys(setup.setup)) read_key(table, key, setup);
  table.reject_unknown();
  if (setup.fast >= setup.slow &&
      (setup.setup == Setup::kMomentumBurst || setup.setup == Setup::kSlingshot)) {
    table.fail_key("fast", "must be shorter than `slow`");
  }
}

SetupParams setup_for_underlying(const SetupParams& setup, std::string_view underlying) {
  SetupParams day = setup;
  if (setup.min_move_points_by_underlying.empty()) return day;
  const auto it = setup.min_move_points_by_underlying.find(underlying);
  if (it == setup.min_move_points_by_underlying.end()) {
    fail("setup {}: min_move_points has no value for {} (it has {})", kSetupNames.name(setup.setup),
         underlying, min_move_text(setup));
  }
  day.min_move_points = it->second;
  return day;
}

unsigned indicator_needs(Setup setup) {
  switch (setup) {
    case Setup::kMomentumBurst:
    case Setup::kSlingshot: return kNeedEmas;
    case Setup::kAbsorptionBreakout: return kNeedRange | kNeedAskSize | kNeedVolume;
    case Setup::kReload: return kNeedAskSize | kNeedAskVolume;
    case Setup::kGammaBurst: return 0;
    case Setup::kMicroBurst: return kNeedMove | kNeedVolume;
    case Setup::kCompressionBreakout: return kNeedRange | kNeedVolume;
    case Setup::kTtmSqueeze: return kNeedBands | kNeedVwap;
    case Setup::kOpeningRangeVwap: return kNeedVwap | kNeedMinuteBars | kNeedOpeningRange;
    case Setup::kObAbsorption: break;
  }
  return kNeedVolume;
}

bool spot_driven(Setup setup) { return setup == Setup::kGammaBurst || setup == Setup::kObAbsorption; }

engine::Side setup_side(Setup setup) {
  return setup == Setup::kObAbsorption ? engine::Side::kSell : engine::Side::kBuy;
}

std::string setup_summary(const SetupParams& p) {
  const std::string_view name = kSetupNames.name(p.setup);
  switch (p.setup) {
    case Setup::kMomentumBurst:
      return fmt::format("{} (EMA {:g}/{:g}, depth {:g}x, spread <= {:g}%)", name, p.fast, p.slow, p.depth_ratio,
                         p.max_spread_pct);
    case Setup::kSlingshot: return fmt::format("{} (EMA {:g}/{:g}, bq0 {:g}x sq0)", name, p.fast, p.slow, p.bid_ratio);
    case Setup::kAbsorptionBreakout:
      return fmt::format("{} ({:g} s range <= {:g} pts, wall {:g}x, volume {:g}x)", name, p.range_seconds,
                         p.max_range_points, p.wall_ratio, p.volume_ratio);
    case Setup::kReload:
      return fmt::format("{} ({:g} s ask volume {:g}x ask size, tick up within {:g} s)", name, p.ask_volume_seconds,
                         p.ask_volume_ratio, p.reload_seconds);
    case Setup::kGammaBurst: return fmt::format("{} (day high/low break, strikes spot +- {:g})", name, p.strike_offset);
    case Setup::kMicroBurst:
      return fmt::format("{} ({:g} s move > {} pts, volume {:g}x)", name, p.move_seconds, min_move_text(p),
                         p.volume_ratio);
    case Setup::kCompressionBreakout:
      return fmt::format("{} ({:g} s range < {:g} pts, volume {:g}x)", name, p.range_seconds, p.max_range_points,
                         p.volume_ratio);
    case Setup::kTtmSqueeze:
      return fmt::format("{} (BB({:g}, {:g}) inside KC({:g}, {:g} ATR), {:g} s bars)", name, p.length, p.bollinger_k,
                         p.length, p.keltner_k, p.bar_seconds);
    case Setup::kOpeningRangeVwap:
      return fmt::format("{} (range to {}, minute volume {:g}x)", name, format_clock(static_cast<std::int32_t>(p.opening_range_end)),
                         p.volume_ratio);
    case Setup::kObAbsorption: break;
  }
  return fmt::format("{} (spot {:g}% in {:g} s, sq0 {:g}x bq0, volume {:g}x)", name, p.spot_move_pct,
                     p.spot_move_seconds, p.ask_ratio, p.volume_ratio);
}

std::string describe_setup(const SetupParams& p) {
  const std::string_view name = kSetupNames.name(p.setup);
  std::string when;
  switch (p.setup) {
    case Setup::kMomentumBurst:
      when = fmt::format(
          "its EMA{0:g} of the per-second LTP is above its EMA{1:g} (both once {1:g} samples have been seen), the "
          "5-level bid quantity exceeds {2:g}x the 5-level ask quantity, and the spread (ask - bid) / mid is at "
          "most {3:g}%",
          p.fast, p.slow, p.depth_ratio, p.max_spread_pct);
      break;
    case Setup::kSlingshot:
      when = fmt::format(
          "it trends up (EMA{0:g} above EMA{1:g}), its LTP has dipped below the EMA{0:g} but stays above the "
          "EMA{1:g}, and the best bid's size exceeds {2:g}x the best ask's",
          p.fast, p.slow, p.bid_ratio);
      break;
    case Setup::kAbsorptionBreakout:
      when = fmt::format(
          "over the {0:g} s before this second its LTP ranged at most {1:g} points (a tight range) while an ask "
          "wall stood (the highest best-ask size of those seconds exceeds {2:g}x the mean best-ask size over the "
          "{3:g} s before), and now the wall is being eaten (the best-ask size is below the previous second's) "
          "while the price holds at the top (LTP at or above the range's high) and {4}",
          p.range_seconds, p.max_range_points, p.wall_ratio, p.volume_seconds, volume_text(p));
      break;
    case Setup::kReload:
      when = fmt::format(
          "a reload has happened in the last {0:g} s and the LTP now ticks above the reload's LTP; a reload is a "
          "second whose trades printed at the ask (LTP >= ask) when the volume of the seconds that printed at the "
          "ask over the last {3:g} s (this one included) is above {1:g}x the mean best-ask size over the {2:g} s "
          "before, without the best-ask size falling from the previous second",
          p.reload_seconds, p.ask_volume_ratio, p.volume_seconds, p.ask_volume_seconds);
      break;
    case Setup::kGammaBurst:
      when = fmt::format(
          "(spot-driven) spot breaks the day's high (above every spot value since the open): buy the call at the "
          "smallest listed strike >= spot + {0:g}; spot breaks the day's low: buy the put at the largest listed "
          "strike <= spot - {0:g} (docs/engine-rules.md#strategy-library: B4 is the one buying preset off ATM)",
          p.strike_offset);
      break;
    case Setup::kMicroBurst:
      when = fmt::format("its LTP rose more than {0} points over the last {1:g} s, {2}, and the LTP is at or above "
                         "the ask (a print at the ask)",
                         min_move_text(p), p.move_seconds, volume_text(p));
      break;
    case Setup::kCompressionBreakout:
      when = fmt::format("over the {0:g} s before this second its LTP ranged less than {1:g} points, the LTP now "
                         "breaks above that range's high, and {2}",
                         p.range_seconds, p.max_range_points, volume_text(p));
      break;
    case Setup::kTtmSqueeze:
      when = fmt::format(
          "on its last closed {0:g} s bar of the LTP the Bollinger bands ({1:g} bars, {2:g} standard deviations) lie "
          "inside the Keltner channel (mean of {1:g} closes +- {3:g} x ATR({1:g}), ATR the mean true range), and "
          "the LTP now breaks above the upper Keltner line with a print at the ask (LTP >= ask)",
          p.bar_seconds, p.length, p.bollinger_k, p.keltner_k);
      break;
    case Setup::kOpeningRangeVwap:
      when = fmt::format(
          "from {0}, its LTP breaks above its opening range's high (the highest LTP from the open to before {0}; "
          "only contracts watched from the open have one) and is above its session VWAP, and the last closed "
          "1-minute bar's volume exceeds {1:g}x the mean volume of the day's earlier 1-minute bars",
          format_clock(static_cast<std::int32_t>(p.opening_range_end)), p.volume_ratio);
      break;
    case Setup::kObAbsorption:
      when = fmt::format(
          "(spot-driven) spot moved more than {0:g}% over the last {1:g} s; on an up move sell the ATM call, on a "
          "down move the ATM put, when on that option the best-ask size exceeds {2:g}x the best-bid size (offers "
          "absorbing the buyers) and {3}",
          p.spot_move_pct, p.spot_move_seconds, p.ask_ratio, volume_text(p));
      break;
  }
  return fmt::format("- **Setup `{}`.** Enter when {}.\n", name, when);
}

bool has_exit_signal(Setup setup) {
  return setup == Setup::kMomentumBurst || setup == Setup::kSlingshot || setup == Setup::kTtmSqueeze ||
         setup == Setup::kOpeningRangeVwap;
}

std::string describe_exit_signal(const SetupParams& p) {
  switch (p.setup) {
    case Setup::kMomentumBurst: return fmt::format("the option's EMA{:g} crosses below its EMA{:g}", p.fast, p.slow);
    case Setup::kSlingshot: return fmt::format("the option's LTP falls below its EMA{:g}", p.slow);
    case Setup::kTtmSqueeze:
      return "the LTP falls back inside the Keltner channel (below its upper line) or below the option's session VWAP";
    case Setup::kOpeningRangeVwap: return "the LTP falls below the option's session VWAP";
    default: return "";
  }
}

bool option_entry(const SetupParams& p, const ContractSignals& c) {
  const OptionSample& s = c.now();
  const ContractSignals::Before& b = c.before();
  const auto volume_spike = [&] { return b.volume_per_second && s.volume > p.volume_ratio * *b.volume_per_second; };
  switch (p.setup) {
    case Setup::kMomentumBurst: {
      const auto fast = c.ema_fast(), slow = c.ema_slow();
      if (!fast || !slow || !(*fast > *slow) || !(s.bid > 0 && s.ask > 0)) return false;
      const double mid = (s.bid + s.ask) / 2;
      return s.bid_depth > p.depth_ratio * s.ask_depth && (s.ask - s.bid) / mid * 100 <= p.max_spread_pct;
    }
    case Setup::kSlingshot: {
      const auto fast = c.ema_fast(), slow = c.ema_slow();
      return fast && slow && *fast > *slow && s.ltp < *fast && s.ltp > *slow && s.bid_size > p.bid_ratio * s.ask_size;
    }
    case Setup::kAbsorptionBreakout:
      return b.range_full && b.sample && *b.range_high - *b.range_low <= p.max_range_points && b.ask_size_mean &&
             *b.ask_size_high > p.wall_ratio * *b.ask_size_mean && s.ask_size < b.sample->ask_size &&
             s.ltp >= *b.range_high && volume_spike();
    case Setup::kReload:
      return c.reload_second && s.second > *c.reload_second && s.second - *c.reload_second <= p.reload_seconds &&
             s.ltp > c.reload_price;
    case Setup::kMicroBurst: {
      const auto move = c.move();
      return move && *move > p.min_move_points && volume_spike() && s.ask > 0 && s.ltp >= s.ask;
    }
    case Setup::kCompressionBreakout:
      return b.range_full && *b.range_high - *b.range_low < p.max_range_points && s.ltp > *b.range_high &&
             volume_spike();
    case Setup::kTtmSqueeze: {
      const auto bb = c.bollinger(), kc = c.keltner();
      return bb && kc && bb->upper < kc->upper && bb->lower > kc->lower && s.ltp > kc->upper && s.ask > 0 &&
             s.ltp >= s.ask;
    }
    case Setup::kOpeningRangeVwap: {
      const auto high = c.opening_range_high(), vwap = c.vwap();
      const auto minute = c.minute_volume(), mean = c.earlier_minute_volume_mean();
      return high && vwap && minute && mean && s.ltp > *high && s.ltp > *vwap && *minute > p.volume_ratio * *mean;
    }
    case Setup::kGammaBurst:
    case Setup::kObAbsorption: break;
  }
  return false;
}

void track_reload(const SetupParams& p, ContractSignals& c) {
  const OptionSample& s = c.now();
  const ContractSignals::Before& b = c.before();
  if (p.setup != Setup::kReload || !b.sample || !b.ask_size_mean || !(s.ask > 0) || s.ltp < s.ask) return;
  if (c.at_ask_volume() > p.ask_volume_ratio * *b.ask_size_mean && s.ask_size >= b.sample->ask_size) {
    c.reload_second = s.second;
    c.reload_price = s.ltp;
  }
}

std::optional<domain::OptionType> spot_entry(const SetupParams& p, const SpotSignals& spot) {
  const auto now = spot.spot();
  if (!now) return std::nullopt;
  if (p.setup == Setup::kGammaBurst) {
    if (spot.high_before() && *now > *spot.high_before()) return domain::OptionType::kCall;
    if (spot.low_before() && *now < *spot.low_before()) return domain::OptionType::kPut;
    return std::nullopt;
  }
  const auto move = spot.move();
  if (!move) return std::nullopt;
  const double pct = *move / (*now - *move) * 100;
  if (pct > p.spot_move_pct) return domain::OptionType::kCall;
  if (pct < -p.spot_move_pct) return domain::OptionType::kPut;
  return std::nullopt;
}

bool spot_entry_option_check(const SetupParams& p, const ContractSignals& c) {
  if (p.setup != Setup::kObAbsorption) return true;
  const OptionSample& s = c.now();
  const auto average = c.before().volume_per_second;
  return s.ask_size > p.ask_ratio * s.bid_size && average && s.volume > p.volume_ratio * *average;
}

bool exit_signal(const SetupParams& p, const ContractSignals& c) {
  const OptionSample& s = c.now();
  switch (p.setup) {
    case Setup::kMomentumBurst: {
      const auto fast = c.ema_fast(), slow = c.ema_slow();
      return fast && slow && *fast < *slow;
    }
    case Setup::kSlingshot: {
      const auto slow = c.ema_slow();
      return slow && s.ltp < *slow;
    }
    case Setup::kTtmSqueeze: {
      const auto kc = c.keltner();
      const auto vwap = c.vwap();
      return (kc && s.ltp < kc->upper) || (vwap && s.ltp < *vwap);
    }
    case Setup::kOpeningRangeVwap: {
      const auto vwap = c.vwap();
      return vwap && s.ltp < *vwap;
    }
    default: return false;
  }
}

}  // namespace tapelab::strategies
