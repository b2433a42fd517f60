// libFuzzer target: the contract-name decoder on arbitrary table names.
//
// A name either decodes or comes back as an error value with a reason
// (docs/source-data.md#contract-names); it never throws. A name that decodes
// must survive a round trip: its canonical symbol decodes to the same
// contract, so no two spellings disagree about an expiry.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/contract.h"
#include "fuzz_check.h"

using namespace tapelab::domain;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ExpiryCalendar calendar = ExpiryCalendar::builtin();
  const std::string_view name(reinterpret_cast<const char*>(data), size);
  const ContractOrError decoded = parse_contract(name, calendar);
  FUZZ_CHECK(decoded.contract.has_value() == decoded.error.empty());
  if (!decoded.contract) return 0;
  const Contract& contract = *decoded.contract;
  FUZZ_CHECK(contract.symbol == name);
  FUZZ_CHECK(contract.expiry.days() - contract.scheduled_expiry.days() <= 0);
  const std::string canonical = contract_symbol(contract.underlying, contract.kind, contract.scheduled_expiry,
                                                contract.strike, contract.type);
  const ContractOrError again = parse_contract(canonical, calendar);
  FUZZ_CHECK(again.contract.has_value());
  FUZZ_CHECK(again.contract->underlying == contract.underlying && again.contract->kind == contract.kind &&
             again.contract->scheduled_expiry == contract.scheduled_expiry &&
             again.contract->expiry == contract.expiry && again.contract->strike == contract.strike &&
             again.contract->type == contract.type);
  return 0;
}
