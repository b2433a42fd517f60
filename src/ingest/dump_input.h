// One mysqldump recording -> TickRows on their way to the partitions
// (docs/source-data.md): the reader parses statements, tables are classified
// by name, RowMapper converts rows (while the reader tokenizes them, where it
// can), and the file's FileRouter takes them. Converting and routing a batch
// overlaps with parsing the next one.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/expiry_calendar.h"
#include "ingest/audit.h"
#include "ingest/read_input.h"
#include "ingest/router.h"

namespace tapelab::ingest {

// Reads one dump into `router`, accounting in `audit`; option tables whose
// names do not decode go to `bad_tables`, columns of no use to
// `extra_columns` (column -> tables). Throws Error for a file that cannot be
// read to its end (keep_going collects bad statements and values instead).
void read_dump(const std::filesystem::path& path, const ReadContext& context, FileRouter& router, FileAudit& audit,
               std::vector<BadTable>& bad_tables, ExtraColumns& extra_columns);

}  // namespace tapelab::ingest
