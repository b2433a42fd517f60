// GET /api/days: every (date, underlying) the dataset, the truth folder or a
// run has, and what each holds (docs/server.md#days).
#include <map>
#include <utility>

#include <nlohmann/json.hpp>

#include "server/file_hashes.h"
#include "server/handlers.h"
#include "server/params.h"

namespace tapelab::server {
namespace {

using Json = nlohmann::ordered_json;
using DayKey = std::pair<std::string, std::string>;  // (date, underlying)

struct RunDays {
  std::string id;
  std::filesystem::path daily;  // daily.csv, empty when the run has none
  std::string hash;
};

Json& day_entry(std::map<DayKey, Json>& days, const std::string& date, const std::string& underlying) {
  Json& day = days[{date, underlying}];
  if (day.is_null()) {
    day = Json{{"date", date}, {"underlying", underlying}, {"dataset", Json::object()},
               {"truth", Json::object()}, {"runs", Json::array()}};
  }
  return day;
}

std::string days_json(Services& s, const DatasetState& dataset, const TruthState& truth,
                      const std::vector<RunDays>& runs) {
  std::map<DayKey, Json> days;
  for (const dataset::PartitionEntry& p : dataset.manifest.partitions) {
    day_entry(days, p.key.date.to_string(), p.key.underlying)["dataset"][std::string(dataset::to_string(p.key.kind))] =
        Json{{"rows", p.rows}, {"hash", p.content_hash}};
  }
  for (const truth::TruthDay& d : truth.manifest.days) {
    Json& entry = day_entry(days, d.date.to_string(), d.underlying)["truth"];
    for (const truth::TruthFile& f : d.files) entry[f.table] = Json{{"rows", f.rows}, {"hash", f.content_hash}};
  }
  for (const RunDays& run : runs) {
    if (run.daily.empty()) continue;
    const auto daily = s.data.csv(run.daily, run.hash);
    const auto column = [&](std::string_view name) -> const std::vector<std::string>* {
      for (std::size_t c = 0; c < daily->header.size(); ++c) {
        if (daily->header[c] == name) return &daily->columns[c];
      }
      return nullptr;
    };
    const auto* dates = column("date");
    const auto* underlyings = column("underlying");
    if (dates == nullptr || underlyings == nullptr) continue;
    for (std::size_t r = 0; r < daily->rows; ++r) {
      Json& ids = day_entry(days, (*dates)[r], (*underlyings)[r])["runs"];
      if (ids.empty() || ids.back() != run.id) ids.push_back(run.id);
    }
  }
  Json list = Json::array();
  for (auto& [key, day] : days) list.push_back(std::move(day));
  return Json{{"days", std::move(list)}}.dump();
}

}  // namespace

Route days_route(Services& s, const Target& target) {
  allow_only(target, {});
  auto dataset = s.catalog.dataset();
  auto truth = s.catalog.truth();
  std::vector<RunDays> runs;
  std::string inputs = "days\n" + dataset->hash + "\n" + truth->hash + "\n";
  for (const RunFolder& run : s.catalog.runs()) {
    RunDays r{run.id, {}, {}};
    if (const auto daily = run.file("daily.csv")) {
      r.daily = *daily;
      r.hash = s.catalog.hashes().hash(*daily).value_or("");
    }
    inputs += r.id + " " + r.hash + "\n";
    runs.push_back(std::move(r));
  }
  return Route{hash_text(inputs), false, [&s, dataset, truth, runs = std::move(runs)] {
                 return Body{days_json(s, *dataset, *truth, runs)};
               }};
}

}  // namespace tapelab::server
