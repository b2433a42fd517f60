// Time bars from per-second samples, visible once closed.
#include <gtest/gtest.h>

#include "indicators/time_bars.h"
#include "util/error.h"

namespace tapelab::indicators {
namespace {

constexpr std::int64_t k0915 = 9 * 3600 + 15 * 60;

TEST(TimeBars, FiveMinuteBarClosesWithTheFirstSampleOfTheNext) {
  TimeBars bars(300);
  // 09:15:00 ... 09:19:59 every second, price = 100 + (second % 7).
  for (std::int64_t t = k0915; t < k0915 + 300; ++t) {
    EXPECT_FALSE(bars.update(t, 100 + static_cast<double>((t - k0915) % 7), 2));
  }
  EXPECT_FALSE(bars.last_closed());  // 09:19:59: the bar is still forming
  EXPECT_TRUE(bars.update(k0915 + 300, 50, 1));  // 09:20:00 closes it
  const Bar& bar = *bars.last_closed();
  EXPECT_EQ(bar.start, k0915);
  EXPECT_EQ(bar.open, 100);
  EXPECT_EQ(bar.high, 106);
  EXPECT_EQ(bar.low, 100);
  EXPECT_EQ(bar.close, 100 + 299 % 7);  // 09:19:59 is second 299: 100 + 5
  EXPECT_EQ(bar.volume, 600);
  EXPECT_EQ(bar.samples, 300);
  EXPECT_EQ(bars.closed_count(), 1);
}

TEST(TimeBars, GapsMakeNoEmptyBars) {
  TimeBars bars(60);
  bars.update(k0915 + 10, 5);
  bars.update(k0915 + 70, 6);   // closes 09:15
  bars.update(k0915 + 200, 7);  // closes 09:16; 09:17 had no samples
  EXPECT_EQ(bars.last_closed()->start, k0915 + 60);
  EXPECT_EQ(bars.last_closed()->close, 6);
  EXPECT_EQ(bars.closed_count(), 2);
  EXPECT_THROW(bars.update(k0915 + 199, 7), Error);
  EXPECT_THROW(TimeBars(0), Error);
}

}  // namespace
}  // namespace tapelab::indicators
