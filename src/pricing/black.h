// European option prices and Greeks: Black-76 on a forward and
// Black-Scholes(-Merton) on a spot with a rate and a dividend yield.
//
// Both models are one formula: Black-Scholes on spot S is Black-76 on the
// forward F = S e^{(r-q)T}, both discounted with e^{-rT}. So everything is
// computed on forward terms (F, discount, standard deviation sigma*sqrt(T)),
// and each model's Greeks follow by the chain rule from its own underlying.
//
// Units: `years` is time to expiry in years of whatever basis the caller
// chose (time_to_expiry.h); rates and yields are continuously compounded per
// such year; vol is per 1.00 (0.2 = 20%). Inputs that cannot describe an
// option (a strike <= 0, a NaN, a dividend yield under Black-76) throw Error.
#pragma once

#include <string_view>

#include "domain/contract.h"
#include "util/enum_names.h"

namespace tapelab::pricing {

using domain::OptionType;

enum class Model {
  kBlack76,       // `underlying` is the forward (futures, or put-call parity)
  kBlackScholes,  // `underlying` is the spot; `dividend` is its yield
};
inline constexpr auto kModelNames = enum_names<Model>({{Model::kBlack76, "black76"}, {Model::kBlackScholes, "bs"}});
std::string_view to_string(Model);

// An option and its market, everything but the volatility.
struct OptionInputs {
  Model model = Model::kBlack76;
  OptionType type = OptionType::kCall;
  double underlying = 0;  // forward (Black-76) or spot (Black-Scholes)
  double strike = 0;
  double years = 0;       // time to expiry, >= 0
  double rate = 0;        // continuously compounded
  double dividend = 0;    // continuous yield; Black-Scholes only
};

// Sensitivities of the price, each per unit of its input.
struct Greeks {
  double price = 0;
  double delta = 0;  // d price / d underlying (forward for Black-76, spot for Black-Scholes)
  double gamma = 0;  // d delta / d underlying
  double theta = 0;  // price change per year of time passing (= -d price / d years), the underlying held
  double vega = 0;   // d price / d vol, per 1.00 of vol (divide by 100 for a vol point)
  double rho = 0;    // d price / d rate (Black-76: the forward held, so rho = -years * price)
};

double price(const OptionInputs& option, double vol);
// Needs years > 0 and vol > 0: at zero standard deviation the Greeks are
// step functions (gamma infinite at the strike), which no caller can use.
Greeks greeks(const OptionInputs& option, double vol);

// The model on forward terms, shared by the pricing functions, the implied
// volatility solver and the generator.
struct ForwardTerms {
  double forward;
  double discount;  // e^{-rT}
};
ForwardTerms forward_terms(const OptionInputs& option);  // validates the inputs
// The textbook discounted Black formula at standard deviation `stddev` =
// vol * sqrt(years); at stddev 0 the discounted intrinsic value. price()
// computes in-the-money premiums more precisely, through out_of_the_money().
double black_formula(OptionType type, double forward, double strike, double discount, double stddev);

// Put-call parity splits an in-the-money option into its out-of-the-money
// twin (same strike, other type) plus the discounted intrinsic value, which is
// where the rounding of a big premium is smallest.
struct OutOfTheMoney {
  OptionType type;      // the option itself when at or out of the money
  double parity_value;  // discounted intrinsic value: premium = twin's premium + this
};
OutOfTheMoney out_of_the_money(OptionType type, double forward, double strike, double discount);

// The no-arbitrage bounds of a price: the discounted intrinsic value of the
// forward (the price at zero vol) and the price at infinite vol (a call is
// worth at most the discounted forward, a put the discounted strike).
double lower_bound(const OptionInputs& option);
double upper_bound(const OptionInputs& option);

}  // namespace tapelab::pricing
