// Vectorised pricing for tapelab.pricing: the scalar library (src/pricing)
// applied element by element over numpy arrays, with the GIL released and the
// elements split over all cores. The same functions compute every element, so
// results are bit-equal to `tapelab price` for the same inputs.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>

#include "bindings.h"
#include "pricing/black.h"
#include "pricing/implied_vol.h"
#include "util/error.h"

namespace py = pybind11;

namespace tapelab::python {
namespace {

using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;
using Flags = py::array_t<std::int8_t, py::array::c_style | py::array::forcecast>;

constexpr std::size_t kGrain = 4096;  // elements per task: enough to hide the task's cost

// The market of element i, everything but the vol (inputs already broadcast
// to one length by the Python layer).
struct MarketArrays {
  pricing::Model model;
  const double* underlying;
  const double* strike;
  const double* years;
  const double* rate;
  const double* dividend;
  const std::int8_t* is_put;
  std::size_t size;

  pricing::OptionInputs at(std::size_t i) const {
    return {model, is_put[i] ? pricing::OptionType::kPut : pricing::OptionType::kCall, underlying[i], strike[i],
            years[i], rate[i], dividend[i]};
  }
};

pricing::Model parse_model(const std::string& name) {
  if (auto model = pricing::kModelNames.parse(name)) return *model;
  fail("unknown model '{}' (black76 or bs)", name);
}

MarketArrays market(const std::string& model, const Doubles& underlying, const Doubles& strike, const Doubles& years,
                    const Doubles& rate, const Doubles& dividend, const Flags& is_put) {
  const auto n = static_cast<std::size_t>(underlying.size());
  for (const py::array* a : {static_cast<const py::array*>(&strike), static_cast<const py::array*>(&years),
                             static_cast<const py::array*>(&rate), static_cast<const py::array*>(&dividend),
                             static_cast<const py::array*>(&is_put)}) {
    if (static_cast<std::size_t>(a->size()) != n) fail("pricing arrays differ in length ({} and {})", n, a->size());
  }
  return {parse_model(model), underlying.data(), strike.data(), years.data(), rate.data(), dividend.data(),
          is_put.data(), n};
}

// Runs body(i) for every element on all cores without the GIL. The first
// element (by index) whose inputs describe no option is reported, the same
// message the scalar library gives, prefixed with its index.
template <typename Body>
void for_each_element(std::size_t n, Body body) {
  std::mutex lock;
  std::size_t failed_at = std::numeric_limits<std::size_t>::max();
  std::string failure;
  {
    py::gil_scoped_release unlocked;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kGrain), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t i = r.begin(); i < r.end(); ++i) {
        try {
          body(i);
        } catch (const Error& e) {
          const std::scoped_lock guard(lock);
          if (i < failed_at) failed_at = i, failure = e.what();
          return;
        }
      }
    });
  }
  if (!failure.empty()) fail("element {}: {}", failed_at, failure);
}

Doubles price(const std::string& model, const Doubles& underlying, const Doubles& strike, const Doubles& years,
              const Doubles& vol, const Doubles& rate, const Doubles& dividend, const Flags& is_put) {
  const MarketArrays m = market(model, underlying, strike, years, rate, dividend, is_put);
  if (static_cast<std::size_t>(vol.size()) != m.size) fail("vol has {} elements, not {}", vol.size(), m.size);
  Doubles out(static_cast<py::ssize_t>(m.size));
  double* prices = out.mutable_data();
  const double* vols = vol.data();
  for_each_element(m.size, [&](std::size_t i) { prices[i] = pricing::price(m.at(i), vols[i]); });
  return out;
}

py::dict greeks(const std::string& model, const Doubles& underlying, const Doubles& strike, const Doubles& years,
                const Doubles& vol, const Doubles& rate, const Doubles& dividend, const Flags& is_put) {
  const MarketArrays m = market(model, underlying, strike, years, rate, dividend, is_put);
  if (static_cast<std::size_t>(vol.size()) != m.size) fail("vol has {} elements, not {}", vol.size(), m.size);
  const auto n = static_cast<py::ssize_t>(m.size);
  Doubles price(n), delta(n), gamma(n), theta(n), vega(n), rho(n);
  double* out[] = {price.mutable_data(), delta.mutable_data(), gamma.mutable_data(),
                   theta.mutable_data(), vega.mutable_data(),  rho.mutable_data()};
  const double* vols = vol.data();
  for_each_element(m.size, [&](std::size_t i) {
    const pricing::Greeks g = pricing::greeks(m.at(i), vols[i]);
    out[0][i] = g.price, out[1][i] = g.delta, out[2][i] = g.gamma;
    out[3][i] = g.theta, out[4][i] = g.vega, out[5][i] = g.rho;
  });
  py::dict result;
  result["price"] = price, result["delta"] = delta, result["gamma"] = gamma;
  result["theta"] = theta, result["vega"] = vega, result["rho"] = rho;
  return result;
}

// (vols, statuses): NaN and the status's index in iv_statuses() where no vol
// explains the premium.
py::tuple implied_vol(const std::string& model, const Doubles& premium, const Doubles& underlying,
                      const Doubles& strike, const Doubles& years, const Doubles& rate, const Doubles& dividend,
                      const Flags& is_put) {
  const MarketArrays m = market(model, underlying, strike, years, rate, dividend, is_put);
  if (static_cast<std::size_t>(premium.size()) != m.size) fail("premium has {} elements, not {}", premium.size(), m.size);
  const auto n = static_cast<py::ssize_t>(m.size);
  Doubles vols(n);
  py::array_t<std::int8_t> statuses(n);
  double* vol_at = vols.mutable_data();
  std::int8_t* status_at = statuses.mutable_data();
  const double* premiums = premium.data();
  for_each_element(m.size, [&](std::size_t i) {
    const pricing::ImpliedVol iv = pricing::implied_vol(m.at(i), premiums[i]);
    vol_at[i] = iv.solved() ? iv.vol : std::numeric_limits<double>::quiet_NaN();
    status_at[i] = static_cast<std::int8_t>(iv.status);
  });
  return py::make_tuple(vols, statuses);
}

py::list iv_statuses() {
  py::list names;
  for (auto status : {pricing::IvStatus::kSolved, pricing::IvStatus::kExpired, pricing::IvStatus::kAtOrBelowIntrinsic,
                      pricing::IvStatus::kAtOrAboveUpperBound, pricing::IvStatus::kNegligibleVega,
                      pricing::IvStatus::kNotConverged}) {
    if (static_cast<std::size_t>(status) != names.size()) fail("IvStatus values are not 0..5 in order");
    names.append(py::str(std::string(pricing::to_string(status))));
  }
  return names;
}

}  // namespace

void bind_pricing(py::module_& m) {
  m.def("price", &price, py::arg("model"), py::arg("underlying"), py::arg("strike"), py::arg("years"), py::arg("vol"),
        py::arg("rate"), py::arg("dividend"), py::arg("is_put"),
        "Premiums, element by element (inputs of one length; tapelab.pricing.price broadcasts).");
  m.def("greeks", &greeks, py::arg("model"), py::arg("underlying"), py::arg("strike"), py::arg("years"),
        py::arg("vol"), py::arg("rate"), py::arg("dividend"), py::arg("is_put"),
        "Price and Greeks, element by element: a dict of arrays.");
  m.def("implied_vol", &implied_vol, py::arg("model"), py::arg("premium"), py::arg("underlying"), py::arg("strike"),
        py::arg("years"), py::arg("rate"), py::arg("dividend"), py::arg("is_put"),
        "Implied vols (NaN where unsolved) and status codes, element by element.");
  m.def("iv_statuses", &iv_statuses, "Names of the implied_vol status codes, by code.");
}

}  // namespace tapelab::python
