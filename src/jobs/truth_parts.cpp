#include "jobs/truth_parts.h"

#include <stdlib.h>

#include <map>
#include <utility>

#include <nlohmann/json.hpp>
#include <oneapi/tbb/task_arena.h>

#include "dataset/manifest.h"
#include "jobs/cbor.h"
#include "report/provenance.h"
#include "truth/day_build.h"
#include "truth/params.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::jobs {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr int kFormatVersion = 1;

Json from_cbor(std::string_view bytes, std::string_view what) {
  return jobs::from_cbor<Json>(bytes, what, kFormatVersion);
}

market::DayKey day_of(const Json& json, std::string_view what) {
  const std::optional<domain::Date> date = domain::Date::parse(json.at("date").get<std::string>());
  if (!date) fail("{}: '{}' is not a date", what, json.at("date").dump());
  return {*date, json.at("underlying").get<std::string>()};
}

// A folder of its own under the temporary directory, removed with this.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "tapelab-truth-day-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) fail("{}: cannot create a scratch folder", pattern);
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The day built into `scratch`, its files' bytes beside its manifest entry.
Json day_part(const Json& task, const market::DayKey& day, const fs::path& scratch) {
  truth::PastReturns past(task.at("dataset").get<std::string>());
  const truth::DayBuildContext context{task.at("dataset").get<std::string>(), task.at("manifest_hash").get<std::string>(),
                                       truth::params_from_json(task.at("parameters").get<std::string>(), "truth task"),
                                       past};
  std::map<std::string, fs::path> written;
  truth::DayOutcome outcome;
  // One tapelab thread per task: the readers and writers would otherwise use every core of the worker.
  tbb::task_arena(1).execute([&] {
    outcome = truth::build_day(context, day, task.at("key"), [&](const fs::path& relative) {
      const fs::path file = scratch / std::to_string(written.size());
      written.emplace(relative.generic_string(), file);
      return file;
    });
  });
  Json part = {{"format", kFormatVersion},
               {"date", day.date.to_string()},
               {"underlying", day.underlying},
               {"day", outcome.built ? truth::day_json(*outcome.built) : Json(nullptr)},
               {"skip_reason", outcome.skip_reason},
               {"files", Json::object()}};
  if (!outcome.built) return part;
  for (const truth::TruthFile& f : outcome.built->files) {
    const std::string bytes = read_file(written.at(f.path));
    part["files"][f.path] = Json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  }
  return part;
}

}  // namespace

TruthBuildJob::TruthBuildJob(const TruthBuildRequest& request)
    : request_(request),
      options_(build_options(request)),
      manifest_hash_(report::manifest_hash(request.dataset)),
      build_(std::make_unique<truth::TruthBuild>(request.dataset, request.out, options_)) {
  const std::string parameters = truth::params_json(options_.params);
  for (const truth::DayToBuild& day : build_->to_build()) {
    const Json task = {{"format", kFormatVersion},
                       {"dataset", request.dataset},
                       {"date", day.day.date.to_string()},
                       {"underlying", day.day.underlying},
                       {"key", day.key},
                       {"manifest_hash", build_->manifest_hash()},
                       {"parameters", parameters}};
    tasks_.push_back({day.day, to_cbor(task)});
  }
}

truth::TruthBuild& TruthBuildJob::build() {
  if (!build_) fail("truth build of {}: already finished or closed", request_.out);
  return *build_;
}

void TruthBuildJob::add_part(std::size_t i, std::string_view bytes) {
  truth::TruthBuild& truth = build();
  if (i >= tasks_.size()) fail("truth build: no task {} (of {})", i, tasks_.size());
  const Json part = from_cbor(bytes, "truth part");
  const market::DayKey& day = tasks_[i].day;
  try {
    if (day_of(part, "truth part") != day) {
      fail("truth part of {} {} given for task {} ({} {})", part.at("date").dump(), part.at("underlying").dump(), i,
           day.date.to_string(), day.underlying);
    }
    truth::DayOutcome outcome{std::nullopt, part.at("skip_reason").get<std::string>()};
    if (!part.at("day").is_null()) {
      outcome.built = truth::day_from_json(part.at("day"), "truth part");
      for (const truth::TruthFile& f : outcome.built->files) {
        const fs::path staged = truth.staged_file(f.path);
        const std::vector<std::uint8_t>& content = part.at("files").at(f.path).get_binary();
        write_file_atomically(staged, {reinterpret_cast<const char*>(content.data()), content.size()});
        if (dataset::hash_file(staged) != f.content_hash) {
          fail("truth part of {} {}: {} does not match its hash", day.date.to_string(), day.underlying, f.path);
        }
      }
    }
    truth.set_outcome(i, std::move(outcome));
  } catch (const Json::exception& e) {
    fail("truth part of {} {} is damaged: {}", day.date.to_string(), day.underlying, e.what());
  }
}

std::string TruthBuildJob::finish() {
  const truth::BuildReport report = build().publish();
  build_.reset();
  write_build_provenance(request_, options_, manifest_hash_);
  return build_report_text(report, request_.out);
}

void TruthBuildJob::close() { build_.reset(); }

std::string truth_day_part(std::string_view bytes) {
  const Json task = from_cbor(bytes, "truth task");
  try {
    const market::DayKey day = day_of(task, "truth task");
    const ScratchDir scratch;
    return to_cbor(day_part(task, day, scratch.path()));
  } catch (const Json::exception& e) {
    fail("truth task is damaged: {}", e.what());
  }
}

}  // namespace tapelab::jobs
