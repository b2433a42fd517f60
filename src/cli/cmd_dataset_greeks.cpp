// `tapelab dataset greeks`: writes a derived dataset whose options partitions
// carry per-row IV and Greeks (derived/greeks_dataset.h).
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "jobs/day_selection.h"
#include "derived/greeks_dataset.h"
#include "report/provenance.h"
#include "util/error.h"

namespace tapelab::cli {
namespace {

struct GreeksFlags {
  std::string dataset;
  std::string out;
  std::string from;
  std::string to;
  std::vector<std::string> underlyings;
  std::string model{pricing::to_string(pricing::Model::kBlack76)};
  std::optional<std::string> forward;
  std::string time_basis{pricing::to_string(pricing::TimeBasis::kCalendar)};
  double rate = 0;
  std::optional<double> dividend;
};

CLI::IsMember one_of(std::span<const std::string_view> names) {
  return CLI::IsMember(std::vector<std::string>(names.begin(), names.end()));
}

engine::GreeksConfig config_from(const GreeksFlags& flags) {
  engine::GreeksConfig c;
  // The flags' checks below admit only the tables' names.
  c.model = *pricing::kModelNames.parse(flags.model);
  if (c.model == pricing::Model::kBlackScholes && flags.forward) {
    fail("dataset greeks: --forward applies to --model black76 only (bs prices on the spot)");
  }
  if (c.model == pricing::Model::kBlack76 && flags.dividend) {
    fail("dataset greeks: --div applies to --model bs only (Black-76 prices on the forward)");
  }
  if (flags.forward) c.forward = *engine::kForwardSourceNames.parse(*flags.forward);
  c.time_basis = *pricing::kTimeBasisNames.parse(flags.time_basis);
  c.rate = flags.rate;
  c.dividend = flags.dividend.value_or(0);
  return c;
}

void run(const GreeksFlags& flags) {
  derived::GreeksDatasetOptions options;
  options.days = jobs::day_selection("dataset greeks", flags.from, flags.to, flags.underlyings);
  options.greeks = config_from(flags);
  const std::optional<std::string> manifest = report::manifest_hash(flags.dataset);
  const derived::GreeksDatasetReport report = derived::write_greeks_dataset(flags.dataset, flags.out, options);
  report::RunConfiguration configuration;
  configuration.command = "dataset greeks";
  configuration.days = options.days;
  configuration.greeks = options.greeks;
  report::write_provenance(flags.out, flags.dataset, manifest, configuration);
  fmt::print("wrote {} options partitions ({} rows, {} with IV) and copied {} spot/futures partitions to {}\n",
             report.option_partitions, report.rows, report.rows_with_iv, report.series_partitions, flags.out);
  for (const auto& [reason, rows] : report.rows_without_iv) fmt::print("  no IV: {:<24} {} rows\n", reason, rows);
}

}  // namespace

void add_dataset_greeks_command(CLI::App& dataset) {
  auto flags = std::make_shared<GreeksFlags>();
  CLI::App* cmd = dataset.add_subcommand(
      "greeks", "Write a derived dataset whose options rows carry IV, delta, gamma, theta and vega");
  cmd->add_option("DATASET,--data", flags->dataset, "Source dataset folder")->required();
  cmd->add_option("--out", flags->out, "Derived dataset folder (new, empty, or an earlier derived one)")->required();
  cmd->add_option("--from", flags->from, "First day, YYYY-MM-DD");
  cmd->add_option("--to", flags->to, "Last day, YYYY-MM-DD");
  cmd->add_option("--underlying", flags->underlyings, "Only these underlyings (repeatable)")->delimiter(',');
  cmd->add_option("--model", flags->model, "black76 (on a forward, the default) or bs (Black-Scholes on spot)")
      ->check(one_of(pricing::kModelNames.names()));
  cmd->add_option("--forward", flags->forward,
                  "black76: parity (put-call parity at the ATM strike, the default) or futures")
      ->check(one_of(engine::kForwardSourceNames.names()));
  cmd->add_option("--time-basis", flags->time_basis, "calendar (to 15:30 IST of expiry day /365) or trading")
      ->check(one_of(pricing::kTimeBasisNames.names()));
  cmd->add_option("--rate", flags->rate, "Risk-free rate, continuously compounded (0.065 = 6.5%; default 0)");
  cmd->add_option("--div", flags->dividend, "Dividend yield, continuous (--model bs only)");
  cmd->callback([flags] { run(*flags); });
}

}  // namespace tapelab::cli
