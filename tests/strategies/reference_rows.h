// Where the slow reference backtest (reference_backtest.h) gets its rows: our
// Parquet reader, or a DuckDB export (tools/interop/export_day.mjs), so that
// a fault in our reader cannot hide in both the engine and the reference.
// Either source hands over the same plain rows; neither shares code with
// src/engine or src/strategies.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace tapelab::strategies::testing {

// One option snapshot. A null value reads as 0 (an empty book level).
struct ReferenceOptionRow {
  std::int64_t time = 0;  // wall micros
  int expiry = 0;         // days since 1970
  std::string type;       // CE / PE
  int strike = 0;
  int lot = 0;
  double ltp = 0;
  std::array<double, 5> bid{};
  std::array<std::int64_t, 5> bid_qty{};
  std::array<double, 5> ask{};
  std::array<std::int64_t, 5> ask_qty{};
};

struct ReferenceDayRows {
  std::vector<ReferenceOptionRow> options;
  std::vector<std::pair<std::int64_t, double>> spot;  // (wall micros, price)
};

// Rows kept under a folder, one day at a time.
class ReferenceRowSource {
 public:
  explicit ReferenceRowSource(std::filesystem::path root) : root_(std::move(root)) {}
  virtual ~ReferenceRowSource() = default;
  // Every (date, underlying) with option rows, sorted.
  virtual std::vector<std::pair<std::string, std::string>> days() const = 0;
  // One day's rows, in any order.
  virtual ReferenceDayRows rows(const std::string& date, const std::string& underlying) const = 0;

 protected:
  std::filesystem::path root_;
};

// A dataset's Parquet partitions through our reader (src/parquet).
class ParquetRowSource final : public ReferenceRowSource {
 public:
  using ReferenceRowSource::ReferenceRowSource;
  std::vector<std::pair<std::string, std::string>> days() const override;
  ReferenceDayRows rows(const std::string& date, const std::string& underlying) const override;
};

// The CSV files export_day.mjs writes into a folder (its header comment gives
// the format): days.csv, and DATE_UNDERLYING.options.csv / .spot.csv per day.
class ExportRowSource final : public ReferenceRowSource {
 public:
  using ReferenceRowSource::ReferenceRowSource;
  std::vector<std::pair<std::string, std::string>> days() const override;
  ReferenceDayRows rows(const std::string& date, const std::string& underlying) const override;
};

}  // namespace tapelab::strategies::testing
