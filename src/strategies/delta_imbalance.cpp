#include "strategies/delta_imbalance.h"

#include <cmath>

#include "util/error.h"

namespace tapelab::strategies {

EmpiricalDeltas::EmpiricalDeltas(std::int64_t window_seconds, double min_spot_move)
    : window_(window_seconds), min_spot_move_(min_spot_move) {
  if (window_ < 1) fail("empirical deltas need a window of at least 1 second, not {}", window_);
}

void EmpiricalDeltas::update(std::int64_t second, double spot, double call_mark, double put_mark) {
  samples_.push_back({second, spot, call_mark, put_mark});
  // Keep the newest sample at or before second - W as the window's start.
  while (samples_.size() > 1 && samples_[1].second <= second - window_) samples_.pop_front();
}

std::optional<double> EmpiricalDeltas::delta(domain::OptionType type) const {
  if (samples_.empty() || samples_.front().second > samples_.back().second - window_) return std::nullopt;
  const Sample& then = samples_.front();
  const Sample& now = samples_.back();
  const double spot_move = now.spot - then.spot;
  if (!(std::abs(spot_move) >= min_spot_move_)) return std::nullopt;
  const double premium_move = type == domain::OptionType::kCall ? now.call - then.call : now.put - then.put;
  return premium_move / spot_move;
}

std::optional<domain::OptionType> EmpiricalDeltas::dominant(double dominance) const {
  const auto call = delta(domain::OptionType::kCall);
  const auto put = delta(domain::OptionType::kPut);
  if (!call || !put) return std::nullopt;
  if (std::abs(*call) > 0 && std::abs(*call) >= dominance * std::abs(*put)) return domain::OptionType::kCall;
  if (std::abs(*put) > 0 && std::abs(*put) >= dominance * std::abs(*call)) return domain::OptionType::kPut;
  return std::nullopt;
}

}  // namespace tapelab::strategies
