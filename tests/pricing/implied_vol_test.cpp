// Implied volatility: round trips across strikes, expiries and vols within the
// tolerances of docs/engine-rules.md#iv-solve, and a reason wherever there is
// no vol.
#include <cmath>

#include <gtest/gtest.h>

#include "pricing/implied_vol.h"
#include "util/error.h"

namespace tapelab::pricing {
namespace {

// docs/engine-rules.md#iv-solve: reprice within 1e-6; the input vol within 1e-8
// wherever vega > 1e-4.
constexpr double kRepriceTolerance = 1e-6;
constexpr double kVolTolerance = 1e-8;

struct GridCounts {
  int solved = 0;
  int refused = 0;
};

// Prices each option at each vol, solves back, and checks the contract.
GridCounts round_trip_grid(Model model, double underlying, double strike_step) {
  GridCounts counts;
  const double years_grid[] = {60.0 / (365 * 86400), 1.0 / 365, 7.0 / 365, 30.0 / 365, 0.25, 1.0, 3.0};
  for (OptionType type : {OptionType::kCall, OptionType::kPut}) {
    for (int step = -12; step <= 12; ++step) {
      for (double years : years_grid) {
        for (double vol : {0.03, 0.1, 0.2, 0.45, 1.0, 2.5}) {
          const double dividend = model == Model::kBlackScholes ? 0.012 : 0.0;
          const OptionInputs o{model, type, underlying, underlying + step * strike_step, years, 0.065, dividend};
          const double premium = price(o, vol);
          const double vega = greeks(o, vol).vega;
          const ImpliedVol iv = implied_vol(o, premium);
          const auto where = [&] {
            return ::testing::Message() << to_string(model) << " " << domain::to_string(type) << " K=" << o.strike
                                        << " T=" << years << " vol=" << vol << " premium=" << premium
                                        << " vega=" << vega << " status=" << to_string(iv.status);
          };
          if (vega > kMinVega) {
            // Where the premium pins the vol down, the solver must find it.
            EXPECT_TRUE(iv.solved()) << where();
            EXPECT_NEAR(iv.vol, vol, kVolTolerance) << where();
          }
          if (iv.solved()) {
            ++counts.solved;
            EXPECT_NEAR(price(o, iv.vol), premium, kRepriceTolerance) << where();
            EXPECT_GE(greeks(o, iv.vol).vega, kMinVega) << where();
          } else {
            ++counts.refused;
            EXPECT_TRUE(std::isnan(iv.vol)) << where();
            // A refusal is always one of the reasons a premium can lack a vol.
            EXPECT_TRUE(iv.status == IvStatus::kNegligibleVega || iv.status == IvStatus::kAtOrBelowIntrinsic ||
                        iv.status == IvStatus::kAtOrAboveUpperBound)
                << where();
          }
        }
      }
    }
  }
  return counts;
}

TEST(ImpliedVol, RoundTripsOnAUnitGrid) {
  for (Model model : {Model::kBlack76, Model::kBlackScholes}) {
    const GridCounts counts = round_trip_grid(model, 100, 5);
    EXPECT_GT(counts.solved, counts.refused);  // the body of the grid solves,
    EXPECT_GT(counts.refused, 0);              // and it reaches into wings where vega vanishes
  }
}

TEST(ImpliedVol, RoundTripsAtNiftyScale) {
  for (Model model : {Model::kBlack76, Model::kBlackScholes}) {
    const GridCounts counts = round_trip_grid(model, 25000, 250);
    EXPECT_GT(counts.solved, counts.refused);
  }
}

TEST(ImpliedVol, HaugPriceSolvesBackToItsVol) {
  const OptionInputs call{Model::kBlackScholes, OptionType::kCall, 60, 65, 0.25, 0.08};
  const ImpliedVol iv = implied_vol(call, price(call, 0.30));
  ASSERT_TRUE(iv.solved());
  EXPECT_NEAR(iv.vol, 0.30, 1e-12);
  EXPECT_EQ(iv.status, IvStatus::kSolved);
}

TEST(ImpliedVol, NoVolAtOrBelowIntrinsic) {
  const OptionInputs call{Model::kBlack76, OptionType::kCall, 110, 100, 0.5, 0.05};
  const double intrinsic = std::exp(-0.025) * 10;
  for (double premium : {intrinsic, intrinsic - 0.5, 0.0, -1.0}) {
    const ImpliedVol iv = implied_vol(call, premium);
    EXPECT_EQ(iv.status, IvStatus::kAtOrBelowIntrinsic) << premium;
    EXPECT_FALSE(iv.solved());
    EXPECT_TRUE(std::isnan(iv.vol));
  }
  EXPECT_TRUE(implied_vol(call, intrinsic + 0.5).solved());
  // Out of the money the intrinsic value is 0: a zero premium has no vol either.
  const OptionInputs otm_put{Model::kBlack76, OptionType::kPut, 110, 100, 0.5, 0.05};
  EXPECT_EQ(implied_vol(otm_put, 0.0).status, IvStatus::kAtOrBelowIntrinsic);
}

TEST(ImpliedVol, NoVolAtOrAboveTheUpperBound) {
  const OptionInputs call{Model::kBlackScholes, OptionType::kCall, 100, 100, 1.0, 0.05, 0.02};
  EXPECT_EQ(implied_vol(call, upper_bound(call)).status, IvStatus::kAtOrAboveUpperBound);
  EXPECT_EQ(implied_vol(call, 100).status, IvStatus::kAtOrAboveUpperBound);  // more than S e^{-qT}
  const OptionInputs put{Model::kBlack76, OptionType::kPut, 100, 100, 1.0, 0.05};
  EXPECT_EQ(implied_vol(put, std::exp(-0.05) * 100).status, IvStatus::kAtOrAboveUpperBound);
}

TEST(ImpliedVol, NegligibleVegaGivesAReason) {
  // A far out-of-the-money call a day from expiry: a premium of 1e-9 has a
  // vol, but vega there is ~1e-7, so the premium says nothing reliable about it.
  const OptionInputs call{Model::kBlack76, OptionType::kCall, 100, 130, 1.0 / 365, 0.065};
  const ImpliedVol iv = implied_vol(call, 1e-9);
  EXPECT_EQ(iv.status, IvStatus::kNegligibleVega);
  EXPECT_TRUE(std::isnan(iv.vol));
}

TEST(ImpliedVol, ExpiredOptionHasNoVol) {
  const OptionInputs call{Model::kBlack76, OptionType::kCall, 100, 90, 0.0, 0.065};
  EXPECT_EQ(implied_vol(call, 10.5).status, IvStatus::kExpired);
}

TEST(ImpliedVol, ReasonsReadForMachinesAndPeople) {
  EXPECT_EQ(to_string(IvStatus::kAtOrBelowIntrinsic), "at_or_below_intrinsic");
  EXPECT_EQ(to_string(IvStatus::kNegligibleVega), "negligible_vega");
  EXPECT_EQ(describe(IvStatus::kAtOrBelowIntrinsic), "the price is at or below the discounted intrinsic value");
}

TEST(ImpliedVol, BadInputsAreErrors) {
  const OptionInputs call{Model::kBlack76, OptionType::kCall, 100, 100, 0.5, 0.05};
  EXPECT_THROW(implied_vol(call, NAN), Error);
  EXPECT_THROW(implied_vol(call, INFINITY), Error);
  OptionInputs bad = call;
  bad.strike = 0;
  EXPECT_THROW(implied_vol(bad, 5), Error);
}

}  // namespace
}  // namespace tapelab::pricing
