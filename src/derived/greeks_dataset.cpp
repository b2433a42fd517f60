#include "derived/greeks_dataset.h"

#include <array>
#include <cmath>
#include <numeric>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "dataset/layout.h"
#include "dataset/maintenance.h"
#include "dataset/manifest.h"
#include "dataset/publisher.h"
#include "dataset/schema.h"
#include "derived/greeks_columns.h"
#include "engine/greeks.h"
#include "parquet/reader.h"
#include "parquet/writer.h"
#include "util/error.h"
#include "util/version.h"

namespace tapelab::derived {
namespace {

namespace fs = std::filesystem;
using dataset::PartitionKey;
using dataset::TableKind;

constexpr std::string_view kConfigKey = "tapelab.greeks";

std::string config_json(const engine::GreeksConfig& c) {
  return nlohmann::ordered_json{{"model", pricing::to_string(c.model)},
                                {"forward", engine::to_string(c.forward)},
                                {"time_basis", pricing::to_string(c.time_basis)},
                                {"rate", c.rate},
                                {"dividend", c.dividend}}
      .dump();
}

bool has_greeks_metadata(const fs::path& file) {
  const parquet::FileReader reader(file);
  for (const parquet::KeyValue& kv : reader.metadata().key_value_metadata) {
    if (kv.key == kConfigKey) return true;
  }
  return false;
}

// `out` may be new, empty, or a derived Greeks dataset; nothing else is
// ever written over.
void check_output(const fs::path& dataset, const fs::path& out) {
  if (!fs::exists(out)) return;
  if (!fs::is_directory(out)) fail("{}: exists and is not a folder", out.string());
  if (fs::equivalent(out, dataset)) fail("{}: the output must be another folder than the dataset", out.string());
  if (fs::is_empty(out)) return;
  if (!fs::exists(dataset::manifest_path(out))) {
    fail("{}: exists and is not a dataset; give a new or empty folder for the derived dataset", out.string());
  }
  for (const dataset::PartitionEntry& e : dataset::Manifest::load(out).partitions) {
    if (e.key.kind != TableKind::kOptions) continue;
    const fs::path file = dataset::partition_path(out, e.key);
    if (!has_greeks_metadata(file)) {
      fail("{}: is a dataset without Greeks columns ({}); a derived dataset is never written over a plain one",
           out.string(), file.string());
    }
  }
}

// One derived column's values for rows [begin, begin + rows): NaN is null.
parquet::ColumnData double_slice(const std::vector<double>& values, std::size_t begin, std::size_t rows) {
  parquet::ColumnData c(parquet::PhysicalType::DOUBLE);
  c.f64.reserve(rows);
  for (std::size_t r = begin; r < begin + rows; ++r) {
    if (std::isnan(values[r])) {
      c.push_null();
    } else {
      if (!c.valid.empty()) c.valid.push_back(1);
      c.f64.push_back(values[r]);
    }
  }
  return c;
}

parquet::ColumnData status_slice(const std::vector<engine::GreeksStatus>& status, std::size_t begin,
                                 std::size_t rows) {
  parquet::ColumnData c(parquet::PhysicalType::BYTE_ARRAY);
  for (std::size_t r = begin; r < begin + rows; ++r) c.push_string(engine::to_string(status[r]));
  return c;
}

// Rewrites one options partition with the derived columns into `staged`;
// returns its row count and adds its statuses to the report.
std::int64_t write_options_partition(const fs::path& dataset, const market::DayKey& day,
                                     const engine::GreeksConfig& config, const fs::path& staged,
                                     GreeksDatasetReport& report) {
  const PartitionKey key{TableKind::kOptions, day.date, day.underlying};
  const fs::path source = dataset::partition_path(dataset, key);
  const parquet::FileReader reader(source);
  if (reader.schema() != dataset::partition_schema(TableKind::kOptions)) {
    fail("{}: not an options partition of this tapelab version (its columns differ)", source.string());
  }
  market::LoadOptions load;
  load.option_fields = market::kTopOfBook;
  load.futures = config.model == pricing::Model::kBlack76 && config.forward == engine::ForwardSource::kFutures;
  const market::DayTape tape = market::load_day(dataset, day, load);
  if (tape.options.size() != static_cast<std::size_t>(reader.num_rows())) {
    fail("{}: {} rows loaded of the file's {}", source.string(), tape.options.size(), reader.num_rows());
  }
  const GreeksColumns greeks = compute_greeks_columns(tape, config);
  for (const engine::GreeksStatus s : greeks.status) {
    if (s == engine::GreeksStatus::kOk) {
      ++report.rows_with_iv;
    } else {
      ++report.rows_without_iv[std::string(engine::to_string(s))];
    }
  }

  parquet::Schema schema = reader.schema();
  for (const char* name : {"iv", "delta", "gamma", "theta", "vega", "greeks_underlying", "greeks_years"}) {
    schema.columns.push_back(parquet::Column::float64(name, true));
  }
  schema.columns.push_back(parquet::Column::string("greeks_status"));
  parquet::WriterOptions options = dataset::partition_writer_options(key);
  options.columns["greeks_status"].encoding = parquet::Encoding::RLE_DICTIONARY;
  options.key_value_metadata.push_back({std::string(kConfigKey), config_json(config)});

  std::vector<std::size_t> all(reader.schema().columns.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  parquet::FileWriter writer(staged, schema, options);
  std::size_t begin = 0;
  for (std::size_t rg = 0; rg < reader.num_row_groups(); ++rg) {
    parquet::Batch batch = reader.read_row_group(rg, all);
    const std::size_t rows = batch.num_rows();
    for (const std::vector<double>* values : {&greeks.iv, &greeks.delta, &greeks.gamma, &greeks.theta, &greeks.vega,
                                              &greeks.underlying, &greeks.years}) {
      batch.columns.push_back(double_slice(*values, begin, rows));
    }
    batch.columns.push_back(status_slice(greeks.status, begin, rows));
    writer.write_row_group(batch.columns);
    begin += rows;
  }
  writer.close();
  return reader.num_rows();
}

}  // namespace

GreeksDatasetReport write_greeks_dataset(const fs::path& dataset, const fs::path& out,
                                         const GreeksDatasetOptions& options) {
  const std::vector<market::DayKey> days = market::select_days(dataset, options.days);
  if (days.empty()) fail("{}: no options partition in the selected days", dataset.string());
  check_output(dataset, out);
  const dataset::Manifest source = dataset::Manifest::load(dataset);

  GreeksDatasetReport report;
  dataset::Publisher publisher(out);
  dataset::Manifest manifest = dataset::Manifest::load(out);
  std::vector<PartitionKey> replaced;
  for (const market::DayKey& day : days) {
    const PartitionKey key{TableKind::kOptions, day.date, day.underlying};
    const fs::path staged = publisher.staged_path(key);
    const std::int64_t rows = write_options_partition(dataset, day, options.greeks, staged, report);
    const dataset::PartitionEntry* old = source.find(key);
    manifest.upsert(dataset::partition_entry(key, staged, rows, old ? old->sources : std::vector<std::string>{}));
    replaced.push_back(key);
    report.rows += rows;
    ++report.option_partitions;
    for (const TableKind kind : {TableKind::kSpot, TableKind::kFutures}) {
      const PartitionKey series{kind, day.date, day.underlying};
      const fs::path file = dataset::partition_path(dataset, series);
      if (!fs::exists(file)) continue;
      const fs::path copy = publisher.staged_path(series);
      fs::copy_file(file, copy);
      const dataset::PartitionEntry* entry = source.find(series);
      manifest.upsert(entry ? *entry : dataset::partition_entry(series, copy, parquet::FileReader(copy).num_rows(), {}));
      replaced.push_back(series);
      ++report.series_partitions;
    }
  }
  for (const dataset::PartitionEntry& e : manifest.partitions) {
    for (const std::string& name : e.sources) {
      for (const dataset::Source& s : source.sources) {
        if (s.key == name) manifest.upsert_source(s);
      }
    }
  }
  manifest.tapelab_version = kVersion;
  manifest.calendar_hash = source.calendar_hash;
  manifest.updated_at = dataset::utc_now_text();
  publisher.commit(replaced, {}, manifest);
  return report;
}

}  // namespace tapelab::derived
