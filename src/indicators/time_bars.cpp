#include "indicators/time_bars.h"

#include <algorithm>

namespace tapelab::indicators {
namespace {

// Floor division, so bars before the clock's origin align too.
std::int64_t bar_start(std::int64_t time, std::int64_t length) {
  const std::int64_t q = time / length;
  return (time % length < 0 ? q - 1 : q) * length;
}

}  // namespace

TimeBars::TimeBars(std::int64_t length_seconds) : length_(checked_window(length_seconds)) {}

bool TimeBars::update(std::int64_t time, double price, double volume) {
  clock_.advance(time);
  const std::int64_t start = bar_start(time, length_);
  bool closed = false;
  if (forming_ && forming_->start != start) {
    closed_ = forming_;
    ++closed_count_;
    forming_.reset();
    closed = true;
  }
  if (!forming_) {
    forming_ = Bar{start, price, price, price, price, volume, 1};
  } else {
    forming_->high = std::max(forming_->high, price);
    forming_->low = std::min(forming_->low, price);
    forming_->close = price;
    forming_->volume += volume;
    ++forming_->samples;
  }
  return closed;
}

}  // namespace tapelab::indicators
