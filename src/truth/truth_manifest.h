// <truth>/manifest.json: the days a truth folder holds, each with the key it
// was built from and its files, and the days that were skipped and why
// (docs/market-truth.md#publishing-and-incremental-builds).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/date.h"

namespace tapelab::truth {

struct TruthFile {
  std::string table;         // "features"
  std::string path;          // relative to the truth root
  std::int64_t rows = 0;
  std::string content_hash;  // dataset::hash_file of the file
};

struct TruthDay {
  domain::Date date;
  std::string underlying;
  nlohmann::ordered_json key;  // schema version, parameters, input partitions' hashes
  std::string dataset_manifest_hash;  // when the day was built ("" without one)
  std::vector<TruthFile> files;
  std::string periodicity;  // how its intraday periodicity was estimated, or why it is off
};

struct SkippedDay {
  domain::Date date;
  std::string underlying;
  std::string reason;
};

// A day's entry in the manifest as JSON, and back (the manifest's own form;
// tapelab.distributed also ships built days in it, jobs/truth_parts.h).
// day_from_json throws Error naming `where` when a field is missing.
nlohmann::ordered_json day_json(const TruthDay& day);
TruthDay day_from_json(const nlohmann::ordered_json& j, std::string_view where);

struct TruthManifest {
  std::string tapelab_version;
  std::vector<TruthDay> days;        // sorted by (date, underlying)
  std::vector<SkippedDay> skipped;   // sorted by (date, underlying)

  // An absent manifest is an empty truth; one that is not a truth manifest
  // (a dataset's) or is malformed is an Error naming the file.
  static TruthManifest load(const std::filesystem::path& root);
  std::string to_json() const;

  const TruthDay* find(domain::Date date, const std::string& underlying) const;
  // Drops whatever the manifest says about the day (built or skipped).
  void forget(domain::Date date, const std::string& underlying);
  void sort();
};

}  // namespace tapelab::truth
