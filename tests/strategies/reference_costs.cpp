#include "strategies/reference_costs.h"

#include <stdexcept>

namespace tapelab::strategies::testing {
namespace {

constexpr double kBrokerage = 20;
constexpr double kGst = 0.18;

// Percent rates (the SEBI fee in rupees per crore) from `from` on; dates as
// text compare in date order.
struct Era {
  const char* from;
  double stt_sale, nse, sebi_per_crore, stamp_buy, stamp_sale;
};

constexpr Era kEras[] = {
    {"2019-01-01", 0.05, 0.05, 15, 0.002, 0.002},  {"2019-04-01", 0.05, 0.05, 10, 0.002, 0.002},
    {"2020-06-01", 0.05, 0.05, 5, 0.002, 0.002},   {"2020-07-01", 0.05, 0.05, 5, 0.003, 0},
    {"2021-01-01", 0.05, 0.053, 5, 0.003, 0},      {"2021-04-01", 0.05, 0.053, 10, 0.003, 0},
    {"2023-04-01", 0.0625, 0.0495, 10, 0.003, 0},  {"2024-10-01", 0.1, 0.03503, 10, 0.003, 0},
    {"2026-04-01", 0.15, 0.03503, 10, 0.003, 0},
};

const Era& era_of(const std::string& date) {
  const Era* found = nullptr;
  for (const Era& era : kEras) {
    if (date >= era.from) found = &era;
  }
  if (!found) throw std::runtime_error("reference costs: no rates for " + date);
  return *found;
}

}  // namespace

double reference_statutory_cost(const std::string& date, bool sell, double premium) {
  const Era& e = era_of(date);
  const double stt = sell ? premium * e.stt_sale / 100 : 0;
  const double nse = premium * e.nse / 100;
  const double sebi = premium / 1e7 * e.sebi_per_crore;
  const double stamp = premium * (sell ? e.stamp_sale : e.stamp_buy) / 100;
  return kBrokerage + stt + nse + sebi + stamp + kGst * (kBrokerage + nse + sebi);
}

}  // namespace tapelab::strategies::testing
