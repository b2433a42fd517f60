#include "sweep/outputs.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "report/text.h"

namespace tapelab::sweep {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kMoney = 2;
constexpr int kRatio = 6;

std::string csv_row(const std::vector<std::string>& fields) {
  std::vector<std::string> quoted;
  for (const std::string& field : fields) quoted.push_back(report::csv_field(field));
  return fmt::format("{}\n", fmt::join(quoted, ","));
}

// The six figures of a ranking, in the order of kFigureColumns.
constexpr const char* kFigureColumns[] = {"net", "return_on_margin", "max_drawdown", "sharpe", "win_rate", "trades"};

std::vector<std::string> figure_fields(const report::Metrics& m) {
  return {report::fixed(m.net, kMoney),          report::fixed(m.return_on_margin_total, kRatio, ""),
          report::fixed(m.max_drawdown, kMoney), report::fixed(m.sharpe, kRatio, ""),
          report::fixed(m.win_rate, kRatio, ""), std::to_string(m.trades)};
}

Json optional_number(const std::optional<double>& value, int decimals) {
  if (!value) return nullptr;
  return report::rounded(*value, decimals);
}

Json figures_json(const report::Metrics& m) {
  return {{"net", report::rounded(m.net, kMoney)},
          {"return_on_margin", optional_number(m.return_on_margin_total, kRatio)},
          {"max_drawdown", report::rounded(m.max_drawdown, kMoney)},
          {"sharpe", optional_number(m.sharpe, kRatio)},
          {"win_rate", optional_number(m.win_rate, kRatio)},
          {"trades", m.trades},
          {"days", m.days}};
}

Json values_json(const SweepPlan& plan, std::size_t variant) {
  Json values = Json::object();
  for (std::size_t c = 0; c < plan.columns.size(); ++c) {
    const std::string& value = plan.variants[variant].values[c];
    if (!value.empty()) values[plan.columns[c]] = value;
  }
  return values;
}

Json range_json(const DateRange& range) { return {{"from", range.first.to_string()}, {"to", range.last.to_string()}}; }

std::string percent(const std::optional<double>& ratio) { return report::fixed(ratio ? *ratio * 100 : ratio, 2, "-"); }

std::string figures_text(const report::Metrics& m) {
  return fmt::format("{:>14} {:>9} {:>13} {:>8} {:>7} {:>7}", report::fixed(m.net, 2),
                     percent(m.return_on_margin_total), report::fixed(m.max_drawdown, 2),
                     report::fixed(m.sharpe, 2, "-"), percent(m.win_rate), m.trades);
}

std::string figures_header() {
  return fmt::format("{:>14} {:>9} {:>13} {:>8} {:>7} {:>7}", "net Rs", "RoM %", "max DD Rs", "Sharpe", "win %",
                     "trades");
}

std::string range_text(const DateRange& range) {
  return fmt::format("{}..{}", range.first.to_string(), range.last.to_string());
}

}  // namespace

std::string ranking_csv(const SweepPlan& plan, const SweepResult& result) {
  std::vector<std::string> header{"rank", "variant"};
  header.insert(header.end(), plan.columns.begin(), plan.columns.end());
  header.insert(header.end(), std::begin(kFigureColumns), std::end(kFigureColumns));
  std::string out = csv_row(header);
  for (std::size_t r = 0; r < result.ranking.size(); ++r) {
    const std::size_t v = result.ranking[r];
    std::vector<std::string> row{std::to_string(r + 1), plan.variants[v].config.name};
    row.insert(row.end(), plan.variants[v].values.begin(), plan.variants[v].values.end());
    const std::vector<std::string> figures = figure_fields(result.metrics[v]);
    row.insert(row.end(), figures.begin(), figures.end());
    out += csv_row(row);
  }
  return out;
}

std::string ranking_json(const SweepPlan& plan, const SweepResult& result, const SweepOptions& options) {
  Json variants = Json::array();
  for (std::size_t r = 0; r < result.ranking.size(); ++r) {
    const std::size_t v = result.ranking[r];
    variants.push_back({{"rank", r + 1},
                        {"variant", plan.variants[v].config.name},
                        {"values", values_json(plan, v)},
                        {"metrics", figures_json(result.metrics[v])}});
  }
  const Json document = {{"rank_by", to_string(options.rank_by)},
                         {"columns", plan.columns},
                         {"variants", std::move(variants)}};
  return document.dump(2) + "\n";
}

std::string walk_forward_csv(const SweepPlan& plan, const SweepResult& result) {
  std::vector<std::string> header{"window", "in_from", "in_to", "out_from", "out_to", "pick", "variant"};
  header.insert(header.end(), plan.columns.begin(), plan.columns.end());
  for (const char* side : {"in_", "out_"}) {
    for (const char* figure : kFigureColumns) header.push_back(std::string(side) + figure);
  }
  header.push_back("out_rank");
  std::string out = csv_row(header);
  for (std::size_t w = 0; w < result.walk_forward.size(); ++w) {
    const WindowResult& window = result.walk_forward[w];
    for (std::size_t p = 0; p < window.picks.size(); ++p) {
      const Pick& pick = window.picks[p];
      std::vector<std::string> row{std::to_string(w + 1),
                                   window.window.in.first.to_string(),
                                   window.window.in.last.to_string(),
                                   window.window.out.first.to_string(),
                                   window.window.out.last.to_string(),
                                   std::to_string(p + 1),
                                   plan.variants[pick.variant].config.name};
      row.insert(row.end(), plan.variants[pick.variant].values.begin(), plan.variants[pick.variant].values.end());
      for (const report::Metrics* m : {&pick.in, &pick.out}) {
        const std::vector<std::string> figures = figure_fields(*m);
        row.insert(row.end(), figures.begin(), figures.end());
      }
      row.push_back(std::to_string(pick.out_rank));
      out += csv_row(row);
    }
  }
  return out;
}

std::string walk_forward_json(const SweepPlan& plan, const SweepResult& result, const SweepOptions& options) {
  Json windows = Json::array();
  for (const WindowResult& window : result.walk_forward) {
    Json picks = Json::array();
    for (const Pick& pick : window.picks) {
      picks.push_back({{"variant", plan.variants[pick.variant].config.name},
                       {"values", values_json(plan, pick.variant)},
                       {"in_sample", figures_json(pick.in)},
                       {"out_of_sample", figures_json(pick.out)},
                       {"out_of_sample_rank", pick.out_rank}});
    }
    windows.push_back({{"in_sample", range_json(window.window.in)},
                       {"out_of_sample", range_json(window.window.out)},
                       {"picks", std::move(picks)}});
  }
  const WalkForwardSummary& summary = *result.summary;
  const Json document = {
      {"rank_by", to_string(options.rank_by)},
      {"variants", plan.variants.size()},
      {"windows", std::move(windows)},
      {"out_of_sample", range_json(summary.out)},
      {"first_picks_out_of_sample", figures_json(summary.picked)},
      {"best_in_hindsight",
       {{"variant", plan.variants[summary.hindsight].config.name},
        {"values", values_json(plan, summary.hindsight)},
        {"metrics", figures_json(summary.hindsight_metrics)}}}};
  return document.dump(2) + "\n";
}

std::string sweep_text(const SweepResult& result, const SweepOptions& options, std::size_t top) {
  const auto& names = result.records.strategies;
  std::size_t width = 7;
  for (std::size_t r = 0; r < std::min(top, result.ranking.size()); ++r) {
    width = std::max(width, names[result.ranking[r]].name.size());
  }
  std::string out = fmt::format("{} variants ranked by {}\n{:>4}  {:<{}} {}\n", result.ranking.size(),
                                to_string(options.rank_by), "rank", "variant", width, figures_header());
  for (std::size_t r = 0; r < std::min(top, result.ranking.size()); ++r) {
    const std::size_t v = result.ranking[r];
    out += fmt::format("{:>4}  {:<{}} {}\n", r + 1, names[v].name, width, figures_text(result.metrics[v]));
  }
  if (result.ranking.size() > top) out += fmt::format("... {} more in sweep.csv\n", result.ranking.size() - top);
  if (!result.summary) return out;

  out += fmt::format("\nwalk-forward: {} window(s), the best {} in sample carried out of sample\n",
                     result.walk_forward.size(), result.walk_forward.front().picks.size());
  for (std::size_t w = 0; w < result.walk_forward.size(); ++w) {
    const WindowResult& window = result.walk_forward[w];
    out += fmt::format("window {}: in {}  out {}\n", w + 1, range_text(window.window.in),
                       range_text(window.window.out));
    out += fmt::format("    {:<14} {}\n", "", figures_header());
    for (const Pick& pick : window.picks) {
      out += fmt::format("  {}\n    in sample      {}\n    out of sample  {}   rank {} of {} out of sample\n",
                         names[pick.variant].name, figures_text(pick.in), figures_text(pick.out), pick.out_rank,
                         result.ranking.size());
    }
  }
  const WalkForwardSummary& summary = *result.summary;
  out += fmt::format("out of sample {}:\n  {:<36} {}\n", range_text(summary.out), "", figures_header());
  out += fmt::format("  {:<36} {}\n", "the first picks, window by window", figures_text(summary.picked));
  out += fmt::format("  {:<36} {}\n", "best in hindsight (below)", figures_text(summary.hindsight_metrics));
  out += fmt::format("    {}\n", names[summary.hindsight].name);
  return out;
}

std::vector<report::OutputFile> sweep_files(const SweepPlan& plan, const SweepResult& result,
                                            const SweepOptions& options, bool keep_trades) {
  std::vector<report::OutputFile> files = {{"sweep.csv", ranking_csv(plan, result)},
                                           {"sweep.json", ranking_json(plan, result, options)}};
  if (result.summary) {
    files.push_back({"walk-forward.csv", walk_forward_csv(plan, result)});
    files.push_back({"walk-forward.json", walk_forward_json(plan, result, options)});
  }
  if (keep_trades) {
    for (report::OutputFile& file : report::run_files(result.records)) {
      files.push_back({"backtest/" + file.name, std::move(file.bytes)});
    }
  }
  return files;
}

}  // namespace tapelab::sweep
