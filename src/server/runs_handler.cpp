// GET /api/runs, /api/runs/{id} and /api/runs/{id}/{table}: the backtest and
// sweep output folders under --runs, their summary, and their CSV tables
// (trades, orders, daily, intraday, equity) as series (docs/server.md#runs).
#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

#include <nlohmann/json.hpp>

#include "server/file_hashes.h"
#include "server/handlers.h"
#include "server/http_error.h"
#include "server/params.h"
#include "server/series_body.h"
#include "util/file.h"

namespace tapelab::server {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr std::array<std::string_view, 5> kRunTables = {"trades", "orders", "daily", "intraday", "equity"};
constexpr std::array<std::string_view, 3> kRowFilters = {"strategy", "date", "underlying"};

// The run's files that exist, with their hashes, and one hash of them all.
struct RunFiles {
  std::vector<std::pair<std::string, std::string>> files;  // (name, hash)
  std::string hash;
};

RunFiles run_files(Services& s, const RunFolder& run) {
  RunFiles out;
  std::string inputs = "run\n" + run.id + "\n";
  for (const std::string_view name : {"summary.json", "provenance.json", "trades.csv", "orders.csv", "daily.csv",
                                      "intraday.csv", "equity.csv"}) {
    const auto file = run.file(name);
    if (!file) continue;
    const auto hash = s.catalog.hashes().hash(*file);
    if (!hash) continue;
    out.files.emplace_back(name, *hash);
    inputs += std::string(name) + " " + *hash + "\n";
  }
  out.hash = hash_text(inputs);
  return out;
}

std::optional<double> as_number(const std::string& field) {
  double value = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (ec != std::errc() || end != field.data() + field.size()) return std::nullopt;
  return value;
}

// A CSV column as a typed column: DOUBLE when every non-empty field is a
// number, else STRING; an empty field is null.
void add_column(DecodedTable& out, const std::string& name, const std::vector<std::string>& fields,
                const std::vector<std::size_t>& rows) {
  bool numeric = true;
  for (const std::size_t r : rows) numeric = numeric && (fields[r].empty() || as_number(fields[r]).has_value());
  parquet::ColumnData data(numeric ? parquet::PhysicalType::DOUBLE : parquet::PhysicalType::BYTE_ARRAY);
  for (const std::size_t r : rows) {
    if (fields[r].empty()) {
      data.push_null();
    } else if (numeric) {
      data.f64.push_back(*as_number(fields[r]));
      if (!data.valid.empty()) data.valid.push_back(1);
    } else {
      data.push_string(fields[r]);
      if (!data.valid.empty()) data.valid.push_back(1);
    }
  }
  out.schema.columns.push_back(numeric ? parquet::Column::float64(name, true) : parquet::Column::string(name, true));
  out.columns.push_back(std::move(data));
}

DecodedTable csv_rows(const CsvTable& csv, const Target& target) {
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < csv.rows; ++r) {
    bool keep = true;
    for (std::size_t c = 0; c < csv.header.size(); ++c) {
      const bool filter = std::find(kRowFilters.begin(), kRowFilters.end(), csv.header[c]) != kRowFilters.end();
      const auto wanted = filter ? target.get(csv.header[c]) : std::nullopt;
      keep = keep && (!wanted || csv.columns[c][r] == *wanted);
    }
    if (keep) rows.push_back(r);
  }
  DecodedTable out;
  for (std::size_t c = 0; c < csv.header.size(); ++c) add_column(out, csv.header[c], csv.columns[c], rows);
  out.rows = rows.size();
  return out;
}

Json json_file_or_null(const RunFolder& run, std::string_view name) {
  const auto file = run.file(name);
  if (!file) return nullptr;
  try {
    return Json::parse(read_file(*file));
  } catch (const Json::exception& e) {
    fail("{}: not JSON: {}", file->string(), e.what());
  }
}

}  // namespace

Route runs_route(Services& s, const Target& target) {
  allow_only(target, {});
  Json list = Json::array();
  std::string inputs = "runs\n";
  for (const RunFolder& run : s.catalog.runs()) {
    const RunFiles files = run_files(s, run);
    Json names = Json::object();
    for (const auto& [name, hash] : files.files) names[name] = hash;
    list.push_back(Json{{"id", run.id}, {"hash", files.hash}, {"files", std::move(names)}});
    inputs += files.hash + "\n";
  }
  return Route{hash_text(inputs), false, [list = std::move(list)] { return Body{Json{{"runs", list}}.dump()}; }};
}

Route run_summary_route(Services& s, const Target& target, const RunFolder& run) {
  allow_only(target, {"v"});
  const RunFiles files = run_files(s, run);
  const bool immutable = check_version(target, files.hash);
  return Route{files.hash, immutable, [run, hash = files.hash] {
                 return Body{Json{{"id", run.id},
                                  {"hash", hash},
                                  {"summary", json_file_or_null(run, "summary.json")},
                                  {"provenance", json_file_or_null(run, "provenance.json")}}
                                 .dump()};
               }};
}

Route run_table_route(Services& s, const Target& target, const RunFolder& run, std::string_view table) {
  if (std::find(kRunTables.begin(), kRunTables.end(), table) == kRunTables.end()) {
    not_found("runs have no table '{}' (trades, orders, daily, intraday, equity)", table);
  }
  allow_only(target, {"strategy", "date", "underlying", "columns", "format", "v"});
  const std::string name = std::string(table) + ".csv";
  const auto file = run.file(name);
  if (!file) not_found("run {} has no {}", run.id, name);
  const auto hash = s.catalog.hashes().hash(*file);
  if (!hash) not_found("run {} has no {}", run.id, name);
  const std::vector<std::string> columns = parse_columns(target.get("columns").value_or(""));
  const SeriesFormat format = parse_format(target);
  const bool immutable = check_version(target, *hash);
  return Route{*hash, immutable, [&s, file = *file, hash = *hash, target, columns, format] {
                 const DecodedTable rows = csv_rows(*s.data.csv(file, hash), target);
                 return series_body(rows, columns, 0, rows.rows, format);
               }};
}

}  // namespace tapelab::server
