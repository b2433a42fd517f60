// `tapelab contract NAME...`: decode option table names by hand.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "domain/contract.h"
#include "util/error.h"

namespace tapelab::cli {
namespace {

struct ContractFlags {
  std::vector<std::string> names;
  std::string calendar_csv;
  bool json = false;
};

void run(const ContractFlags& flags) {
  domain::ExpiryCalendar calendar = domain::ExpiryCalendar::builtin();
  if (!flags.calendar_csv.empty()) {
    calendar = domain::ExpiryCalendar::overlay(calendar, domain::ExpiryCalendar::from_csv(flags.calendar_csv));
  }
  size_t width = 0;
  for (const auto& name : flags.names) width = std::max(width, name.size());

  size_t failed = 0;
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  for (const std::string& name : flags.names) {
    domain::ContractOrError result = domain::parse_contract(name, calendar);
    if (!result.contract) {
      ++failed;
      if (flags.json) {
        json.push_back({{"name", name}, {"ok", false}, {"error", result.error}});
      } else {
        fmt::print("{:<{}}  error: {}\n", name, width, result.error);
      }
      continue;
    }
    const domain::Contract& c = *result.contract;
    if (flags.json) {
      auto lot = domain::lot_size(c.underlying, c.expiry, c.kind);
      json.push_back({{"name", name},
                      {"ok", true},
                      {"underlying", c.underlying},
                      {"expiry", c.expiry.to_string()},
                      {"scheduled_expiry", c.scheduled_expiry.to_string()},
                      {"kind", domain::to_string(c.kind)},
                      {"strike", c.strike},
                      {"type", domain::to_string(c.type)},
                      {"lot_size", lot ? nlohmann::ordered_json(*lot) : nlohmann::ordered_json(nullptr)}});
    } else {
      fmt::print("{:<{}}  {:<10} {}  {:<7}  {:>6}  {}\n", name, width, c.underlying, c.expiry.to_string(),
                 domain::to_string(c.kind), c.strike, domain::to_string(c.type));
    }
  }
  if (flags.json) fmt::print("{}\n", json.dump(2));
  if (failed > 0) fail("{} of {} contract names could not be decoded", failed, flags.names.size());
}

}  // namespace

void add_contract_command(CLI::App& app) {
  auto flags = std::make_shared<ContractFlags>();
  CLI::App* cmd = app.add_subcommand("contract", "Decode option contract names (dump table names)");
  cmd->add_option("names", flags->names, "Contract names, e.g. BANKNIFTY25DEC58300CE nifty2520623950ce")
      ->required();
  cmd->add_option("--calendar", flags->calendar_csv, "A user's expiry calendar CSV overriding the rules")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--json", flags->json, "Machine-readable output");
  cmd->callback([flags] { run(*flags); });
}

}  // namespace tapelab::cli
