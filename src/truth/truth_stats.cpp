#include "truth/truth_stats.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <string_view>
#include <tuple>

#include "parquet/reader.h"
#include "truth/layout.h"
#include "truth/table_reader.h"
#include "truth/truth_manifest.h"
#include "util/error.h"

namespace tapelab::truth {
namespace {

namespace fs = std::filesystem;
using Split = std::array<std::string, 4>;

// Rows in reading order: times of day and regimes as the day and the
// precedence list have them, each underlying and bucket's total last.
struct SplitOrder {
  static int rank(const std::vector<std::string_view>& order, const std::string& v) {
    return static_cast<int>(std::find(order.begin(), order.end(), v) - order.begin());
  }
  bool operator()(const Split& a, const Split& b) const {
    static const std::vector<std::string_view> times = {"before 11:00", "11:00-13:30", "after 13:30", "all"};
    static const std::vector<std::string_view> regimes = {"fear", "bursting", "vacuum", "flicker", "trending", "calm", "all"};
    const auto key = [](const Split& s) {
      return std::tuple(s[0], rank({"0", "1-2", "3-4", "5-6", "7+"}, s[1]), rank(times, s[2]), rank(regimes, s[3]));
    };
    return key(a) < key(b);
  }
};
constexpr double kNull = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kMicrosPerSecond = 1'000'000;

// The pulls and replenishes of one kind of book.
struct LiquidityTally {
  double pulls = 0, replenishes = 0, recovered = 0;
  std::vector<double> recovery_s, half_life;
};

// Everything one split of the tables counts.
struct Tally {
  double seconds = 0;
  std::vector<double> size, duration, rel_ce, rel_pe;
  double up = 0, down = 0, trade = 0, vacuum = 0, mixed = 0, with_jump = 0;
  double jumps = 0, jumps_in_burst = 0;
  LiquidityTally options, futures;  // the ATM +- 2 strikes' books, the front futures' book
  double fear = 0;
  std::vector<double> fear_half_life;
};

// "before 11:00", "11:00-13:30" or "after 13:30" of a wall-clock timestamp in microseconds.
std::string time_of_day(std::int64_t micros) {
  const std::int64_t second = micros / kMicrosPerSecond % 86400;
  if (second < 11 * 3600) return "before 11:00";
  if (second < 13 * 3600 + 30 * 60) return "11:00-13:30";
  return "after 13:30";
}

double value_or_null(const parquet::ColumnData& c, std::size_t r) { return c.is_valid(r) ? c.f64[r] : kNull; }
void push_valid(std::vector<double>& v, double x) {
  if (!std::isnan(x)) v.push_back(x);
}

class Collector {
 public:
  void add_day(const fs::path& truth, const TruthDay& day) {
    const auto file = [&](TruthTable t) { return truth / table_file(t, day.date, day.underlying); };
    const auto features = read_columns(file(TruthTable::kFeatures), {"dte_bucket"});
    if (features[0].size() == 0) return;
    const std::string bucket(features[0].string_at(0));
    const auto regimes = read_columns(file(TruthTable::kRegimes), {"time", "regime"});
    const std::vector<std::int64_t>& time = regimes[0].i64;
    for (std::size_t r = 0; r < time.size(); ++r) {
      for (Tally* t : tallies(day.underlying, bucket, time[r], std::string(regimes[1].string_at(r)))) t->seconds += 1;
    }
    // An event belongs to the regime it arose from: the second before its start, where there is one.
    const auto regime_before = [&](std::int64_t start) {
      const auto at = std::lower_bound(time.begin(), time.end(), start) - time.begin();
      const bool previous = at > 0 && time[static_cast<std::size_t>(at - 1)] == start - kMicrosPerSecond;
      const auto row = static_cast<std::size_t>(previous ? at - 1 : std::min<std::ptrdiff_t>(at, std::ssize(time) - 1));
      return std::string(regimes[1].string_at(row));
    };
    const auto events = read_columns(file(TruthTable::kEvents), kEventColumns);
    for (std::size_t r = 0; r < events[0].size(); ++r) {
      const std::int64_t start = events[1].i64[r];
      for (Tally* t : tallies(day.underlying, bucket, start, regime_before(start))) add_event(*t, events, r);
    }
  }

  std::map<Split, Tally, SplitOrder> take() { return std::move(tallies_); }

 private:
  inline static const std::vector<std::string> kEventColumns = {
      "kind", "start", "duration_s", "direction", "label", "size", "rel_delta_ce", "rel_delta_pe",
      "jumps", "in_burst", "recovered", "recovery_s", "half_life_s", "instrument"};

  // The split's tally and its underlying and bucket's total.
  std::array<Tally*, 2> tallies(const std::string& underlying, const std::string& bucket, std::int64_t micros,
                                const std::string& regime) {
    return {&tallies_[{underlying, bucket, time_of_day(micros), regime}], &tallies_[{underlying, bucket, "all", "all"}]};
  }

  static void add_event(Tally& t, const std::vector<parquet::ColumnData>& e, std::size_t r) {
    const std::string_view kind = e[0].string_at(r);
    const auto text = [&](std::size_t c) { return e[c].is_valid(r) ? e[c].string_at(r) : std::string_view(); };
    if (kind == "burst") {
      push_valid(t.size, value_or_null(e[5], r));
      push_valid(t.duration, value_or_null(e[2], r));
      push_valid(t.rel_ce, value_or_null(e[6], r));
      push_valid(t.rel_pe, value_or_null(e[7], r));
      (text(3) == "up" ? t.up : t.down) += 1;
      t.trade += text(4) == "trade";
      t.vacuum += text(4) == "vacuum";
      t.mixed += text(4) == "mixed";
      t.with_jump += e[8].is_valid(r) && e[8].i64[r] > 0;
    } else if (kind == "jump") {
      t.jumps += 1;
      t.jumps_in_burst += e[9].is_valid(r) && e[9].bools[r];
    } else if (kind == "pull") {
      LiquidityTally& book = text(13) == "futures" ? t.futures : t.options;
      book.pulls += 1;
      book.recovered += e[10].is_valid(r) && e[10].bools[r];
      push_valid(book.recovery_s, value_or_null(e[11], r));
      push_valid(book.half_life, value_or_null(e[12], r));
    } else if (kind == "replenish") {
      (text(13) == "futures" ? t.futures : t.options).replenishes += 1;
    } else if (kind == "fear") {
      t.fear += 1;
    } else if (kind == "fear_decay") {
      push_valid(t.fear_half_life, value_or_null(e[12], r));
    }
  }

  std::map<Split, Tally, SplitOrder> tallies_;
};

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (const double x : v) sum += x;
  return v.empty() ? kNull : sum / static_cast<double>(v.size());
}
double ratio(double part, double whole) { return whole > 0 ? part / whole : kNull; }

using Statistic = std::pair<std::string, std::function<double(const Tally&)>>;

// mean, median, p90, p95 and max of a size or duration; p10, median and p90 of a relative delta.
void add_distribution(std::vector<Statistic>& stats, const std::string& prefix, std::vector<double> Tally::*values,
                      bool sizes) {
  if (sizes) stats.emplace_back(prefix + "_mean", [values](const Tally& t) { return mean(t.*values); });
  const std::vector<std::pair<std::string, double>> points =
      sizes ? std::vector<std::pair<std::string, double>>{{"median", 0.5}, {"p90", 0.9}, {"p95", 0.95}, {"max", 1.0}}
            : std::vector<std::pair<std::string, double>>{{"p10", 0.1}, {"median", 0.5}, {"p90", 0.9}};
  for (const auto& [suffix, level] : points) {
    // A copy, not the binding: clang 14 (the fuzz build) cannot capture structured bindings.
    const double p = level;
    stats.emplace_back(prefix + "_" + suffix, [values, p](const Tally& t) { return quantile(t.*values, p); });
  }
}

StatTable make_table(const std::string& name, const std::vector<Statistic>& stats, const std::map<Split, Tally, SplitOrder>& tallies) {
  StatTable table;
  table.name = name;
  for (const Statistic& s : stats) table.columns.push_back(s.first);
  for (const auto& [split, tally] : tallies) {
    StatTable::Row row{split, {}};
    for (const Statistic& s : stats) row.values.push_back(s.second(tally));
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::vector<Statistic> burst_statistics() {
  std::vector<Statistic> s = {{"bursts", [](const Tally& t) { return static_cast<double>(t.size.size()); }},
                              {"up", [](const Tally& t) { return t.up; }},
                              {"down", [](const Tally& t) { return t.down; }}};
  add_distribution(s, "size", &Tally::size, true);
  add_distribution(s, "duration_s", &Tally::duration, true);
  add_distribution(s, "rel_delta_ce", &Tally::rel_ce, false);
  add_distribution(s, "rel_delta_pe", &Tally::rel_pe, false);
  const auto labelled = [](const Tally& t) { return t.trade + t.vacuum + t.mixed; };
  s.emplace_back("trade_pct", [=](const Tally& t) { return 100 * ratio(t.trade, labelled(t)); });
  s.emplace_back("vacuum_pct", [=](const Tally& t) { return 100 * ratio(t.vacuum, labelled(t)); });
  s.emplace_back("mixed_pct", [=](const Tally& t) { return 100 * ratio(t.mixed, labelled(t)); });
  return s;
}

// The options' columns unprefixed (as before the futures had a book), the futures' with "fut_".
std::vector<Statistic> liquidity_statistics() {
  const auto minutes = [](const Tally& t) { return t.seconds / 60; };
  std::vector<Statistic> s = {{"minutes", minutes}};
  for (const auto& [prefix, book] : {std::pair{std::string(), &Tally::options}, std::pair{std::string("fut_"), &Tally::futures}}) {
    // Copies, not the bindings: clang 14 (the fuzz build) cannot capture structured bindings.
    const auto of = book;
    const auto tally = [of](const Tally& t) -> const LiquidityTally& { return t.*of; };
    s.emplace_back(prefix + "pulls", [=](const Tally& t) { return tally(t).pulls; });
    s.emplace_back(prefix + "pulls_per_min", [=](const Tally& t) { return ratio(tally(t).pulls, minutes(t)); });
    s.emplace_back(prefix + "replenishes", [=](const Tally& t) { return tally(t).replenishes; });
    s.emplace_back(prefix + "replenishes_per_min", [=](const Tally& t) { return ratio(tally(t).replenishes, minutes(t)); });
    s.emplace_back(prefix + "recovery_prob", [=](const Tally& t) { return ratio(tally(t).recovered, tally(t).pulls); });
    s.emplace_back(prefix + "recovery_s_median", [=](const Tally& t) { return quantile(tally(t).recovery_s, 0.5); });
    s.emplace_back(prefix + "half_life_s_median", [=](const Tally& t) { return quantile(tally(t).half_life, 0.5); });
  }
  return s;
}

std::vector<Statistic> fear_and_jump_statistics() {
  return {{"minutes", [](const Tally& t) { return t.seconds / 60; }},
          {"fear", [](const Tally& t) { return t.fear; }},
          {"fear_per_hour", [](const Tally& t) { return ratio(t.fear, t.seconds / 3600); }},
          {"fear_half_life_s_median", [](const Tally& t) { return quantile(t.fear_half_life, 0.5); }},
          {"jumps", [](const Tally& t) { return t.jumps; }},
          {"jumps_in_burst_pct", [](const Tally& t) { return 100 * ratio(t.jumps_in_burst, t.jumps); }},
          {"bursts_with_jump_pct",
           [](const Tally& t) { return 100 * ratio(t.with_jump, static_cast<double>(t.size.size())); }}};
}

TruthStats build_tables(const std::map<Split, Tally, SplitOrder>& tallies) {
  TruthStats out;
  out.tables.push_back(make_table("bursts", burst_statistics(), tallies));
  out.tables.push_back(make_table("liquidity", liquidity_statistics(), tallies));
  out.tables.push_back(make_table("fear_and_jumps", fear_and_jump_statistics(), tallies));
  for (const auto& [split, tally] : tallies) {
    if (split[2] == "all") out.samples.push_back({split[0], split[1], tally.size, tally.duration});
  }
  return out;
}

}  // namespace

double quantile(std::vector<double> values, double p) {
  if (values.empty()) return kNull;
  std::sort(values.begin(), values.end());
  const double position = p * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

TruthStats truth_stats(const fs::path& truth, const market::DaySelection& days) {
  if (!fs::is_directory(truth)) fail("{}: no such truth folder", truth.string());
  Collector collector;
  for (const TruthDay& day : TruthManifest::load(truth).days) {
    if ((days.from && day.date < *days.from) || (days.to && day.date > *days.to)) continue;
    const auto same_name = [&](const std::string& u) {
      return std::equal(u.begin(), u.end(), day.underlying.begin(), day.underlying.end(),
                        [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == std::toupper(static_cast<unsigned char>(b)); });
    };
    if (!days.underlyings.empty() && std::none_of(days.underlyings.begin(), days.underlyings.end(), same_name)) continue;
    collector.add_day(truth, day);
  }
  const std::map<Split, Tally, SplitOrder> tallies = collector.take();
  return build_tables(tallies);
}

}  // namespace tapelab::truth
