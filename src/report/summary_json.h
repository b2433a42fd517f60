// summary.json: per strategy its settings and metrics (metrics.h) with the
// weekly and monthly returns on margin, the whole run's portfolio metrics,
// and the metric definitions in words. Keys keep a fixed order, numbers are
// rounded (rupees 2 decimals, percentages 4, ratios 6), an absent figure
// (e.g. an infinite profit factor) is null: the same records give the same
// bytes.
#pragma once

#include <string>

#include "engine/records.h"
#include "report/metrics.h"

namespace tapelab::report {

std::string summary_json(const engine::RunRecords& records, const RunMetrics& metrics);

}  // namespace tapelab::report
