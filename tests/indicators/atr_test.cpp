// ATR (simple mean of true ranges) and Keltner channels.
#include <gtest/gtest.h>

#include "indicators/atr.h"
#include "util/error.h"

namespace tapelab::indicators {
namespace {

TEST(Atr, TrueRangeReachesToThePreviousClose) {
  Atr atr(3);
  atr.update(12, 10, 11);  // first bar: 12 - 10 = 2
  atr.update(15, 13, 14);  // gap up: |15 - 11| = 4
  EXPECT_FALSE(atr.value());
  atr.update(14, 9, 10);  // max(5, |14-14|, |9-14|) = 5
  EXPECT_DOUBLE_EQ(*atr.value(), (2.0 + 4 + 5) / 3);
  atr.update(10.5, 10, 10.2);  // max(0.5, 0.5, 0) = 0.5; the first bar leaves
  EXPECT_DOUBLE_EQ(*atr.value(), (4 + 5 + 0.5) / 3);
}

TEST(Atr, OneSampleBarsGiveTheAbsoluteChange) {
  Atr atr(2);
  for (double x : {100.0, 103.0, 101.0}) atr.update(x, x, x);
  EXPECT_DOUBLE_EQ(*atr.value(), (3.0 + 2) / 2);
}

TEST(Keltner, SimpleMeanPlusMinusKAtr) {
  RollingStats closes(2);
  Atr atr(2);
  const double bars[][3] = {{12, 10, 11}, {15, 13, 14}};
  closes.update(bars[0][2]);
  atr.update(bars[0][0], bars[0][1], bars[0][2]);
  EXPECT_FALSE(keltner(closes, atr, 1.5));
  closes.update(bars[1][2]);
  atr.update(bars[1][0], bars[1][1], bars[1][2]);
  const auto bands = keltner(closes, atr, 1.5);  // mean 12.5, ATR (2 + 4) / 2 = 3
  ASSERT_TRUE(bands);
  EXPECT_DOUBLE_EQ(bands->middle, 12.5);
  EXPECT_DOUBLE_EQ(bands->upper, 17);
  EXPECT_DOUBLE_EQ(bands->lower, 8);
}

}  // namespace
}  // namespace tapelab::indicators
