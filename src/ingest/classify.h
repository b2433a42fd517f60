// What an ingest does with a dump table, decided from its name alone.
//
// Option contracts go to options partitions, index tables to spot, `<U>FUT` to
// futures; everything else (thousands of equity tables) is skipped without
// parsing its rows. A name that looks like an option (a known underlying and a
// CE/PE ending) but does not decode is a bad table: its rows are counted as
// dropped and the reason reported, never guessed into a contract.
#pragma once

#include <string>
#include <string_view>

#include "dataset/instrument.h"
#include "dataset/layout.h"
#include "domain/expiry_calendar.h"

namespace tapelab::ingest {

enum class TableRole { kOptions, kSpot, kFutures, kBadOption, kSkip };

struct TableClass {
  TableRole role = TableRole::kSkip;
  std::string underlying;          // canonical name; empty for kSkip
  dataset::Instrument instrument;  // kOptions: the contract; others: symbol only
  std::string reason;              // kBadOption: why the name did not decode
};

TableClass classify_table(std::string_view table_name, const domain::ExpiryCalendar& calendar);

dataset::TableKind table_kind(TableRole role);  // kOptions/kSpot/kFutures only

}  // namespace tapelab::ingest
