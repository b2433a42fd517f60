// Mean and standard deviation of the last N samples of a series (a simple
// moving average, Bollinger bands), one sample at a time.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace tapelab::indicators {

// Statistics of the last n samples fed (fewer until n have arrived): after
// the update with the sample of second t they cover that sample and the n-1
// before it. O(1) per update: running sums, kept relative to a shift that is
// reset to the window's mean (and the sums recomputed) once every n updates,
// so rounding does not build up over a day.
class RollingStats {
 public:
  explicit RollingStats(std::size_t n);  // n >= 1, else throws Error

  void update(double x);
  std::size_t count() const { return count_; }  // samples in the window, <= n
  bool full() const { return count_ == window_.size(); }
  std::size_t period() const { return window_.size(); }
  // nullopt while the window is empty.
  std::optional<double> mean() const;
  // Population standard deviation (divides by the count, as Bollinger bands do).
  std::optional<double> stddev() const;
  // Mean of the squared samples (for a root mean square).
  std::optional<double> mean_square() const;

 private:
  void rebase();

  std::vector<double> window_;  // ring buffer
  std::size_t next_ = 0;        // where the next sample goes
  std::size_t count_ = 0;
  double shift_ = 0;
  double sum_ = 0;     // sum of (x - shift_)
  double sum_sq_ = 0;  // sum of (x - shift_)^2
};

struct Bands {
  double lower = 0;
  double middle = 0;
  double upper = 0;
};

// Bollinger bands of the window: mean -+ k x stddev; nullopt until the
// window is full (n samples).
std::optional<Bands> bollinger(const RollingStats& stats, double k);

}  // namespace tapelab::indicators
