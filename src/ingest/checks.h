// What the data says against the reference tables: contracts whose last
// trading day contradicts their calendar expiry (docs/contracts-and-calendar.md#expiry-resolution), and quantities
// that are not multiples of the table's lot size (docs/contracts-and-calendar.md#lot-size-checked-against-the-data).
// Used by the ingest audit and by `tapelab calendar check`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/date.h"

namespace tapelab::ingest {

// Where one option contract has rows.
struct ContractDays {
  std::string underlying;
  std::string symbol;
  domain::Date expiry;  // as the calendar resolved it
  domain::Date first_day;
  domain::Date last_day;
};

// A contract whose data disagrees with its calendar expiry.
struct ExpiryContradiction {
  std::string underlying;
  std::string symbol;
  domain::Date expiry;            // as the calendar resolved it
  domain::Date last_trading_day;  // the contract's last day with rows
  domain::Date implied;           // the expiry the data implies: its chain's last day
  bool trades_after = false;      // true: rows after the expiry; false: the chain stopped before it
};

// Contracts of one underlying and expiry form a chain. A contract with rows
// after its expiry contradicts it. A chain whose last day is before its
// expiry, while the underlying has data on a later day up to the expiry,
// contradicts it too (every contract of the chain is listed): one far strike
// going quiet is normal, a whole chain going quiet is an expiry. `days_with_data`:
// per underlying, the days the dataset has rows for. Sorted by underlying,
// expiry, symbol.
std::vector<ExpiryContradiction> find_expiry_contradictions(
    const std::vector<ContractDays>& contracts, const std::map<std::string, std::set<domain::Date>>& days_with_data);

// A contract whose quantities are not multiples of the lot the table gives.
struct LotMismatch {
  std::string underlying;
  std::string symbol;
  std::int32_t table_lot = 0;     // 0: the table has no entry (the data decides)
  std::int64_t quantity_gcd = 0;  // GCD of every traded and quoted quantity
};

// Only the table-has-no-entry case and a GCD that is not a multiple of the
// lot are reported; a contract without any non-zero quantity proves nothing.
std::optional<LotMismatch> check_lot(const std::string& underlying, const std::string& symbol, std::int32_t table_lot,
                                     std::int64_t quantity_gcd);

}  // namespace tapelab::ingest
