#include "jobs/sweep_job.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/date.h"
#include "jobs/day_selection.h"
#include "jobs/strategy_provenance.h"
#include "sweep/outputs.h"
#include "util/error.h"

namespace tapelab::jobs {
namespace {

std::optional<sweep::WalkForwardSpec> walk_forward_spec(const SweepRequest& request) {
  if (!request.split.empty() && !request.walk_forward.empty()) {
    fail("sweep: give --split DATE or --walk-forward IN,OUT, not both");
  }
  if (!request.split.empty()) {
    const std::optional<domain::Date> date = domain::Date::parse(request.split);
    if (!date) fail("sweep: --split '{}' is not a date (YYYY-MM-DD)", request.split);
    return sweep::WalkForwardSpec{date, 0, 0};
  }
  if (request.walk_forward.empty()) return std::nullopt;
  if (request.walk_forward.size() != 2 || request.walk_forward[0] <= 0 || request.walk_forward[1] <= 0) {
    fail("sweep: --walk-forward takes IN,OUT: in-sample and out-of-sample trading days, both > 0 (e.g. 20,5)");
  }
  return sweep::WalkForwardSpec{std::nullopt, request.walk_forward[0], request.walk_forward[1]};
}

report::RunConfiguration run_configuration(const SweepRequest& request, const sweep::SweepPlan& plan,
                                           const market::DaySelection& days) {
  report::RunConfiguration c;
  c.command = "sweep";
  c.days = days;
  for (const sweep::Variant& variant : plan.variants) c.strategies.push_back(resolved_strategy(variant.config));
  c.documents = config_documents({request.config}, {}, {});
  c.options = {{"rank_by", request.rank_by},
               {"split", request.split},
               {"walk_forward", fmt::format("{}", fmt::join(request.walk_forward, ","))},
               {"picks", std::to_string(request.picks)},
               {"keep_trades", request.keep_trades ? "true" : "false"}};
  return c;
}

}  // namespace

SweepJobPlan plan_sweep(const SweepRequest& request) {
  if (request.threads < 0) fail("sweep: --threads must be 0 (all cores) or positive");
  if (request.top < 1) fail("sweep: --top must be positive");
  if (request.picks < 1) fail("sweep: --picks must be positive");
  SweepJobPlan job;
  job.options.rank_by = sweep::parse_rank_key(request.rank_by);
  job.options.walk_forward = walk_forward_spec(request);
  if (request.picks != 1 && !job.options.walk_forward) fail("sweep: --picks needs --split or --walk-forward");
  job.options.picks = static_cast<std::size_t>(request.picks);
  job.options.run.dataset = request.data;
  job.options.run.days = day_selection("sweep", request.from, request.to, request.underlyings);
  job.options.run.threads = request.threads;
  job.options.run.progress = request.progress;
  job.options.run.intraday = request.keep_trades;  // only the report files show it
  job.plan = sweep::load_sweep(request.config);
  job.configuration = run_configuration(request, job.plan, job.options.run.days);
  return job;
}

SweepRun run_sweep(const SweepRequest& request) {
  SweepRun run;
  run.job = plan_sweep(request);
  run.data = request.data;
  run.keep_trades = request.keep_trades;
  run.top = request.top;
  run.manifest_hash = report::manifest_hash(request.data);
  run.result = sweep::run_sweep(run.job.plan, run.job.options);
  return run;
}

std::vector<report::OutputFile> sweep_job_files(const SweepRun& run) {
  std::vector<report::OutputFile> files = sweep::sweep_files(run.job.plan, run.result, run.job.options, run.keep_trades);
  files.push_back({"provenance.json", report::provenance_json(run.data, run.manifest_hash, run.job.configuration)});
  return files;
}

std::string sweep_job_text(const SweepRun& run) {
  return sweep::sweep_text(run.result, run.job.options, static_cast<std::size_t>(run.top));
}

}  // namespace tapelab::jobs
