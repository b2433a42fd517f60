// GET /api/days/{date}/{underlying}/truth/{table}: any table the truth
// folder's manifest lists for the day (features, atm_options, and whatever
// later builds add), with a time window and a column selection
// (docs/server.md#truth-tables).
#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "server/handlers.h"
#include "server/http_error.h"
#include "server/params.h"
#include "server/safe_path.h"
#include "server/series_body.h"

namespace tapelab::server {
namespace {

struct Window {
  std::optional<domain::WallNanos> from;
  std::optional<domain::WallNanos> to;
};

std::int64_t nanos_per_unit(parquet::TimeUnit unit) {
  switch (unit) {
    case parquet::TimeUnit::MILLIS: return 1'000'000;
    case parquet::TimeUnit::MICROS: return 1'000;
    case parquet::TimeUnit::NANOS: return 1;
  }
  return 1'000;
}

// The column a window applies to: `time` (the per-second tables), or for a
// table of events `known_at`, the second each row became known, by which
// the table is sorted (docs/market-truth.md#events).
std::size_t window_column(const DecodedTable& table) {
  for (const char* name : {"time", "known_at"}) {
    const int index = table.schema.find(name);
    if (index >= 0 && table.schema.columns[static_cast<std::size_t>(index)].logical.kind ==
                          parquet::LogicalType::Kind::TIMESTAMP) {
      return static_cast<std::size_t>(index);
    }
  }
  bad_request("this table has no time or known_at column, so from= and to= do not apply");
}

// Rows [begin, end) whose window column lies in the window.
std::pair<std::size_t, std::size_t> window_rows(const DecodedTable& table, const Window& window) {
  if (!window.from && !window.to) return {0, table.rows};
  const std::size_t i = window_column(table);
  const std::int64_t unit = nanos_per_unit(table.schema.columns[i].logical.unit);
  const std::vector<std::int64_t>& time = table.columns[i].i64;
  const auto first = window.from ? std::lower_bound(time.begin(), time.end(), *window.from / unit) : time.begin();
  const auto last = window.to ? std::upper_bound(first, time.end(), *window.to / unit) : time.end();
  return {static_cast<std::size_t>(first - time.begin()), static_cast<std::size_t>(last - time.begin())};
}

const truth::TruthFile& find_table(const DayRef& day, std::string_view table) {
  if (day.truth_day == nullptr) not_found("the truth has no day {} {}", day.date.to_string(), day.underlying);
  std::vector<std::string_view> names;
  for (const truth::TruthFile& f : day.truth_day->files) {
    if (f.table == table) return f;
    names.push_back(f.table);
  }
  not_found("no truth table '{}' for {} {}; there are {}", table, day.date.to_string(), day.underlying,
            fmt::join(names, ", "));
}

}  // namespace

Route truth_route(Services& s, const Target& target, const DayRef& day, std::string_view table) {
  allow_only(target, {"from", "to", "columns", "format", "v"});
  const truth::TruthFile& file = find_table(day, table);
  const std::optional<std::filesystem::path> path = resolve_inside(*s.catalog.truth_root(), file.path);
  if (!path) not_found("the truth's file for {} of {} {} is missing", table, day.date.to_string(), day.underlying);
  Window window;
  if (const auto from = target.get("from")) window.from = parse_time_of_day("from", *from, day.date);
  if (const auto to = target.get("to")) window.to = parse_time_of_day("to", *to, day.date);
  if (window.from && window.to && *window.to < *window.from) bad_request("to= is before from=");
  const std::vector<std::string> columns = parse_columns(target.get("columns").value_or(""));
  const SeriesFormat format = parse_format(target);
  const bool immutable = check_version(target, file.content_hash);
  return Route{file.content_hash, immutable, [&s, path = *path, hash = file.content_hash, window, columns, format] {
                 const auto decoded = s.data.table(path, hash);
                 const auto [begin, end] = window_rows(*decoded, window);
                 return series_body(*decoded, columns, begin, end, format);
               }};
}

}  // namespace tapelab::server
