#include "ingest/read_input.h"

#include <fmt/format.h>

#include "ingest/dump_input.h"
#include "ingest/parquet_input.h"
#include "util/error.h"

namespace tapelab::ingest {

void read_input(const InputFile& file, const ReadContext& context, FileRouter& router, FileAudit& audit,
                std::vector<BadTable>& bad_tables, ExtraColumns& extra_columns) {
  try {
    if (file.format == InputFormat::kParquet) {
      read_parquet(file, context, router, audit, bad_tables, extra_columns);
    } else {
      read_dump(file.path, context, router, audit, bad_tables, extra_columns);
    }
  } catch (const Error& e) {
    if (!context.keep_going || router.sink_failed() || context.cancel.load()) throw;
    audit.skip = FileSkip::kBroken;
    audit.skip_reason = e.what();
    audit.problems.push_back(fmt::format("{}: skipped whole: {}", audit.path, e.what()));
  }
}

}  // namespace tapelab::ingest
