#include "truth/jumps.h"

#include <cmath>
#include <numbers>

namespace tapelab::truth {

double lee_mykland_threshold(double alpha, double n) {
  const double c = std::sqrt(2 / std::numbers::pi);
  const double root = std::sqrt(2 * std::log(n));
  const double centre = root / c - (std::log(std::numbers::pi) + std::log(std::log(n))) / (2 * c * root);
  const double scale = 1 / (c * root);
  return centre + scale * -std::log(-std::log(1 - alpha));
}

std::vector<Event> jump_events(const SeriesFeatures& spot, const SessionGrid& grid, const TruthParams& params,
                               const std::vector<BurstSpan>& bursts, std::span<const double> factor) {
  const auto window = static_cast<std::size_t>(params.jump_window);
  const double threshold = lee_mykland_threshold(params.jump_alpha, params.jump_observations);
  std::vector<double> standardised;
  if (!factor.empty()) {
    standardised.resize(spot.ret_1s.size());
    for (std::size_t i = 0; i < standardised.size(); ++i) standardised[i] = spot.ret_1s[i] / factor[i];
  }
  const std::vector<double>& r = factor.empty() ? spot.ret_1s : standardised;
  std::vector<Event> out;
  std::size_t burst = 0;  // the first burst not ended before i
  for (std::size_t i = window; i < grid.size(); ++i) {
    while (burst < bursts.size() && bursts[burst].end < i) ++burst;
    if (!grid.spans(i, window)) continue;
    // Returns i-window+1 .. i: bipower products of neighbours before i, and the whole window's sums.
    double products_before = 0, squares = 0;
    for (std::size_t j = i + 1 - window; j <= i; ++j) {
      squares += r[j] * r[j];
      if (j > i + 1 - window && j < i) products_before += std::abs(r[j]) * std::abs(r[j - 1]);
    }
    const double sigma = std::sqrt(products_before / static_cast<double>(window - 2));
    if (!(sigma > 0)) continue;  // a still window (or a missing return) tests nothing
    const double lm = r[i] / sigma;
    if (!(std::abs(lm) > threshold)) continue;
    const double bipower = std::numbers::pi / 2 * (products_before + std::abs(r[i]) * std::abs(r[i - 1]));
    Event e;
    e.kind = "jump";
    e.start = e.end = e.known_at = i;
    e.set(Text::kDirection, r[i] > 0 ? "up" : "down");
    e.set(Num::kRet, spot.ret_1s[i]);
    e.set(Num::kLmStat, lm);
    e.set(Num::kLmThreshold, threshold);
    e.set(Num::kRv, std::sqrt(squares));
    e.set(Num::kBv, std::sqrt(bipower));
    e.set(Num::kJumpShare, std::max(0.0, (squares - bipower) / squares));
    e.set(Flag::kInBurst, burst < bursts.size() && bursts[burst].in(i));
    out.push_back(e);
  }
  return out;
}

}  // namespace tapelab::truth
