#include "truth/day_inputs.h"

#include <fmt/format.h>

#include "dataset/layout.h"
#include "domain/trading_calendar.h"
#include "truth/periodicity.h"

namespace tapelab::truth {
namespace {

namespace fs = std::filesystem;
using dataset::PartitionKey;
using dataset::TableKind;

// A partition folder holds exactly its one data file: anything else would be
// data a reader of that file never sees (docs/market-truth.md#defects-that-must-not-come-back, 2).
std::string foreign_files(const fs::path& file) {
  std::string found;
  for (const fs::directory_entry& e : fs::directory_iterator(file.parent_path())) {
    if (e.path() != file) found += (found.empty() ? "" : ", ") + e.path().filename().string();
  }
  return found;
}

}  // namespace

DayInputs day_inputs(const fs::path& dataset, const dataset::Manifest& source, const market::DayKey& day,
                     const TruthParams& params) {
  DayInputs in;
  nlohmann::ordered_json inputs;
  for (const TableKind kind : {TableKind::kOptions, TableKind::kSpot, TableKind::kFutures}) {
    const PartitionKey key{kind, day.date, day.underlying};
    const fs::path file = dataset::partition_path(dataset, key);
    if (!fs::exists(file)) {
      inputs[std::string(dataset::to_string(kind))] = nullptr;
      continue;
    }
    const std::string others = foreign_files(file);
    if (!others.empty() && in.skip_reason.empty()) {
      in.skip_reason = fmt::format("{} holds other files besides {} ({}); a day is read whole or not at all",
                                   file.parent_path().string(), file.filename().string(), others);
    }
    const dataset::PartitionEntry* entry = source.find(key);
    inputs[std::string(dataset::to_string(kind))] = entry ? entry->content_hash : dataset::hash_file(file);
  }
  if (in.skip_reason.empty() && inputs["spot"].is_null()) in.skip_reason = "no spot partition";
  // The periodicity's window: a spot partition added or changed there changes the day.
  nlohmann::ordered_json window = nlohmann::ordered_json::object();
  for (const domain::Date d : periodicity_window(day.date, domain::TradingCalendar::nse(), params.periodicity_days)) {
    const PartitionKey key{TableKind::kSpot, d, day.underlying};
    const fs::path file = dataset::partition_path(dataset, key);
    if (!fs::exists(file)) continue;
    const dataset::PartitionEntry* entry = source.find(key);
    window[d.to_string()] = entry ? entry->content_hash : dataset::hash_file(file);
  }
  in.key = {{"truth_schema_version", kTruthSchemaVersion},
            {"parameters", nlohmann::ordered_json::parse(params_json(params))},
            {"inputs", inputs},
            {"periodicity_inputs", window}};
  return in;
}

}  // namespace tapelab::truth
