#include "truth/periodicity.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "truth/params.h"

namespace tapelab::truth {
namespace {

constexpr double kNanosPerSecond = 1e9;
// A bin with fewer pooled returns than this has no estimate of its own.
constexpr std::size_t kMinBinReturns = 30;
// 0.741 makes the shortest half's length a consistent scale for the normal;
// 6.635 is chi-square(1)'s 99% point; 1.081 corrects the weighted standard
// deviation for the normal returns it leaves out (BCL 2011, section 3).
constexpr double kShortHalfConsistency = 0.741;
constexpr double kChiSquare99 = 6.635;
constexpr double kWeightedConsistency = 1.081;

std::size_t bin_of(const SessionGrid& grid, std::size_t i, int bin_s) {
  const double seconds = static_cast<double>(grid.seconds[i] - grid.day_start()) / kNanosPerSecond;
  return static_cast<std::size_t>(seconds) / static_cast<std::size_t>(bin_s);
}

// sqrt(pi/2 x mean |r_t||r_t-1|): the day's per-second scale, robust to its jumps.
double bipower_scale(const std::vector<double>& r) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = 1; i < r.size(); ++i) {
    const double product = std::abs(r[i]) * std::abs(r[i - 1]);
    if (std::isnan(product)) continue;
    sum += product;
    ++n;
  }
  return n == 0 ? 0 : std::sqrt(std::numbers::pi / 2 * sum / static_cast<double>(n));
}

// The length of the shortest interval holding half the values, made a scale.
double shortest_half_scale(std::vector<double>& values) {
  std::sort(values.begin(), values.end());
  const std::size_t h = values.size() / 2 + 1;
  double shortest = values.back() - values.front();
  for (std::size_t i = 0; i + h - 1 < values.size(); ++i) shortest = std::min(shortest, values[i + h - 1] - values[i]);
  return kShortHalfConsistency * shortest;
}

// Which returns count is decided against the shortest-half scale; where more
// than half the returns are equal (a price that stays put most seconds) that
// is 0, and the mean absolute return (made a normal scale) decides instead,
// so the weighting, and its correction, are the same in every bin.
double weighted_scale(std::vector<double>& values) {
  double initial = shortest_half_scale(values);
  if (!(initial > 0)) {
    double absolute = 0;
    for (const double x : values) absolute += std::abs(x);
    initial = std::sqrt(std::numbers::pi / 2) * absolute / static_cast<double>(values.size());
  }
  if (!(initial > 0)) return NAN;
  double squares = 0;
  std::size_t kept = 0;
  for (const double x : values) {
    if ((x / initial) * (x / initial) > kChiSquare99) continue;
    squares += x * x;
    ++kept;
  }
  return kept == 0 ? NAN : std::sqrt(kWeightedConsistency * squares / static_cast<double>(kept));
}

}  // namespace

std::vector<domain::Date> periodicity_window(domain::Date date, const domain::TradingCalendar& calendar, int days) {
  std::vector<domain::Date> out;
  for (domain::Date d = date; static_cast<int>(out.size()) < days;) {
    d = calendar.previous_trading_day(d);
    if (!calendar.covers(d)) break;
    out.push_back(d);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string Periodicity::describe(int min_days) const {
  if (on()) return fmt::format("periodicity from {} days", history_days);
  return fmt::format("periodicity off: {} days of history, {} needed", history_days, min_days);
}

Periodicity estimate_periodicity(std::span<const DayReturns* const> history, const SessionGrid& grid,
                                 const TruthParams& params) {
  Periodicity p;
  const int bin_s = params.periodicity_bin_s;
  std::vector<std::vector<double>> bins;
  for (const DayReturns* past : history) {
    const DayReturns& day = *past;
    const double scale = bipower_scale(day.ret_1s);
    if (!(scale > 0)) continue;
    ++p.history_days;
    for (std::size_t i = 0; i < day.ret_1s.size(); ++i) {
      if (std::isnan(day.ret_1s[i])) continue;
      const std::size_t b = bin_of(day.grid, i, bin_s);
      if (b >= bins.size()) bins.resize(b + 1);
      bins[b].push_back(day.ret_1s[i] / scale);
    }
  }
  if (p.history_days < params.periodicity_min_days || grid.size() == 0) return p;
  std::vector<double> by_bin(bins.size(), NAN);
  for (std::size_t b = 0; b < bins.size(); ++b) {
    if (bins[b].size() >= kMinBinReturns) by_bin[b] = weighted_scale(bins[b]);
  }
  // Seconds of bins without an estimate take the day's typical level.
  std::vector<double> estimated;
  for (const double f : by_bin) {
    if (f > 0) estimated.push_back(f);
  }
  if (estimated.empty()) return p;
  std::nth_element(estimated.begin(), estimated.begin() + estimated.size() / 2, estimated.end());
  const double typical = estimated[estimated.size() / 2];
  p.factor.resize(grid.size());
  double squares = 0;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const std::size_t b = bin_of(grid, i, bin_s);
    p.factor[i] = b < by_bin.size() && by_bin[b] > 0 ? by_bin[b] : typical;
    squares += p.factor[i] * p.factor[i];
  }
  const double norm = std::sqrt(squares / static_cast<double>(grid.size()));
  for (double& f : p.factor) f /= norm;
  return p;
}

}  // namespace tapelab::truth
