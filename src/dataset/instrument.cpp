#include "dataset/instrument.h"

#include "domain/contract.h"

namespace tapelab::dataset {

InstrumentOrError option_instrument(std::string_view symbol, const domain::ExpiryCalendar& calendar) {
  domain::ContractOrError parsed = domain::parse_contract(symbol, calendar);
  if (!parsed.contract) return InstrumentOrError{std::nullopt, std::move(parsed.error)};
  const domain::Contract& c = *parsed.contract;
  Instrument ins;
  ins.symbol = std::string(symbol);
  ins.expiry_type = c.kind;
  ins.expiry = c.expiry;
  ins.opt_type = c.type;
  ins.strike = c.strike;
  // docs/contracts-and-calendar.md#monthly-and-weekly: monthly means "expires on its
  // month's monthly expiry date", whatever the name says; a weekly-named contract never is.
  const std::optional<domain::Expiry> monthly =
      calendar.monthly_for(c.underlying, c.expiry.year(), c.expiry.month());
  ins.is_monthly = c.kind == domain::ExpiryKind::kMonthly && monthly && monthly->final == c.expiry;
  ins.lot_size = domain::lot_size(c.underlying, c.expiry, c.kind).value_or(0);
  return InstrumentOrError{std::move(ins), {}};
}

std::optional<Instrument> futures_instrument(std::string_view symbol, std::string_view underlying,
                                             domain::Date date, const domain::ExpiryCalendar& calendar) {
  for (const domain::Expiry& e : calendar.expiries(underlying, date, date + 92)) {
    if (e.kind != domain::ExpiryKind::kMonthly) continue;
    Instrument ins;
    ins.symbol = std::string(symbol);
    ins.expiry_type = domain::ExpiryKind::kMonthly;
    ins.is_monthly = true;
    ins.expiry = e.final;
    ins.lot_size = domain::lot_size(underlying, e.final, domain::ExpiryKind::kMonthly).value_or(0);
    return ins;
  }
  return std::nullopt;
}

}  // namespace tapelab::dataset
