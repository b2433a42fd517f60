// The day a URL names (/api/days/{date}/{underlying}/...), found in the
// dataset's and the truth folder's manifests: a 404 unless one of them has it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "dataset/manifest.h"
#include "server/catalog.h"
#include "truth/truth_manifest.h"

namespace tapelab::server {

struct DayRef {
  domain::Date date;
  std::string underlying;
  std::shared_ptr<const DatasetState> dataset;  // keeps the entries below alive
  std::shared_ptr<const TruthState> truth;
  const dataset::PartitionEntry* options = nullptr;  // null when the dataset lacks it
  const dataset::PartitionEntry* spot = nullptr;
  const dataset::PartitionEntry* futures = nullptr;
  const truth::TruthDay* truth_day = nullptr;       // null when the truth lacks the day
};

DayRef find_day(Catalog& catalog, std::string_view date, std::string_view underlying);

}  // namespace tapelab::server
