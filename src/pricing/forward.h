// The forward that Black-76 prices on, from what the market shows.
#pragma once

namespace tapelab::pricing {

// Put-call parity at one strike: C - P = e^{-rT} (F - K), so
// F = K + (C - P) e^{rT}. Use the ATM strike, where both premiums are liquid
// and the parity holds best. Throws Error on premiums that are negative or not
// numbers, or when they imply a forward <= 0.
double forward_from_parity(double strike, double call_premium, double put_premium, double years, double rate);

// An index future expiring with the option is its forward (with a
// deterministic rate, daily settlement changes nothing). A future expiring at
// another time is carried at the rate over the gap, dividends ignored:
// F = futures * e^{r (option_years - futures_years)}.
double forward_from_futures(double futures_price, double futures_years, double option_years, double rate);

}  // namespace tapelab::pricing
