// `tapelab calendar`: print the expiries of a date range, or compare a user's
// calendar file with the built-in exchange rules.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "domain/expiry_calendar.h"
#include "domain/underlying.h"
#include "ingest/calendar_check.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::cli {
namespace {

using domain::Date;

struct CalendarFlags {
  std::vector<std::string> underlyings;
  std::string from;
  std::string to;
  std::string calendar_csv;
  bool json = false;
  std::string compare_csv;
  std::string compare_from;
  std::string compare_to;
  bool compare_json = false;
};

// Unset bounds cover every date a calendar can hold.
Date date_flag(const std::string& text, const char* flag, Date fallback) {
  if (text.empty()) return fallback;
  auto date = Date::parse(text);
  if (!date) fail("{} '{}' is not a YYYY-MM-DD date", flag, text);
  return *date;
}

std::string month_text(int year, unsigned month) { return fmt::format("{:04}-{:02}", year, month); }

void list_expiries(const CalendarFlags& flags) {
  domain::ExpiryCalendar calendar = domain::ExpiryCalendar::builtin();
  if (!flags.calendar_csv.empty()) {
    calendar = domain::ExpiryCalendar::overlay(calendar, domain::ExpiryCalendar::from_csv(flags.calendar_csv));
  }
  Date from = date_flag(flags.from, "--from", Date::from_ymd(1, 1, 1));
  Date to = date_flag(flags.to, "--to", Date::from_ymd(9999, 12, 31));
  std::vector<std::string> names;
  for (const std::string& name : flags.underlyings) {
    const domain::Underlying* u = domain::find_underlying(name);
    if (!u) fail("--underlying: unknown underlying '{}'", name);
    names.push_back(u->name);
  }
  if (names.empty()) names = calendar.underlyings();

  std::vector<domain::Expiry> expiries;
  for (const std::string& name : names) {
    auto some = calendar.expiries(name, from, to);
    expiries.insert(expiries.end(), some.begin(), some.end());
  }
  std::stable_sort(expiries.begin(), expiries.end(), [](const domain::Expiry& a, const domain::Expiry& b) {
    return std::tie(a.final, a.underlying, a.kind) < std::tie(b.final, b.underlying, b.kind);
  });

  if (flags.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& e : expiries) {
      out.push_back({{"underlying", e.underlying},
                     {"kind", domain::to_string(e.kind)},
                     {"contract_month", month_text(e.contract_year, e.contract_month)},
                     {"scheduled", e.scheduled.to_string()},
                     {"final", e.final.to_string()},
                     {"shifted", e.final != e.scheduled}});
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("{:<11} {:<8} {:<8} {:<11} {:<11} {}\n", "underlying", "kind", "month", "scheduled", "final", "shifted");
  for (const auto& e : expiries) {
    fmt::print("{:<11} {:<8} {:<8} {:<11} {:<11} {}\n", e.underlying, domain::to_string(e.kind),
               month_text(e.contract_year, e.contract_month), e.scheduled.to_string(), e.final.to_string(),
               e.final != e.scheduled ? "yes" : "no");
  }
}

void compare_with_rules(const CalendarFlags& flags) {
  domain::ExpiryCalendar user = domain::ExpiryCalendar::from_csv(flags.compare_csv);
  if (user.all().empty()) fail("{}: the calendar has no expiries", flags.compare_csv);
  // By default only the span the file covers: expiries past its end are not
  // disagreements, the file just stops there.
  Date first = user.all().front().final;
  Date last = first;
  for (const auto& e : user.all()) {
    first = std::min(first, e.final);
    last = std::max(last, e.final);
  }
  Date from = date_flag(flags.compare_from, "--from", first);
  Date to = date_flag(flags.compare_to, "--to", last);
  auto diffs = domain::compare(user, domain::ExpiryCalendar::builtin(), from, to, "csv", "rules");

  if (flags.compare_json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    auto date_or_null = [](const std::optional<Date>& date) {
      return date ? nlohmann::ordered_json(date->to_string()) : nlohmann::ordered_json(nullptr);
    };
    for (const auto& x : diffs) {
      list.push_back({{"underlying", x.underlying},
                      {"kind", domain::to_string(x.kind)},
                      {"contract_month", month_text(x.year, x.month)},
                      {"scheduled", date_or_null(x.scheduled)},
                      {"csv_final", date_or_null(x.left_final)},
                      {"rules_final", date_or_null(x.right_final)},
                      {"description", x.description}});
    }
    nlohmann::ordered_json out{{"csv", flags.compare_csv},
                               {"from", from.to_string()},
                               {"to", to.to_string()},
                               {"count", diffs.size()},
                               {"disagreements", list}};
    fmt::print("{}\n", out.dump(2));
    return;
  }
  for (const auto& x : diffs) fmt::print("{}\n", x.description);
  fmt::print("{} disagreement{} between {} and the built-in rules from {} to {}\n", diffs.size(),
             diffs.size() == 1 ? "" : "s", flags.compare_csv, from.to_string(), to.to_string());
}

}  // namespace

// `calendar check DATASET`: what the data says against the calendar (the
// ingest engineer's part, see ingest/calendar_check.h).
static CLI::App* add_calendar_check_command(CLI::App& parent) {
  struct CheckFlags {
    std::string dataset, calendar_csv, write_csv;
  };
  auto flags = std::make_shared<CheckFlags>();
  CLI::App* check = parent.add_subcommand(
      "check", "List contracts of a dataset whose last trading day contradicts the calendar; write a corrected one");
  check->add_option("DATASET,--data", flags->dataset, "Dataset folder")->required()->check(CLI::ExistingDirectory);
  check->add_option("--calendar", flags->calendar_csv, "Calendar CSV to check (default: the built-in rules)")
      ->check(CLI::ExistingFile);
  check->add_option("--out,--write", flags->write_csv, "Write the corrected calendar (underlying,expiry,kind) to this file");
  check->callback([flags] {
    domain::ExpiryCalendar calendar = domain::ExpiryCalendar::builtin();
    if (!flags->calendar_csv.empty()) {
      calendar = domain::ExpiryCalendar::overlay(calendar, domain::ExpiryCalendar::from_csv(flags->calendar_csv));
    }
    const auto found = ingest::check_dataset_calendar(flags->dataset, calendar);
    for (const auto& c : found) {
      fmt::print("{} {}: calendar expiry {}, last trading day {}, data implies {} ({})\n", c.underlying, c.symbol,
                 c.expiry.to_string(), c.last_trading_day.to_string(), c.implied.to_string(),
                 c.trades_after ? "trades after its expiry" : "its chain stopped before its expiry");
    }
    fmt::print("{} contract{} contradict{} the calendar\n", found.size(), found.size() == 1 ? "" : "s",
               found.size() == 1 ? "s" : "");
    if (!flags->write_csv.empty()) {
      write_file_atomically(flags->write_csv,
                            ingest::corrected_calendar_csv(calendar, found, Date::from_ymd(1, 1, 1),
                                                           Date::from_ymd(9999, 12, 31)));
      fmt::print("corrected calendar written to {}\n", flags->write_csv);
    }
  });
  return check;
}

void add_calendar_command(CLI::App& app) {
  auto flags = std::make_shared<CalendarFlags>();
  CLI::App* cmd = app.add_subcommand("calendar", "Print option expiries, or compare a calendar file with the rules");
  cmd->add_option("--underlying", flags->underlyings, "Underlyings to list (default: all with expiries)");
  cmd->add_option("--from", flags->from, "First final expiry date to list, YYYY-MM-DD");
  cmd->add_option("--to", flags->to, "Last final expiry date to list, YYYY-MM-DD");
  cmd->add_option("--calendar", flags->calendar_csv, "A user's expiry calendar CSV overriding the rules")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--json", flags->json, "Machine-readable output");

  CLI::App* compare = cmd->add_subcommand("compare", "List every disagreement between a calendar CSV and the rules");
  compare->add_option("csv", flags->compare_csv, "Calendar CSV (users' 12-column or underlying,expiry,kind)")
      ->required()
      ->check(CLI::ExistingFile);
  compare->add_option("--from", flags->compare_from, "Compare expiries from this final date, YYYY-MM-DD");
  compare->add_option("--to", flags->compare_to, "Compare expiries up to this final date, YYYY-MM-DD");
  compare->add_flag("--json", flags->compare_json, "Machine-readable output");

  CLI::App* check = add_calendar_check_command(*cmd);

  cmd->callback([flags, compare, check] {
    if (check->parsed()) return;  // runs from its own callback
    if (compare->parsed()) {
      compare_with_rules(*flags);
    } else {
      list_expiries(*flags);
    }
  });
}

}  // namespace tapelab::cli
