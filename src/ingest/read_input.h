// One input file read into a FileRouter, whatever its format: a dump
// (dump_input.h) or a Parquet file of the users' history (parquet_input.h).
// ingest() calls it for each file on its reader threads, and a Dask worker
// for the one file of its task (jobs/ingest_parts.h), so both read, and skip
// a broken file, the same way.
#pragma once

#include <atomic>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/expiry_calendar.h"
#include "ingest/audit.h"
#include "ingest/inputs.h"
#include "ingest/progress.h"
#include "ingest/router.h"

namespace tapelab::ingest {

struct ReadContext {
  const domain::ExpiryCalendar& calendar;
  bool keep_going = false;
  ProgressMeter::File& meter;
  const std::atomic<bool>& cancel;
  // Inflate on the reading thread, not a second one: a Dask task gets one
  // core (a worker per core, --nthreads 1).
  bool one_thread = false;
};

// Column -> the tables (or Parquet files) that have it, for columns the
// dataset does not keep.
using ExtraColumns = std::map<std::string, std::set<std::string>>;

// Reads `file` into `router`, accounting in `audit`. A file that fails
// part-way throws Error, unless keep_going: then it is marked
// FileSkip::kBroken in `audit` (the caller leaves out the rows it routed).
// A failure to route (a spill that cannot be written) or a cancelled run
// throws whatever keep_going says.
void read_input(const InputFile& file, const ReadContext& context, FileRouter& router, FileAudit& audit,
                std::vector<BadTable>& bad_tables, ExtraColumns& extra_columns);

}  // namespace tapelab::ingest
