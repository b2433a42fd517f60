// Contract names: the table names of the option dumps.
//
// Three patterns (docs/source-data.md#contract-names), any case: UNDERLYING +
// expiry code + STRIKE + CE|PE, where the expiry code is exactly 5 characters:
// YY + MON (monthly) or YY + M + DD (weekly; M is 1-9 or O/N/D). A name that
// fits no pattern is an error value with the reason, never a guess: a
// mis-decoded contract would silently put rows on the wrong expiry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/expiry_calendar.h"
#include "domain/lot_size.h"
#include "domain/trading_calendar.h"
#include "util/enum_names.h"

namespace tapelab::domain {

enum class OptionType { kCall, kPut };
inline constexpr auto kOptionTypeNames = enum_names<OptionType>({{OptionType::kCall, "CE"}, {OptionType::kPut, "PE"}});
std::string_view to_string(OptionType);

struct Contract {
  std::string symbol;       // the table name as given
  std::string underlying;   // canonical upper-case
  ExpiryKind kind;          // what the NAME is: weekly-named or month-named
  Date scheduled_expiry;    // weekly: the date in the name; monthly: the rule's scheduled date
  Date expiry;              // FINAL expiry (through the calendar)
  int32_t strike;
  OptionType type;
};

struct ContractOrError {
  std::optional<Contract> contract;
  std::string error;  // empty iff ok
};

// Weekly names map their scheduled date through the calendar; a date the
// calendar does not list falls back to the holiday-shift rule on the NSE
// trading calendar (the exchange rule, not a guess). Monthly names map to the
// calendar's monthly expiry of the named month.
ContractOrError parse_contract(std::string_view symbol, const ExpiryCalendar& calendar);

// The canonical table name the exchange/logger uses, upper case:
//   monthly: UNDERLYING + YY + MON + STRIKE + CE|PE     (BANKNIFTY25DEC58300CE)
//   weekly:  UNDERLYING + YY + M + DD + STRIKE + CE|PE  (NIFTY25N1825900CE)
std::string contract_symbol(std::string_view underlying, ExpiryKind kind, Date scheduled_expiry,
                            int32_t strike, OptionType type);

// Trading days from `today` to `expiry` (0 on expiry day), counting full
// trading days only (special short and muhurat sessions do not count,
// docs/contracts-and-calendar.md#days-to-expiry). Negative once the expiry has passed.
int32_t days_to_expiry(Date today, Date expiry, const TradingCalendar& calendar);

}  // namespace tapelab::domain
