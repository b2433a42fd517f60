// A run's records (trades, orders, days, intraday points) as compact bytes,
// for shipping one day's records between processes (Python's
// tapelab.distributed pickles them) without going through CSV text: CBOR
// arrays of each record's fields, every double as its exact 8 bytes, so
// decode(encode(r)) == r. Strategy infos are not encoded: whoever merges
// the days knows its strategies (engine::merge_days).
#pragma once

#include <string>
#include <string_view>

#include "engine/records.h"

namespace tapelab::jobs {

std::string encode_records(const engine::RunRecords& records);

// Throws Error for bytes encode_records did not write.
engine::RunRecords decode_records(std::string_view bytes);

}  // namespace tapelab::jobs
