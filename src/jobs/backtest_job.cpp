#include "jobs/backtest_job.h"

#include <set>

#include <fmt/format.h>

#include "jobs/day_selection.h"
#include "jobs/strategy_provenance.h"
#include "report/metrics.h"
#include "report/text.h"
#include "strategies/config.h"
#include "strategies/presets.h"
#include "util/error.h"

namespace tapelab::jobs {
namespace {

std::vector<strategies::StrategyConfig> strategy_configs(const BacktestRequest& request) {
  std::vector<strategies::StrategyConfig> configs;
  const auto add = [&](std::vector<strategies::StrategyConfig> more) {
    for (strategies::StrategyConfig& config : more) configs.push_back(std::move(config));
  };
  for (const std::string& file : request.config_files) add(strategies::load_config(file));
  for (const report::ConfigDocument& text : request.config_texts) add(strategies::parse_config(text.text, text.source));
  for (const std::string& name : request.presets) configs.push_back(strategies::preset(name));
  if (configs.empty() && request.code_strategies.empty()) {
    fail("backtest: no strategy: give CONFIG.toml files or --preset NAME");
  }
  strategies::check_unique_names(configs);
  std::set<std::string, std::less<>> names;
  for (const strategies::StrategyConfig& config : configs) names.insert(config.name);
  for (const CodeStrategy& code : request.code_strategies) {
    if (code.name.empty()) fail("backtest: a {} strategy needs a name", code.type);
    if (!names.insert(code.name).second) {
      fail("strategy name \"{}\" is used twice in this run; give one a different `name`", code.name);
    }
  }
  return configs;
}

// A code strategy's settings are read as a config's file-wide tables are.
engine::StrategySpec code_spec(const CodeStrategy& code) {
  const strategies::StrategySettings settings = strategies::parse_settings(code.settings.text, code.settings.source);
  engine::StrategySpec spec;
  spec.info = {code.name, code.description, settings.execution, settings.capital, settings.greeks};
  spec.underlyings = code.underlyings;
  spec.needs = code.needs;
  spec.make = [make = code.make, info = spec.info] { return make(info); };
  return spec;
}

report::ResolvedStrategy code_provenance(const CodeStrategy& code, const engine::StrategySpec& spec) {
  report::ResolvedStrategy s;
  s.info = spec.info;
  s.underlyings = spec.underlyings;
  s.type = code.type;
  s.parameters = code.description;
  s.rules = "Its own code decides every second; the engine's fills, costs, margin, latency and square-off apply to "
            "its orders as to any strategy's.";
  return s;
}

report::RunConfiguration run_configuration(const BacktestRequest& request,
                                           const std::vector<strategies::StrategyConfig>& configs,
                                           const market::DaySelection& days) {
  report::RunConfiguration c;
  c.command = "backtest";
  c.days = days;
  for (const strategies::StrategyConfig& config : configs) c.strategies.push_back(resolved_strategy(config));
  c.documents = config_documents(request.config_files, request.config_texts, request.presets);
  for (const CodeStrategy& code : request.code_strategies) {
    c.strategies.push_back(code_provenance(code, code_spec(code)));
    if (!code.settings.text.empty()) c.documents.push_back(code.settings);
  }
  if (!request.truth.empty()) c.options.emplace_back("truth", request.truth);
  return c;
}

}  // namespace

BacktestPlan plan_backtest(const BacktestRequest& request) {
  if (request.threads < 0) fail("backtest: --threads must be 0 (all cores) or positive");
  const std::vector<strategies::StrategyConfig> configs = strategy_configs(request);
  BacktestPlan plan;
  for (const strategies::StrategyConfig& config : configs) plan.specs.push_back(strategies::make_spec(config));
  for (const CodeStrategy& code : request.code_strategies) plan.specs.push_back(code_spec(code));
  plan.options.dataset = request.data;
  plan.options.days = day_selection("backtest", request.from, request.to, request.underlyings);
  plan.options.threads = request.threads;
  plan.options.progress = request.progress;
  plan.configuration = run_configuration(request, configs, plan.options.days);
  if (!request.truth.empty()) {
    plan.truth = std::make_shared<const truth::BacktestTruth>(request.truth, request.data);
    plan.options.regimes = [truth = plan.truth](const market::DayKey& day) { return truth->regimes(day); };
  }
  return plan;
}

BacktestRun run_backtest(const BacktestRequest& request) {
  const BacktestPlan plan = plan_backtest(request);
  BacktestRun run;
  run.data = request.data;
  run.manifest_hash = report::manifest_hash(request.data);
  run.records = engine::run_backtest(plan.specs, plan.options);
  run.configuration = plan.configuration;
  if (plan.truth) run.by_regime = plan.truth->breakdown(run.records);
  return run;
}

std::vector<report::OutputFile> backtest_files(const BacktestRun& run) {
  std::vector<report::OutputFile> files = report::run_files(run.records, run.by_regime ? &*run.by_regime : nullptr);
  files.push_back({"provenance.json", report::provenance_json(run.data, run.manifest_hash, run.configuration)});
  return files;
}

void write_backtest(const BacktestRun& run, const std::filesystem::path& out) {
  report::write_files(backtest_files(run), out);
  if (!run.by_regime) report::remove_stale(out, "by_regime.csv");
}

std::string backtest_summary_text(const engine::RunRecords& records) {
  const report::RunMetrics metrics = report::compute_run_metrics(records);
  std::string out = fmt::format("{:<14} {:>5} {:>7} {:>8} {:>14} {:>12} {:>14} {:>10} {:>6} {:>9} {:>8} {:>8}  {}\n",
                                "strategy", "days", "trades", "win %", "net Rs", "costs Rs", "max DD Rs", "RoM/day %",
                                "stale", "unpriced", "settled", "crossed", "rejected orders");
  const auto percent = [](const std::optional<double>& v) { return report::fixed(v ? *v * 100 : v, 2, "-"); };
  for (std::size_t i = 0; i < records.strategies.size(); ++i) {
    const report::Metrics& m = metrics.strategies[i];
    const report::Integrity& integrity = m.integrity;
    out += fmt::format("{:<14} {:>5} {:>7} {:>8} {:>14} {:>12} {:>14} {:>10} {:>6} {:>9} {:>8} {:>8}  {}\n",
                       records.strategies[i].name, m.days, m.trades, percent(m.win_rate), report::fixed(m.net, 2),
                       report::fixed(m.costs, 2), report::fixed(m.max_drawdown, 2), percent(m.return_on_margin_per_day),
                       integrity.stale_exits, integrity.unpriced_exits, integrity.settled_exits,
                       integrity.crossed_book_skips, report::rejections_text(integrity));
  }
  return out;
}

}  // namespace tapelab::jobs
