// Published values: E.G. Haug, "The Complete Guide to Option Pricing
// Formulas" (1st ed. "Option Pricing Formulas", McGraw-Hill 1998), as QuantLib
// checks them in test-suite/europeanoption.cpp (testValues, testGreekValues;
// tolerance 1e-4, the tables' rounding). The cost-of-carry b of Haug's
// generalized formula is r - q here; b = 0 is Black-76 on a futures price.
#include <cmath>

#include <gtest/gtest.h>

#include "pricing/black.h"

namespace tapelab::pricing {
namespace {

constexpr double kTableTolerance = 1e-4;

struct Case {
  OptionType type;
  double strike, spot, dividend, rate, years, vol, expected;
};

OptionInputs spot_option(const Case& c) {
  return {Model::kBlackScholes, c.type, c.spot, c.strike, c.years, c.rate, c.dividend};
}

constexpr OptionType kCall = OptionType::kCall;
constexpr OptionType kPut = OptionType::kPut;

TEST(HaugReference, BlackScholesValues) {
  const Case cases[] = {
      // Haug pp. 2-8 (QuantLib testValues).
      {kCall, 65.00, 60.00, 0.00, 0.08, 0.25, 0.30, 2.1334},  // the generalized BS example
      {kPut, 95.00, 100.00, 0.05, 0.10, 0.50, 0.20, 2.4648},  // Merton, dividend yield
      {kCall, 1.60, 1.56, 0.08, 0.06, 0.50, 0.12, 0.0291},    // Garman-Kohlhagen: q is the foreign rate
      {kPut, 70.00, 75.00, 0.05, 0.10, 0.50, 0.35, 4.0870},
      // Haug p. 27.
      {kCall, 40.00, 42.00, 0.08, 0.04, 0.75, 0.35, 5.0975},
  };
  for (const Case& c : cases) {
    EXPECT_NEAR(price(spot_option(c), c.vol), c.expected, kTableTolerance) << "strike " << c.strike;
  }
}

TEST(HaugReference, Black76Values) {
  // Haug p. 4: F = K = 19, T = 0.75, r = 10%, vol = 28%: call and put 1.7011.
  for (OptionType type : {kCall, kPut}) {
    EXPECT_NEAR(price({Model::kBlack76, type, 19, 19, 0.75, 0.10}, 0.28), 1.7011, kTableTolerance);
  }
  // Haug p. 24 (QuantLib testValues): q = r = 10%, so b = 0 and the spot is
  // the forward. {strike, forward, years, vol, call, put}.
  struct Row {
    double strike, forward, years, vol, call, put;
  };
  const Row rows[] = {
      {100, 90, 0.10, 0.15, 0.0205, 9.9210},   {100, 100, 0.10, 0.15, 1.8734, 1.8734},
      {100, 110, 0.10, 0.15, 9.9413, 0.0408},  {100, 90, 0.10, 0.25, 0.3150, 10.2155},
      {100, 100, 0.10, 0.25, 3.1217, 3.1217},  {100, 110, 0.10, 0.25, 10.3556, 0.4551},
      {100, 90, 0.10, 0.35, 0.9474, 10.8479},  {100, 100, 0.10, 0.35, 4.3693, 4.3693},
      {100, 110, 0.10, 0.35, 11.1381, 1.2376}, {100, 90, 0.50, 0.15, 0.8069, 10.3192},
      {100, 100, 0.50, 0.15, 4.0232, 4.0232},  {100, 110, 0.50, 0.15, 10.5769, 1.0646},
      {100, 90, 0.50, 0.25, 2.7026, 12.2149},  {100, 100, 0.50, 0.25, 6.6997, 6.6997},
      {100, 110, 0.50, 0.25, 12.7857, 3.2734}, {100, 90, 0.50, 0.35, 4.9329, 14.4452},
      {100, 100, 0.50, 0.35, 9.3679, 9.3679},  {100, 110, 0.50, 0.35, 15.3086, 5.7963},
  };
  for (const Row& r : rows) {
    const OptionInputs call{Model::kBlack76, kCall, r.forward, r.strike, r.years, 0.10};
    OptionInputs put = call;
    put.type = kPut;
    EXPECT_NEAR(price(call, r.vol), r.call, kTableTolerance) << r.forward << " " << r.years << " " << r.vol;
    EXPECT_NEAR(price(put, r.vol), r.put, kTableTolerance) << r.forward << " " << r.years << " " << r.vol;
    // The same rows through Black-Scholes with q = r: one formula, two doors.
    EXPECT_NEAR(price({Model::kBlackScholes, kCall, r.forward, r.strike, r.years, 0.10, 0.10}, r.vol), r.call,
                kTableTolerance);
  }
}

TEST(HaugReference, GreekValues) {
  // Haug pp. 11-16 (QuantLib testGreekValues).
  const Case delta_call{kCall, 100, 105, 0.10, 0.10, 0.5, 0.36, 0.5946};
  const Case delta_put{kPut, 100, 105, 0.10, 0.10, 0.5, 0.36, -0.3566};
  EXPECT_NEAR(greeks(spot_option(delta_call), 0.36).delta, delta_call.expected, kTableTolerance);
  EXPECT_NEAR(greeks(spot_option(delta_put), 0.36).delta, delta_put.expected, kTableTolerance);
  // b = 0 there: the same deltas are Black-76 deltas on the futures price 105.
  EXPECT_NEAR(greeks({Model::kBlack76, kCall, 105, 100, 0.5, 0.10}, 0.36).delta, 0.5946, kTableTolerance);
  EXPECT_NEAR(greeks({Model::kBlack76, kPut, 105, 100, 0.5, 0.10}, 0.36).delta, -0.3566, kTableTolerance);

  for (OptionType type : {kCall, kPut}) {
    const Case c{type, 60, 55, 0.00, 0.10, 0.75, 0.30, 0};
    const Greeks g = greeks(spot_option(c), c.vol);
    EXPECT_NEAR(g.gamma, 0.0278, kTableTolerance);
    EXPECT_NEAR(g.vega, 18.9358, kTableTolerance);
  }

  const Case theta{kPut, 405, 430, 0.05, 0.07, 1.0 / 12.0, 0.20, -31.1924};
  const double theta_per_year = greeks(spot_option(theta), theta.vol).theta;
  EXPECT_NEAR(theta_per_year, theta.expected, kTableTolerance);
  EXPECT_NEAR(theta_per_year / 365, -0.0855, kTableTolerance);  // Haug's theta per day

  const Case rho{kCall, 75, 72, 0.00, 0.09, 1.0, 0.19, 38.7325};
  EXPECT_NEAR(greeks(spot_option(rho), rho.vol).rho, rho.expected, kTableTolerance);
}

}  // namespace
}  // namespace tapelab::pricing
