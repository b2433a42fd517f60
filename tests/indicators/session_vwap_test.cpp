// Session VWAP: price x volume since the open over the volume.
#include <gtest/gtest.h>

#include "indicators/session_vwap.h"
#include "util/error.h"

namespace tapelab::indicators {
namespace {

TEST(SessionVwap, WeightsPricesByTheirVolume) {
  SessionVwap vwap;
  vwap.update(100, 0);
  EXPECT_FALSE(vwap.value());  // nothing traded yet
  vwap.update(100, 75);
  vwap.update(104, 25);
  EXPECT_DOUBLE_EQ(*vwap.value(), 101);  // (7500 + 2600) / 100
  vwap.update(500, 0);                   // a quote without a trade does not move it
  EXPECT_DOUBLE_EQ(*vwap.value(), 101);
  EXPECT_EQ(vwap.volume(), 100);
  EXPECT_THROW(vwap.update(100, -1), Error);
}

}  // namespace
}  // namespace tapelab::indicators
