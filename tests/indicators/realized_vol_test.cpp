// Realized volatility: root mean square of log returns over the last n.
#include <cmath>

#include <gtest/gtest.h>

#include "indicators/realized_vol.h"
#include "util/error.h"

namespace tapelab::indicators {
namespace {

TEST(RealizedVolatility, RootMeanSquareOfLogReturns) {
  RealizedVolatility rv(2);
  rv.update(100);
  EXPECT_FALSE(rv.value());
  rv.update(110);
  EXPECT_NEAR(*rv.value(), std::log(1.1), 1e-15);
  rv.update(99);  // returns ln 1.1 and ln 0.9
  const double a = std::log(1.1), b = std::log(0.9);
  EXPECT_NEAR(*rv.value(), std::sqrt((a * a + b * b) / 2), 1e-15);
  rv.update(99);  // window {ln 0.9, 0}
  EXPECT_NEAR(*rv.value(), std::sqrt(b * b / 2), 1e-15);
  EXPECT_NEAR(*rv.annualized(18900), std::sqrt(b * b / 2) * std::sqrt(18900.0), 1e-12);
  EXPECT_TRUE(rv.full());
}

TEST(RealizedVolatility, FlatSeriesIsZeroAndPricesMustBePositive) {
  RealizedVolatility rv(5);
  for (int i = 0; i < 10; ++i) rv.update(26000);
  EXPECT_EQ(*rv.value(), 0);
  EXPECT_THROW(rv.update(0), Error);
}

}  // namespace
}  // namespace tapelab::indicators
