// Exponential moving average of a series, one sample at a time.
#pragma once

#include <cstdint>
#include <optional>

namespace tapelab::indicators {

// EMA over n samples with alpha = 2 / (n + 1). The first sample seeds the
// value (the users' convention: the EMAs "start at the first price"); every
// later sample x moves it by value += alpha * (x - value), which is exact on a
// flat series. After an update with the sample of second t, value() includes
// every sample fed so far, up to and including t, and nothing later.
class Ema {
 public:
  explicit Ema(int n);  // n >= 1, else throws Error

  void update(double x);
  // nullopt before the first sample.
  std::optional<double> value() const;
  // How many samples it has seen (a caller may wait for n before trusting it).
  std::int64_t samples() const { return samples_; }
  int period() const { return period_; }

 private:
  int period_;
  double alpha_;
  double value_ = 0;
  std::int64_t samples_ = 0;
};

}  // namespace tapelab::indicators
