// A handful of equity tables for das_nse_mod: a different schema with text
// columns (quotes, backslashes, semicolons and "),(" inside strings) that an
// ingest must recognise and skip without mis-parsing the statements.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "gen/sql_dump.h"
#include "gen/tape.h"

namespace tapelab::gen {

const std::vector<std::string_view>& equity_tables();  // sorted
const std::vector<ColumnDef>& equity_columns();

// mysqldump's string literal: quoted, with \\ \' \" \n \r \0 \Z escapes.
void append_sql_string(TextBuffer& out, std::string_view text);

void write_equity_day(uint64_t seed, std::string_view table, domain::Date date, const ScaleParams& scale,
                      TextBuffer& out, StatementBuilder& statements, TableStats& stats);

}  // namespace tapelab::gen
