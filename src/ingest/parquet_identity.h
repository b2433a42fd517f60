// Which contract a Parquet file of the users' history is about
// (docs/source-data.md#parquet-history): raw files by their name, which is
// a dump table name; expiry-packed files by their path; date-packed rows by
// their `contract` column. Where a file also has the identity columns
// (symbol, opt_type, strike, year, month), they are checked against the
// contract the name gives; the name wins and a disagreement is reported.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "domain/expiry_calendar.h"
#include "ingest/classify.h"
#include "ingest/inputs.h"
#include "ingest/parquet_rows.h"

namespace tapelab::ingest {

// The table a raw or expiry-packed file stands for, classified as a dump
// table of that name would be. An expiry-packed path that does not decode
// is a kBadOption with the reason.
TableClass parquet_file_table(const InputFile& file, const domain::ExpiryCalendar& calendar);

// The first identity column of row `row` that disagrees with the option
// contract `table`, as "column 'strike' says 24000, the name 23950";
// nullopt when they agree (or the file has none of them).
std::optional<std::string> identity_disagreement(const ParquetRowMapper& mapper, const parquet::Batch& batch,
                                                 std::size_t row, const TableClass& table,
                                                 IdentityColumn& column);

}  // namespace tapelab::ingest
