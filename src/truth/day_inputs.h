// What a day's truth is built from, before anything is loaded: its input
// partitions and their content hashes, folded with the parameters and the
// schema version into the day's key
// (docs/market-truth.md#publishing-and-incremental-builds).
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "dataset/manifest.h"
#include "market/loader.h"
#include "truth/params.h"

namespace tapelab::truth {

struct DayInputs {
  nlohmann::ordered_json key;
  std::string skip_reason;  // non-empty: the day cannot be built (no spot partition, a foreign file)
};

// `source` is the dataset's manifest (its hashes are used where it lists a
// partition; others are hashed from the file).
DayInputs day_inputs(const std::filesystem::path& dataset, const dataset::Manifest& source, const market::DayKey& day,
                     const TruthParams& params);

}  // namespace tapelab::truth
