#include "truth/day_build.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "dataset/manifest.h"
#include "domain/trading_calendar.h"
#include "truth/day_context.h"
#include "truth/day_tables.h"
#include "truth/layout.h"
#include "truth/periodicity.h"
#include "truth/table_writer.h"
#include "util/error.h"
#include "util/version.h"

namespace tapelab::truth {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// The day's intraday periodicity from the spot of the trading days before it
// that the dataset has; the day's own rows never enter it.
Periodicity day_periodicity(const DayBuildContext& run, const DayContext& c) {
  std::vector<const DayReturns*> history;
  for (const domain::Date d : periodicity_window(c.date, domain::TradingCalendar::nse(), run.params.periodicity_days)) {
    if (const DayReturns* day = run.past.of({d, c.underlying})) history.push_back(day);
  }
  return estimate_periodicity(history, c.grid, run.params);
}

DayOutcome build_or_skip(const DayBuildContext& run, const market::DayKey& day, const Json& key,
                         const StagedFile& staged) {
  std::string why;
  std::optional<DayContext> context =
      day_context(day.date, day.underlying, domain::TradingCalendar::nse(), run.expiries, why);
  if (!context) return {std::nullopt, why};
  market::LoadOptions load;
  load.option_fields = market::kTrade | market::kFullBook;
  load.min_expiry = context->expiry;
  load.max_expiry = context->expiry;
  // Only the strikes the tables visit: ATM (spot rounded to a strike, so
  // within half a step of the day's spot range) +- strike_offsets. The other
  // strikes were about two thirds of the load (docs/market-truth.md#atm-strike).
  load.strike_reach = market::StrikeReach{.steps = run.params.strike_offsets + 1.0};
  load.futures_book = true;
  const market::DayTape tape = market::load_day(run.dataset, day, load);
  if (tape.contracts.empty() && tape.unloaded.empty()) {
    return {std::nullopt,
            fmt::format("no options of the nearest expiry {} (by the expiry calendar)", context->expiry.to_string())};
  }
  if (std::none_of(tape.spot.price.begin(), tape.spot.price.end(), [](double p) { return p > 0; })) {
    return {std::nullopt, "no spot price above 0"};
  }
  context->periodicity = day_periodicity(run, *context);
  const DayTables tables = day_tables(tape, *context, run.params);
  TruthDay built{day.date, day.underlying, key, run.manifest_hash, {},
                 context->periodicity.describe(run.params.periodicity_min_days)};
  const std::string provenance = Json{{"tapelab_version", kVersion},
                                      {"truth_schema_version", kTruthSchemaVersion},
                                      {"dataset_manifest_hash", run.manifest_hash},
                                      {"key", key},
                                      {"periodicity", built.periodicity}}
                                     .dump();
  for (const TruthTable table : kTruthTables) {
    const Table& t = tables.of(table);
    const fs::path relative = table_file(table, built.date, built.underlying);
    const fs::path file = staged(relative);
    write_table(t, file, provenance);
    built.files.push_back({std::string(table_name(table)), relative.generic_string(),
                           static_cast<std::int64_t>(t.rows()), dataset::hash_file(file)});
  }
  return {std::move(built), {}};
}

}  // namespace

DayOutcome build_day(const DayBuildContext& context, const market::DayKey& day, const Json& key,
                     const StagedFile& staged) {
  try {
    return build_or_skip(context, day, key, staged);
  } catch (const Error& e) {
    return {std::nullopt, e.what()};
  }
}

}  // namespace tapelab::truth
