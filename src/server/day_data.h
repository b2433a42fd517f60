// Decoded files behind the responses, cached by content hash so that a
// window of a day's features is a slice of memory rather than a decode, and
// a rebuilt file (a new hash) is decoded afresh (docs/server.md#caching).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/date.h"
#include "market/day_tape.h"
#include "market/loader.h"
#include "parquet/types.h"
#include "server/lru_cache.h"

namespace tapelab::server {

// A whole Parquet file in memory.
struct DecodedTable {
  parquet::Schema schema;
  std::vector<parquet::ColumnData> columns;
  std::size_t rows = 0;
};

// A CSV file of a run (trades.csv, intraday.csv, ...): its header and one
// vector of fields per column.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> columns;
  std::size_t rows = 0;
};

class DayData {
 public:
  explicit DayData(std::size_t budget_bytes);

  // `hash` is the file's content hash; Error on a malformed file.
  std::shared_ptr<const DecodedTable> table(const std::filesystem::path& file, const std::string& hash);
  std::shared_ptr<const CsvTable> csv(const std::filesystem::path& file, const std::string& hash);
  // The expiries of a day's options partition, ascending.
  std::shared_ptr<const std::vector<domain::Date>> expiries(const std::filesystem::path& options_file,
                                                            const std::string& hash);
  // One expiry's contracts with the full book, and the day's spot and
  // futures: what the chain and book endpoints read. `hash` identifies the
  // partitions the tape is read from.
  std::shared_ptr<const market::DayTape> tape(const std::filesystem::path& dataset, const market::DayKey& day,
                                         domain::Date expiry, const std::string& hash);

 private:
  LruCache<DecodedTable> tables_;
  LruCache<CsvTable> csvs_;
  LruCache<std::vector<domain::Date>> expiries_;
  LruCache<market::DayTape> tapes_;
  std::mutex tape_loading_;
};

}  // namespace tapelab::server
