// The calibrated index model (gen/market.h, docs/market-truth.md#a-generated-
// month-against-the-users-figures): option quoters take up 65% of a fast move
// at once, and a burst lifts implied vol only when it is a fear burst, which
// only down bursts are.
#include "gen/market.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "domain/underlying.h"

namespace tapelab::gen {
namespace {

std::vector<SpotDay> expiry_days(int count) {
  const MarketModel model(11, *domain::find_underlying("NIFTY"));
  std::vector<SpotDay> days;
  domain::Date d = domain::Date::from_ymd(2025, 6, 2);
  while (static_cast<int>(days.size()) < count) {
    const int weekday = (d.days() + 4) % 7;  // 1970-01-01 was a Thursday; 0 = Sunday
    if (weekday >= 1 && weekday <= 5) days.push_back(model.simulate_day(d, true));
    d = d + 1;
  }
  return days;
}

TEST(MarketModel, QuotersTakeUpAboutTwoThirdsOfABurstAtOnce) {
  std::vector<double> shares;
  for (const SpotDay& day : expiry_days(20)) {
    ASSERT_EQ(day.quoted_spot.size(), day.spot.size());
    for (const Burst& burst : day.bursts) {
      const auto from = static_cast<size_t>(burst.start - 1);
      const auto to = static_cast<size_t>(burst.start + burst.duration - 1);
      const double moved = day.spot[to] - day.spot[from];
      if (std::abs(moved) < 5.0) continue;  // noise would dominate the share
      shares.push_back((day.quoted_spot[to] - day.quoted_spot[from]) / moved);
    }
  }
  ASSERT_GE(shares.size(), 50u);
  std::nth_element(shares.begin(), shares.begin() + static_cast<std::ptrdiff_t>(shares.size() / 2), shares.end());
  const double median = shares[shares.size() / 2];
  EXPECT_GT(median, 0.62);
  EXPECT_LT(median, 0.75);
}

TEST(MarketModel, OnlyFearBurstsLiftImpliedVolAndOnlyDownBurstsAreFear) {
  int down = 0, fear = 0;
  for (const SpotDay& day : expiry_days(40)) {
    for (const Burst& burst : day.bursts) {
      // Over the burst itself: earlier fear only decays, the open premium too.
      const float rise = day.iv_factor[static_cast<size_t>(burst.start + burst.duration - 1)] -
                         day.iv_factor[static_cast<size_t>(burst.start - 1)];
      if (burst.points < 0) ++down;
      if (rise <= 1e-6f) continue;
      EXPECT_GE(rise, 0.2f) << "a burst lifted implied vol by less than fear does";
      EXPECT_LT(burst.points, 0) << "an up burst lifted implied vol";
      ++fear;
    }
  }
  ASSERT_GT(down, 100);
  EXPECT_GT(fear, down * 3 / 100);
  EXPECT_LT(fear, down * 30 / 100);
}

}  // namespace
}  // namespace tapelab::gen
