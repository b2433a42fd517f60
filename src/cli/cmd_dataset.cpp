// `tapelab dataset`: look after an existing dataset without the dumps it came
// from: what it covers, removing a day, applying a corrected expiry calendar
// (and, in cmd_dataset_greeks.cpp, deriving a dataset with Greeks columns).
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "dataset/maintenance.h"
#include "dataset/manifest.h"
#include "domain/date.h"
#include "domain/expiry_calendar.h"
#include "domain/underlying.h"
#include "util/error.h"

namespace tapelab::cli {
namespace {

struct DatasetFlags {
  std::string root;
  bool json = false;
  std::string date;
  std::string underlying;
  std::string calendar_csv;
  std::size_t memory_mb = 512;
};

void run_info(const DatasetFlags& flags) {
  const dataset::DatasetInfo info = dataset::inspect_dataset(flags.root);
  if (flags.json) {
    fmt::print("{}\n", dataset::info_to_json(info).dump(2));
  } else {
    fmt::print("{}", dataset::info_to_text(info));
  }
}

void run_remove(const DatasetFlags& flags) {
  const std::optional<domain::Date> date = domain::Date::parse(flags.date);
  if (!date) fail("--date '{}' is not a YYYY-MM-DD date", flags.date);
  std::optional<std::string> underlying;
  if (!flags.underlying.empty()) {
    const domain::Underlying* u = domain::find_underlying(flags.underlying);
    if (!u) fail("--underlying: unknown underlying '{}'", flags.underlying);
    underlying = u->name;
  }
  for (const dataset::PartitionKey& key : dataset::remove_day(flags.root, *date, underlying)) {
    fmt::print("removed {}\n", key.to_string());
  }
}

void run_rebuild(const DatasetFlags& flags) {
  const domain::ExpiryCalendar calendar = domain::ExpiryCalendar::overlay(
      domain::ExpiryCalendar::builtin(), domain::ExpiryCalendar::from_csv(flags.calendar_csv));
  dataset::RebuildOptions options;
  options.memory_budget = flags.memory_mb << 20;
  options.calendar_hash = dataset::hash_file(flags.calendar_csv);
  const dataset::RebuildReport report = dataset::rebuild_dataset(flags.root, calendar, options);
  fmt::print("rebuilt {} partitions ({} rows); {} changed\n", report.partitions_rebuilt, report.rows,
             report.partitions_changed);
}

}  // namespace

void add_dataset_command(CLI::App& app) {
  auto flags = std::make_shared<DatasetFlags>();
  CLI::App* cmd = app.add_subcommand("dataset", "Inspect and maintain a dataset (no dumps needed)");
  cmd->require_subcommand(1);

  CLI::App* info = cmd->add_subcommand("info", "Coverage: days x underlyings x expiries, rows, missing days, sources");
  info->add_option("DATASET,--data", flags->root, "Dataset folder")->required();
  info->add_flag("--json", flags->json, "Print JSON");
  info->callback([flags] { run_info(*flags); });

  CLI::App* remove = cmd->add_subcommand("remove", "Remove a day (all kinds), atomically");
  remove->add_option("DATASET,--data", flags->root, "Dataset folder")->required();
  remove->add_option("--date", flags->date, "Trading date, YYYY-MM-DD")->required();
  remove->add_option("--underlying", flags->underlying, "Only this underlying (default: all)");
  remove->callback([flags] { run_remove(*flags); });

  CLI::App* rebuild = cmd->add_subcommand(
      "rebuild", "Re-derive expiry, flags, lot size and dte from the stored symbols with a corrected calendar");
  rebuild->add_option("DATASET,--data", flags->root, "Dataset folder")->required();
  rebuild->add_option("--calendar", flags->calendar_csv, "Expiry calendar CSV (overrides the built-in rules)")
      ->required()
      ->check(CLI::ExistingFile);
  rebuild->add_option("--memory-mb", flags->memory_mb, "Rows buffered per partition before spilling, in MiB")
      ->check(CLI::Range(1, 1 << 20));
  rebuild->callback([flags] { run_rebuild(*flags); });

  add_dataset_greeks_command(*cmd);
}

}  // namespace tapelab::cli
