// What a partition's rows are about: the contract (options), or the index /
// futures series. TickRow::instrument indexes a partition's instrument list.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/contract.h"
#include "domain/date.h"
#include "domain/expiry_calendar.h"
#include "domain/lot_size.h"

namespace tapelab::dataset {

struct Instrument {
  std::string symbol;  // the dump's table name, as written by the dump
  // Options: the decoded contract. Contract identity is (underlying, expiry,
  // opt_type, strike); two symbols with the same identity are one contract.
  domain::ExpiryKind expiry_type = domain::ExpiryKind::kMonthly;  // what the name is
  bool is_monthly = false;     // on its month's monthly expiry (docs/contracts-and-calendar.md#monthly-and-weekly)
  domain::Date expiry;         // final expiry (futures: the front month's)
  domain::OptionType opt_type = domain::OptionType::kCall;
  std::int32_t strike = 0;
  std::int32_t lot_size = 0;   // 0 = unknown (no table entry; the data decides)
};

// Sort order of options partitions (docs/dataset.md#sort-order): expiry,
// opt_type (CE before PE), strike.
inline bool contract_less(const Instrument& a, const Instrument& b) {
  if (a.expiry != b.expiry) return a.expiry < b.expiry;
  if (a.opt_type != b.opt_type) return a.opt_type == domain::OptionType::kCall;
  return a.strike < b.strike;
}
inline bool same_contract(const Instrument& a, const Instrument& b) {
  return a.expiry == b.expiry && a.opt_type == b.opt_type && a.strike == b.strike;
}

// The identity columns of an option table, from its name and the calendar.
// Ingest and `dataset rebuild` both use this, so a rebuild with the same
// calendar reproduces the ingest's columns exactly. `error` is set (and
// `instrument` empty) when the name does not decode (domain::parse_contract).
struct InstrumentOrError {
  std::optional<Instrument> instrument;
  std::string error;
};
InstrumentOrError option_instrument(std::string_view symbol, const domain::ExpiryCalendar& calendar);

// The front-month futures series of `underlying` on `date`: the first
// monthly expiry on or after `date` (so a roll shows as an expiry change).
// nullopt when the calendar has no monthly expiry within the next 3 months.
std::optional<Instrument> futures_instrument(std::string_view symbol, std::string_view underlying,
                                             domain::Date date, const domain::ExpiryCalendar& calendar);

}  // namespace tapelab::dataset
