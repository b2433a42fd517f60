#include "ingest/classify.h"

#include "domain/underlying.h"
#include "dump/lexer.h"
#include "util/error.h"

namespace tapelab::ingest {
namespace {

bool starts_with_ignore_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && dump::equals_ignore_case(text.substr(0, prefix.size()), prefix);
}

bool ends_with_ignore_case(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && dump::equals_ignore_case(text.substr(text.size() - suffix.size()), suffix);
}

}  // namespace

TableClass classify_table(std::string_view table_name, const domain::ExpiryCalendar& calendar) {
  TableClass out;
  out.instrument.symbol = std::string(table_name);
  for (const auto& u : domain::all_underlyings()) {
    bool spot = dump::equals_ignore_case(table_name, u.spot_table);
    for (const auto& alias : u.spot_table_aliases) spot = spot || dump::equals_ignore_case(table_name, alias);
    if (spot || dump::equals_ignore_case(table_name, u.futures_table)) {
      out.role = spot ? TableRole::kSpot : TableRole::kFutures;
      out.underlying = u.name;
      return out;
    }
  }
  // all_underlyings() is longest first, so BANKNIFTY... never matches NIFTY.
  for (const auto& u : domain::all_underlyings()) {
    if (!starts_with_ignore_case(table_name, u.name)) continue;
    if (!ends_with_ignore_case(table_name, "CE") && !ends_with_ignore_case(table_name, "PE")) break;
    out.underlying = u.name;
    auto parsed = dataset::option_instrument(table_name, calendar);
    if (!parsed.instrument) {
      out.role = TableRole::kBadOption;
      out.reason = std::move(parsed.error);
      return out;
    }
    out.role = TableRole::kOptions;
    out.instrument = std::move(*parsed.instrument);
    return out;
  }
  return out;
}

dataset::TableKind table_kind(TableRole role) {
  switch (role) {
    case TableRole::kOptions: return dataset::TableKind::kOptions;
    case TableRole::kSpot: return dataset::TableKind::kSpot;
    case TableRole::kFutures: return dataset::TableKind::kFutures;
    default: fail("internal: table role {} has no partition kind", static_cast<int>(role));
  }
}

}  // namespace tapelab::ingest
