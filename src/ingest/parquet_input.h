// One Parquet file of the users' history -> TickRows on their way to the
// partitions (docs/source-data.md#parquet-history). Everything after the
// conversion (routing, memory budget, spill, ranking of sources, publish,
// audit) is the dump path's, so REPLACE semantics hold across formats.
//
// Row groups are streamed one at a time and converted in chunks, so memory
// stays at one row group per file being read whatever the file's size.
// Files that give nothing are skipped with a reason in the audit: without
// rows (always), or unreadable: not Parquet, truncated, no `timestamp`
// column, a page that does not decode. An unreadable file stops the run
// with an Error naming it, unless keep_going: then its audit says
// FileSkip::kUnreadable, and the caller leaves out whatever rows it routed
// before the failure.
#pragma once

#include <atomic>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/expiry_calendar.h"
#include "ingest/audit.h"
#include "ingest/inputs.h"
#include "ingest/read_input.h"
#include "ingest/router.h"

namespace tapelab::ingest {

// Reads `file` into `router`, accounting in `audit`; option names that do
// not decode go to `bad_tables`, columns of no use to `extra_columns`
// (column -> files).
void read_parquet(const InputFile& file, const ReadContext& context, FileRouter& router, FileAudit& audit,
                  std::vector<BadTable>& bad_tables, std::map<std::string, std::set<std::string>>& extra_columns);

}  // namespace tapelab::ingest
