// Indicators over a window of seconds: rolling high/low, velocity, volume sums.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "indicators/rolling_extremes.h"
#include "indicators/velocity.h"
#include "indicators/window_sum.h"
#include "util/error.h"

namespace tapelab::indicators {
namespace {

TEST(RollingExtremes, WindowIsTheLastWSecondsIncludingNow) {
  RollingExtremes ext(3);  // at t: samples t-2, t-1, t
  ext.update(100, 5);
  ext.update(101, 9);
  EXPECT_FALSE(ext.full());
  ext.update(102, 7);
  EXPECT_TRUE(ext.full());
  EXPECT_EQ(*ext.high(), 9);
  EXPECT_EQ(*ext.low(), 5);
  EXPECT_EQ(*ext.range(), 4);
  ext.update(103, 6);  // 100 has left: {9, 7, 6}
  EXPECT_EQ(*ext.low(), 6);
  EXPECT_EQ(*ext.high(), 9);
  ext.update(104, 6.5);  // {7, 6, 6.5}
  EXPECT_EQ(*ext.high(), 7);
  ext.update(110, 8);  // a gap: only the 110 sample is in (107, 110]
  EXPECT_EQ(*ext.high(), 8);
  EXPECT_EQ(*ext.low(), 8);
  EXPECT_EQ(*ext.range(), 0);
}

TEST(RollingExtremes, EqualValuesKeepTheNewest) {
  RollingExtremes ext(2);
  ext.update(1, 5);
  ext.update(2, 5);
  ext.update(3, 4);  // the 5 of second 2 is still inside
  EXPECT_EQ(*ext.high(), 5);
  ext.update(4, 3);
  EXPECT_EQ(*ext.high(), 4);
}

TEST(RollingExtremes, RejectsTimeGoingBack) {
  RollingExtremes ext(5);
  ext.update(10, 1);
  EXPECT_THROW(ext.update(9, 1), Error);
  EXPECT_THROW(RollingExtremes(0), Error);
}

TEST(Velocity, ChangeAgainstTheValueNSecondsAgo) {
  Velocity v(3);
  v.update(10, 100);
  v.update(11, 101);
  v.update(12, 103);
  EXPECT_FALSE(v.value());  // nothing at or before 12 - 3 = 9
  v.update(13, 104);        // against second 10
  EXPECT_DOUBLE_EQ(*v.value(), 4);
  v.update(14, 102);  // against second 11
  EXPECT_DOUBLE_EQ(*v.value(), 1);
  v.update(20, 110);  // a gap: the newest sample at or before 17 is second 14
  EXPECT_DOUBLE_EQ(*v.value(), 8);
}

TEST(WindowSum, SumAndPerSecondAverage) {
  WindowSum sum(3);
  sum.update(0, 10);
  sum.update(1, 20);
  EXPECT_FALSE(sum.per_second());
  EXPECT_EQ(sum.sum(), 30);
  sum.update(2, 0);
  EXPECT_DOUBLE_EQ(*sum.per_second(), 10);
  sum.update(3, 60);  // second 0 leaves: 20 + 0 + 60
  EXPECT_EQ(sum.sum(), 80);
  sum.update(3, 1);  // two amounts in one second add up
  EXPECT_EQ(sum.sum(), 81);
  sum.update(10, 5);
  EXPECT_EQ(sum.sum(), 5);
  EXPECT_NEAR(*sum.per_second(), 5.0 / 3, 1e-12);
}

// A trading day of samples, several in some seconds and none in others, so
// the ring buffers under the windows grow past their first capacity, wrap
// and shrink: every value must equal a brute-force scan of the same window.
TEST(TimeWindows, ADayOfIrregularSamplesMatchesABruteForceScan) {
  constexpr std::int64_t kWindow = 300;
  RollingExtremes extremes(kWindow);
  WindowSum sum(kWindow);
  Velocity velocity(kWindow);
  std::vector<std::pair<std::int64_t, double>> fed;
  std::uint64_t state = 42;
  const auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  std::int64_t time = 0;
  for (int i = 0; i < 20000; ++i) {
    time += static_cast<std::int64_t>(next() >> 62);  // 0-3 s apart: repeats and gaps
    const double x = static_cast<double>((next() >> 40) % 1000) / 10;
    extremes.update(time, x);
    sum.update(time, x);
    velocity.update(time, x);
    fed.emplace_back(time, x);

    double high = x, low = x, total = 0;
    std::optional<double> then;
    for (const auto& [t, v] : fed) {
      if (t > time - kWindow) {
        high = std::max(high, v);
        low = std::min(low, v);
        total += v;
      }
      if (t <= time - kWindow) then = v;  // the newest sample at or before t - W
    }
    ASSERT_EQ(extremes.high(), high) << "sample " << i;
    ASSERT_EQ(extremes.low(), low) << "sample " << i;
    ASSERT_NEAR(sum.sum(), total, 1e-6) << "sample " << i;
    ASSERT_EQ(velocity.value(), then ? std::optional(x - *then) : std::nullopt) << "sample " << i;
    // Keep the scan short: drop what no window reaches any more (the newest
    // sample at or before t - W stays for the velocity).
    while (fed.size() > 1 && fed[1].first <= time - kWindow) fed.erase(fed.begin());
  }
}

}  // namespace
}  // namespace tapelab::indicators
