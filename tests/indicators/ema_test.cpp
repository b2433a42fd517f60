// EMA: seeded by the first sample, alpha = 2 / (n + 1).
#include <gtest/gtest.h>

#include "indicators/ema.h"
#include "util/error.h"

namespace tapelab::indicators {
namespace {

TEST(Ema, FirstSampleSeedsThenAlphaTwoOverNPlusOne) {
  Ema ema(3);  // alpha = 0.5
  EXPECT_FALSE(ema.value());
  ema.update(10);
  EXPECT_DOUBLE_EQ(*ema.value(), 10);
  ema.update(14);  // 10 + 0.5 x 4
  EXPECT_DOUBLE_EQ(*ema.value(), 12);
  ema.update(8);  // 12 + 0.5 x -4
  EXPECT_DOUBLE_EQ(*ema.value(), 10);
  EXPECT_EQ(ema.samples(), 3);
}

TEST(Ema, FiveAndTwentyOne) {
  Ema fast(5);   // alpha 1/3
  Ema slow(21);  // alpha 1/11
  for (double x : {100.0, 103.0}) {
    fast.update(x);
    slow.update(x);
  }
  EXPECT_DOUBLE_EQ(*fast.value(), 101);
  EXPECT_NEAR(*slow.value(), 100 + 3.0 / 11, 1e-12);
}

TEST(Ema, FlatSeriesStaysExact) {
  Ema ema(21);
  for (int i = 0; i < 1000; ++i) ema.update(123.45);
  EXPECT_EQ(*ema.value(), 123.45);
}

TEST(Ema, RejectsAPeriodBelowOne) { EXPECT_THROW(Ema(0), Error); }

}  // namespace
}  // namespace tapelab::indicators
