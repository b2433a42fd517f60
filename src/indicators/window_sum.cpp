#include "indicators/window_sum.h"

namespace tapelab::indicators {

WindowSum::WindowSum(std::int64_t window_seconds) : window_(checked_window(window_seconds)) {}

void WindowSum::update(std::int64_t time, double amount) {
  clock_.advance(time);
  amounts_.push_back({time, amount});
  sum_ += amount;
  const std::int64_t oldest = time - window_ + 1;
  while (amounts_.front().time < oldest) {
    sum_ -= amounts_.front().value;
    amounts_.pop_front();
  }
}

bool WindowSum::full() const { return clock_.covers(window_); }

std::optional<double> WindowSum::per_second() const {
  if (!full()) return std::nullopt;
  return sum_ / static_cast<double>(window_);
}

}  // namespace tapelab::indicators
