#include "truth/truth_manifest.h"

#include <algorithm>
#include <tuple>

#include "dataset/layout.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::truth {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr std::string_view kFormat = "tapelab-truth";

domain::Date date_field(const Json& j, std::string_view where) {
  const std::optional<domain::Date> d = domain::Date::parse(j.at("date").get<std::string>());
  if (!d) fail("{}: '{}' is not a date", where, j.at("date").dump());
  return *d;
}

template <typename Day>
bool same_day(const Day& d, domain::Date date, const std::string& underlying) {
  return d.date == date && d.underlying == underlying;
}

}  // namespace

Json day_json(const TruthDay& d) {
  Json files_json = Json::array();
  for (const TruthFile& f : d.files) {
    files_json.push_back({{"table", f.table}, {"path", f.path}, {"rows", f.rows}, {"content_hash", f.content_hash}});
  }
  return {{"date", d.date.to_string()},
          {"underlying", d.underlying},
          {"key", d.key},
          {"dataset_manifest_hash", d.dataset_manifest_hash},
          {"periodicity", d.periodicity},
          {"files", files_json}};
}

TruthDay day_from_json(const Json& d, std::string_view where) {
  try {
    TruthDay day{date_field(d, where), d.at("underlying").get<std::string>(), d.at("key"),
                 d.at("dataset_manifest_hash").get<std::string>(), {}, d.value("periodicity", "")};
    for (const Json& f : d.at("files")) {
      day.files.push_back({f.at("table").get<std::string>(), f.at("path").get<std::string>(),
                           f.at("rows").get<std::int64_t>(), f.at("content_hash").get<std::string>()});
    }
    return day;
  } catch (const Json::exception& e) {
    fail("{}: malformed truth day: {}", where, e.what());
  }
}

TruthManifest TruthManifest::load(const fs::path& root) {
  TruthManifest m;
  const fs::path path = dataset::manifest_path(root);
  if (!fs::exists(path)) return m;
  const std::string where = path.string();
  try {
    const Json doc = Json::parse(read_file(path));
    if (!doc.is_object() || doc.value("format", "") != kFormat) {
      fail("{}: not a truth manifest (no \"format\": \"{}\"); is this a dataset?", where, kFormat);
    }
    m.tapelab_version = doc.at("tapelab_version").get<std::string>();
    for (const Json& d : doc.at("days")) m.days.push_back(day_from_json(d, where));
    for (const Json& s : doc.at("skipped")) {
      m.skipped.push_back({date_field(s, where), s.at("underlying").get<std::string>(), s.at("reason").get<std::string>()});
    }
  } catch (const Json::exception& e) {
    fail("{}: malformed truth manifest: {}", where, e.what());
  }
  m.sort();
  return m;
}

std::string TruthManifest::to_json() const {
  Json days_json = Json::array();
  for (const TruthDay& d : days) days_json.push_back(day_json(d));
  Json skipped_json = Json::array();
  for (const SkippedDay& s : skipped) {
    skipped_json.push_back({{"date", s.date.to_string()}, {"underlying", s.underlying}, {"reason", s.reason}});
  }
  const Json doc = {{"format", kFormat}, {"tapelab_version", tapelab_version}, {"days", days_json},
                    {"skipped", skipped_json}};
  return doc.dump(2) + "\n";
}

const TruthDay* TruthManifest::find(domain::Date date, const std::string& underlying) const {
  for (const TruthDay& d : days) {
    if (same_day(d, date, underlying)) return &d;
  }
  return nullptr;
}

void TruthManifest::forget(domain::Date date, const std::string& underlying) {
  std::erase_if(days, [&](const TruthDay& d) { return same_day(d, date, underlying); });
  std::erase_if(skipped, [&](const SkippedDay& s) { return same_day(s, date, underlying); });
}

void TruthManifest::sort() {
  const auto by_day = [](const auto& a, const auto& b) {
    return std::tie(a.date, a.underlying) < std::tie(b.date, b.underlying);
  };
  std::sort(days.begin(), days.end(), by_day);
  std::sort(skipped.begin(), skipped.end(), by_day);
}

}  // namespace tapelab::truth
