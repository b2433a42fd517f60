// The Greeks against finite differences of the price, put-call parity, and
// the inputs that describe no option.
#include <cmath>
#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include "pricing/black.h"
#include "util/error.h"

namespace tapelab::pricing {
namespace {

std::vector<OptionInputs> sample_options() {
  std::vector<OptionInputs> options;
  for (Model model : {Model::kBlack76, Model::kBlackScholes}) {
    for (OptionType type : {OptionType::kCall, OptionType::kPut}) {
      for (double strike : {80.0, 100.0, 125.0}) {
        for (double years : {7.0 / 365, 0.25, 2.0}) {
          const double dividend = model == Model::kBlackScholes ? 0.02 : 0.0;
          options.push_back({model, type, 100.0, strike, years, 0.065, dividend});
        }
      }
    }
  }
  return options;
}

// Central difference of f around x with step h.
double derivative(const std::function<double(double)>& f, double x, double h) {
  return (f(x + h) - f(x - h)) / (2 * h);
}

// Central differences carry a truncation error ~(h/width)^2 relative and a
// rounding error ~eps * price / h; with steps of about 1e-4 of each input's
// natural width both stay well inside 1e-6 of the Greek plus 1e-9 of its scale.
void expect_close(double analytic, double numeric, double scale, const char* what, const OptionInputs& o) {
  EXPECT_NEAR(analytic, numeric, 1e-6 * std::fabs(analytic) + 1e-9 * scale) << what << ": model " << to_string(o.model) << " "
                                               << domain::to_string(o.type) << " K=" << o.strike
                                               << " T=" << o.years;
}

TEST(Greeks, MatchFiniteDifferencesOfThePrice) {
  for (const OptionInputs& o : sample_options()) {
    for (double vol : {0.12, 0.45}) {
      const Greeks g = greeks(o, vol);
      EXPECT_DOUBLE_EQ(g.price, price(o, vol));
      const auto with = [&](auto set) {
        return [o, vol, set](double x) {
          OptionInputs bumped = o;
          double bumped_vol = vol;
          set(bumped, bumped_vol, x);
          return price(bumped, bumped_vol);
        };
      };
      const auto at_underlying = with([](OptionInputs& b, double&, double x) { b.underlying = x; });
      const auto at_years = with([](OptionInputs& b, double&, double x) { b.years = x; });
      const auto at_vol = with([](OptionInputs&, double& v, double x) { v = x; });
      const auto at_rate = with([](OptionInputs& b, double&, double x) { b.rate = x; });
      const double h = 1e-4 * o.underlying * vol * std::sqrt(o.years);  // the price's width in the underlying

      expect_close(g.delta, derivative(at_underlying, o.underlying, h), 1, "delta", o);
      const auto delta_at = [&](double x) {
        OptionInputs bumped = o;
        bumped.underlying = x;
        return greeks(bumped, vol).delta;
      };
      expect_close(g.gamma, derivative(delta_at, o.underlying, h), 1.0 / o.underlying, "gamma", o);
      expect_close(g.theta, -derivative(at_years, o.years, 1e-4 * o.years), o.underlying, "theta", o);
      expect_close(g.vega, derivative(at_vol, vol, 1e-4 * vol), o.underlying, "vega", o);
      expect_close(g.rho, derivative(at_rate, o.rate, 1e-5), o.underlying, "rho", o);
    }
  }
}

TEST(Greeks, PutCallParity) {
  // C - P = e^{-rT} (F - K) whatever the vol; under Black-Scholes F = S e^{(r-q)T}.
  for (const OptionInputs& o : sample_options()) {
    if (o.type != OptionType::kCall) continue;
    OptionInputs put = o;
    put.type = OptionType::kPut;
    const ForwardTerms t = forward_terms(o);
    for (double vol : {0.05, 0.2, 0.9}) {
      EXPECT_NEAR(price(o, vol) - price(put, vol), t.discount * (t.forward - o.strike), 1e-12 * o.underlying);
      const Greeks gc = greeks(o, vol);
      const Greeks gp = greeks(put, vol);
      EXPECT_NEAR(gc.delta - gp.delta, t.discount * t.forward / o.underlying, 1e-12);  // d(parity)/dU
      EXPECT_NEAR(gc.gamma, gp.gamma, 1e-14);
      EXPECT_NEAR(gc.vega, gp.vega, 1e-12 * o.underlying);
    }
  }
}

TEST(Greeks, ForwardTermsOfEachModel) {
  const ForwardTerms b76 = forward_terms({Model::kBlack76, OptionType::kCall, 25000, 25000, 0.5, 0.07});
  EXPECT_EQ(b76.forward, 25000);
  EXPECT_DOUBLE_EQ(b76.discount, std::exp(-0.035));
  const ForwardTerms bs = forward_terms({Model::kBlackScholes, OptionType::kCall, 25000, 25000, 0.5, 0.07, 0.01});
  EXPECT_DOUBLE_EQ(bs.forward, 25000 * std::exp(0.03));
  EXPECT_DOUBLE_EQ(bs.discount, std::exp(-0.035));
}

TEST(Greeks, ZeroTimeOrVolPricesIntrinsicAndBoundsHold) {
  const OptionInputs call{Model::kBlack76, OptionType::kCall, 110, 100, 0.0, 0.05};
  EXPECT_EQ(price(call, 0.3), 10);
  OptionInputs put = call;
  put.type = OptionType::kPut;
  EXPECT_EQ(price(put, 0.3), 0);
  OptionInputs later = call;
  later.years = 0.5;
  EXPECT_DOUBLE_EQ(price(later, 0), std::exp(-0.025) * 10);
  EXPECT_DOUBLE_EQ(lower_bound(later), std::exp(-0.025) * 10);
  EXPECT_DOUBLE_EQ(upper_bound(later), std::exp(-0.025) * 110);
  EXPECT_LT(price(later, 0.3), upper_bound(later));
  EXPECT_GT(price(later, 0.3), lower_bound(later));
  EXPECT_NEAR(price(later, 1e3), upper_bound(later), 1e-9);
}

void expect_error(const std::function<void()>& f, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "no error, expected: " << message;
  } catch (const Error& e) {
    EXPECT_EQ(e.what(), message);
  }
}

TEST(Greeks, InputsThatDescribeNoOptionAreErrors) {
  const OptionInputs good{Model::kBlackScholes, OptionType::kCall, 100, 100, 0.5, 0.05};
  auto with = [&](auto change) {
    OptionInputs o = good;
    change(o);
    return o;
  };
  expect_error([&] { price(with([](OptionInputs& o) { o.strike = -5; }), 0.2); },
               "strike must be a positive number, got -5");
  expect_error([&] { price(with([](OptionInputs& o) { o.underlying = 0; }), 0.2); },
               "spot must be a positive number, got 0");
  expect_error([&] { price(with([](OptionInputs& o) { o.model = Model::kBlack76, o.underlying = NAN; }), 0.2); },
               "forward must be a positive number, got nan");
  expect_error([&] { price(with([](OptionInputs& o) { o.years = -0.1; }), 0.2); },
               "time to expiry must be a number >= 0, got -0.1");
  expect_error([&] { price(with([](OptionInputs& o) { o.rate = INFINITY; }), 0.2); },
               "rate must be a finite number, got inf");
  expect_error([&] { price(good, -0.2); }, "volatility must be a number >= 0, got -0.2");
  expect_error([&] { price(with([](OptionInputs& o) { o.model = Model::kBlack76, o.dividend = 0.01; }), 0.2); },
               "a dividend yield applies to Black-Scholes on spot only; Black-76 prices on the forward");
  expect_error([&] { greeks(with([](OptionInputs& o) { o.years = 0; }), 0.2); },
               "Greeks need a time to expiry > 0 and a volatility > 0");
  expect_error([&] { greeks(good, 0); }, "Greeks need a time to expiry > 0 and a volatility > 0");
}

}  // namespace
}  // namespace tapelab::pricing
