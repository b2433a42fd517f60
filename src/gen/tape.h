// The rows of one table on one day: option contracts, the front-month
// futures and the index. Every function here depends only on its inputs and
// streams derived from the seed, so (table, day) pieces are generated in
// parallel and in any order.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "domain/contract.h"
#include "domain/underlying.h"
#include "gen/chain.h"
#include "gen/market.h"
#include "gen/scale.h"
#include "gen/sql_dump.h"
#include "gen/tick_row.h"

namespace tapelab::gen {

// Quirk rates of real recordings (docs/source-data.md#generator-quirk-rates).
inline constexpr double kZeroVolumeRate = 0.0005;
inline constexpr double kCrossedRate = 0.0001;

struct RowSample {
  int64_t timestamp = 0;  // wall seconds
  int64_t price = 0;      // paise
  int64_t volume = 0;
  int64_t oi = 0;
  int64_t bid0 = 0, ask0 = 0;  // paise
};

struct TableStats {
  uint64_t rows = 0;
  uint64_t rows_1970 = 0;
  uint64_t zero_volume = 0;  // deliberate zero-volume reads
  uint64_t crossed = 0;      // deliberately crossed books
  std::optional<RowSample> last;  // the table's last row in dump order

  void add(const TickRow& row);
  void merge(const TableStats& later);
};

// What all tables of one underlying share on one day.
struct TapeDay {
  uint64_t seed = 0;
  const domain::Underlying* underlying = nullptr;
  const SpotDay* spot = nullptr;
  const ScaleParams* scale = nullptr;
  domain::Date next_day;  // next full trading day (where open interest is heading)
};

struct OptionSpec {
  std::string symbol;
  ListedExpiry listed;
  int32_t strike = 0;
  domain::OptionType type = domain::OptionType::kCall;
};

// The logger's pre-open artifact: a row stamped on 1970-01-01 with the
// previous close, no volume and an empty book. Its time of day differs per
// date so that a table's PRIMARY KEY stays unique across the folder's days.
TickRow option_preopen_row(const TapeDay& day, const OptionSpec& spec);
TickRow futures_preopen_row(const TapeDay& day, const ListedExpiry& front);

// Takes a table's rows in order: a dump statement or a Parquet column buffer.
using RowSink = std::function<void(const TickRow&)>;

// A sink that appends each row as a tuple of the dump statements.
RowSink dump_sink(TextBuffer& out, StatementBuilder& statements);

// The rows of a table's day, each passed to `sink` and counted in `stats`.
// `rank`: 0 for the nearest listed expiry.
void write_option_day(const TapeDay& day, const OptionSpec& spec, int rank, const RowSink& sink,
                      TableStats& stats);
void write_futures_day(const TapeDay& day, const ListedExpiry& front, const RowSink& sink, TableStats& stats);
void write_spot_day(const TapeDay& day, const RowSink& sink, TableStats& stats);

}  // namespace tapelab::gen
