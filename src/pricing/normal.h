// The standard normal distribution, as the Black formulas need it.
#pragma once

#include <cmath>

namespace tapelab::pricing {

// Through erfc rather than 1 - erf so the far tails keep their relative
// precision (deep out-of-the-money prices are differences of tiny numbers).
inline double normal_cdf(double x) { return 0.5 * std::erfc(-x * 0.7071067811865476); }

inline double normal_pdf(double x) { return 0.3989422804014327 * std::exp(-0.5 * x * x); }

}  // namespace tapelab::pricing
