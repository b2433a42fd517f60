#include "indicators/velocity.h"

namespace tapelab::indicators {

Velocity::Velocity(std::int64_t seconds) : seconds_(checked_window(seconds)) {}

void Velocity::update(std::int64_t time, double x) {
  clock_.advance(time);
  samples_.push_back({time, x});
  const std::int64_t then = time - seconds_;
  while (samples_.size() >= 2 && samples_[1].time <= then) samples_.pop_front();
}

std::optional<double> Velocity::value() const {
  if (samples_.empty() || samples_.front().time > samples_.back().time - seconds_) return std::nullopt;
  return samples_.back().value - samples_.front().value;
}

}  // namespace tapelab::indicators
