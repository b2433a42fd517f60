// Rolling mean and standard deviation over the last N samples; Bollinger bands.
#include <cmath>

#include <gtest/gtest.h>

#include "indicators/rolling_stats.h"
#include "util/error.h"

namespace tapelab::indicators {
namespace {

TEST(RollingStats, CoversTheLastNSamples) {
  RollingStats stats(3);
  EXPECT_FALSE(stats.mean());
  stats.update(2);
  stats.update(4);
  EXPECT_FALSE(stats.full());
  EXPECT_DOUBLE_EQ(*stats.mean(), 3);
  EXPECT_DOUBLE_EQ(*stats.stddev(), 1);  // population: sqrt(((2-3)^2 + (4-3)^2) / 2)
  stats.update(9);                       // {2, 4, 9}: mean 5
  EXPECT_TRUE(stats.full());
  EXPECT_DOUBLE_EQ(*stats.mean(), 5);
  EXPECT_NEAR(*stats.stddev(), std::sqrt((9.0 + 1 + 16) / 3), 1e-12);
  stats.update(1);  // {4, 9, 1}: the 2 has left
  EXPECT_NEAR(*stats.mean(), 14.0 / 3, 1e-12);
  EXPECT_NEAR(*stats.mean_square(), (16.0 + 81 + 1) / 3, 1e-12);
}

TEST(RollingStats, NoDriftOverADayOfLargePrices) {
  // A spot near 26000 moving by cents for a full session: the window of the
  // last 4 samples must still give its exact mean and spread.
  RollingStats stats(4);
  double x = 26000;
  for (int i = 0; i < 22500; ++i) {
    x += (i % 7) * 0.05 - 0.15;
    stats.update(x);
  }
  // The last four samples, recomputed from scratch.
  double last[4];
  double y = 26000;
  for (int i = 0; i < 22500; ++i) {
    y += (i % 7) * 0.05 - 0.15;
    if (i >= 22496) last[i - 22496] = y;
  }
  const double mean = (last[0] + last[1] + last[2] + last[3]) / 4;
  double var = 0;
  for (double v : last) var += (v - mean) * (v - mean);
  EXPECT_NEAR(*stats.mean(), mean, 1e-9);
  EXPECT_NEAR(*stats.stddev(), std::sqrt(var / 4), 1e-6);
}

TEST(Bollinger, MeanPlusMinusKStddevOnceFull) {
  RollingStats stats(4);
  for (double x : {10.0, 12.0, 14.0}) stats.update(x);
  EXPECT_FALSE(bollinger(stats, 2));
  stats.update(16);  // mean 13, population stddev sqrt(5)
  const auto bands = bollinger(stats, 2);
  ASSERT_TRUE(bands);
  EXPECT_DOUBLE_EQ(bands->middle, 13);
  EXPECT_NEAR(bands->upper, 13 + 2 * std::sqrt(5.0), 1e-12);
  EXPECT_NEAR(bands->lower, 13 - 2 * std::sqrt(5.0), 1e-12);
}

TEST(RollingStats, RejectsAnEmptyWindow) { EXPECT_THROW(RollingStats(0), Error); }

}  // namespace
}  // namespace tapelab::indicators
