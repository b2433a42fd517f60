#include "domain/contract.h"

#include <array>

#include <fmt/format.h>

#include "domain/csv.h"
#include "domain/underlying.h"

namespace tapelab::domain {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
// Weekly names spend one character on the month: 1-9, then O, N, D.
constexpr std::string_view kWeeklyMonthChars = "123456789OND";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }

ContractOrError error(std::string message) { return {std::nullopt, std::move(message)}; }

}  // namespace

std::string_view to_string(OptionType type) { return kOptionTypeNames.name(type); }

ContractOrError parse_contract(std::string_view symbol, const ExpiryCalendar& calendar) {
  const std::string name = to_upper(symbol);
  const Underlying* underlying = nullptr;
  for (const Underlying& u : all_underlyings()) {  // longest first
    if (name.starts_with(u.name)) {
      underlying = &u;
      break;
    }
  }
  if (!underlying) return error("does not start with a known underlying");
  const std::optional<OptionType> type_or =
      name.size() >= 2 ? kOptionTypeNames.parse(std::string_view(name).substr(name.size() - 2)) : std::nullopt;
  if (!type_or) return error("does not end in CE or PE");
  const OptionType type = *type_or;

  std::string_view rest(name);
  rest = rest.substr(underlying->name.size(), rest.size() - underlying->name.size() - 2);
  if (rest.size() < 6) {
    return error(fmt::format("'{}' after {} is too short for a 5-character expiry code and a strike", rest,
                             underlying->name));
  }
  const std::string_view code = rest.substr(0, 5);
  const std::string_view strike_text = rest.substr(5);

  if (!is_digit(code[0]) || !is_digit(code[1])) {
    return error(fmt::format("expiry code '{}' does not start with a two-digit year", code));
  }
  const int year = 2000 + (code[0] - '0') * 10 + (code[1] - '0');
  ExpiryKind kind;
  unsigned month = 0;
  unsigned day = 0;
  if (is_letter(code[2]) && is_letter(code[3]) && is_letter(code[4])) {
    kind = ExpiryKind::kMonthly;
    for (unsigned m = 0; m < kMonthNames.size(); ++m) {
      if (code.substr(2) == kMonthNames[m]) month = m + 1;
    }
    if (month == 0) return error(fmt::format("unknown month '{}' in expiry code '{}'", code.substr(2), code));
  } else {
    kind = ExpiryKind::kWeekly;
    size_t m = kWeeklyMonthChars.find(code[2]);
    if (m == std::string_view::npos) {
      return error(fmt::format("bad month character '{}' in weekly expiry code '{}' (1-9, O, N or D)", code[2],
                               code));
    }
    if (!is_digit(code[3]) || !is_digit(code[4])) {
      return error(fmt::format("day '{}' in weekly expiry code '{}' is not two digits", code.substr(3), code));
    }
    month = static_cast<unsigned>(m) + 1;
    day = static_cast<unsigned>((code[3] - '0') * 10 + (code[4] - '0'));
  }

  auto strike = parse_integer(strike_text);
  if (!strike) return error(fmt::format("strike '{}' is not a whole number", strike_text));
  if (*strike == 0) return error("strike is zero");
  if (strike_text.front() == '0') return error(fmt::format("strike '{}' has a leading zero", strike_text));
  if (*strike > 99'999'999) return error(fmt::format("strike '{}' is out of range", strike_text));

  Contract contract{std::string(symbol), underlying->name, kind, {}, {}, static_cast<int32_t>(*strike), type};
  if (kind == ExpiryKind::kMonthly) {
    auto expiry = calendar.monthly_for(underlying->name, year, month);
    if (!expiry) {
      return error(fmt::format("the calendar has no {} monthly expiry for {:04}-{:02}", underlying->name, year,
                               month));
    }
    contract.scheduled_expiry = expiry->scheduled;
    contract.expiry = expiry->final;
  } else {
    auto scheduled = Date::try_from_ymd(year, month, day);
    if (!scheduled) return error(fmt::format("expiry code '{}' names no real date", code));
    contract.scheduled_expiry = *scheduled;
    if (auto expiry = calendar.weekly_by_scheduled(underlying->name, contract.scheduled_expiry)) {
      contract.expiry = expiry->final;
    } else {
      // Not listed: the exchange's holiday shift still decides, as long as the
      // holidays of that date are known.
      const TradingCalendar& nse = TradingCalendar::nse();
      if (!nse.covers(contract.scheduled_expiry)) {
        return error(fmt::format("scheduled expiry {} is outside the trading calendar ({}-{})",
                                 contract.scheduled_expiry.to_string(), nse.first_covered().year(),
                                 nse.last_covered().year()));
      }
      contract.expiry = nse.on_or_before(contract.scheduled_expiry);
    }
  }
  return {std::move(contract), ""};
}

std::string contract_symbol(std::string_view underlying, ExpiryKind kind, Date scheduled_expiry, int32_t strike,
                            OptionType type) {
  const int year = scheduled_expiry.year();
  if (year < 2000 || year > 2099) fail("contract_symbol: year {} has no two-digit form", year);
  if (strike <= 0) fail("contract_symbol: strike {} is not positive", strike);
  const unsigned month = scheduled_expiry.month();
  std::string code = kind == ExpiryKind::kMonthly
                         ? fmt::format("{:02}{}", year % 100, kMonthNames[month - 1])
                         : fmt::format("{:02}{}{:02}", year % 100, kWeeklyMonthChars[month - 1],
                                       scheduled_expiry.day());
  return fmt::format("{}{}{}{}", to_upper(underlying), code, strike, to_string(type));
}

int32_t days_to_expiry(Date today, Date expiry, const TradingCalendar& calendar) {
  return calendar.count_full_trading_days(today, expiry);
}

}  // namespace tapelab::domain
