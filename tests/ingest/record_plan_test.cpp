// The reader's record path (dump::RecordPlan, RowMapper::plan) against the
// values path it shortcuts: the same dump read both ways gives the same
// TickRows byte for byte, the same conversion errors and the same reader
// problems, whatever the chunk and batch sizes, and whatever odd values the
// rows hold (those take the values path inside a run of records).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dataset/tick_row.h"
#include "dump/reader.h"
#include "ingest/row_mapper.h"
#include "support/temp_dir.h"

namespace tapelab::ingest {
namespace {

using dataset::TickRow;

// Reads every table, converting rows with a RowMapper per layout, and
// records each row as its TickRow's bytes or its conversion error.
class Converter : public dump::DumpHandler {
 public:
  explicit Converter(bool use_plans) : use_plans_(use_plans) {}

  dump::TableAction on_table(const dump::TableSchema&, const dump::Position&) override {
    return dump::TableAction::kRead;
  }
  const dump::RecordPlan* record_plan(const dump::TableSchema&, const dump::ColumnLayout& layout) override {
    return use_plans_ ? mapper(layout).plan() : nullptr;
  }
  void on_rows(const dump::RowBatch& batch) override {
    const RowMapper& m = mapper(*batch.layout);
    for (std::size_t i = 0; i < batch.rows(); ++i) {
      TickRow row;
      std::string error;
      if (batch.has_records()) {
        ++record_rows;
        batch.plan->finish(batch.record(i), reinterpret_cast<std::byte*>(&row));
      } else if (!m.convert(batch.row(i), row, error)) {
        results.push_back(fmt::format("{} {}: {}", batch.table->name, batch.row_offsets[i], error));
        continue;
      }
      std::string bytes(sizeof row, '\0');
      std::memcpy(bytes.data(), &row, sizeof row);
      results.push_back(fmt::format("{} {}: ", batch.table->name, batch.row_offsets[i]) + bytes);
    }
  }

  std::vector<std::string> results;
  std::size_t record_rows = 0;

 private:
  const RowMapper& mapper(const dump::ColumnLayout& layout) {
    auto& m = mappers_[layout.id];
    if (!m) m = std::make_unique<RowMapper>(layout);
    return *m;
  }

  bool use_plans_;
  std::map<std::uint64_t, std::unique_ptr<RowMapper>> mappers_;
};

enum class Kind { kInt32, kInt64, kDecimal, kDateTime, kExtra };

// A value of the column's kind: mostly what mysqldump writes, sometimes
// (odd = true) a form only the values path may take, or an error.
std::string value_of(Kind kind, std::mt19937_64& rng, bool odd, int second) {
  auto pick = [&](std::initializer_list<const char*> options) {
    return std::string(*(options.begin() + static_cast<std::ptrdiff_t>(rng() % options.size())));
  };
  const auto number = [&](int digits) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % static_cast<unsigned>(digits));
    for (int i = 0; i < n; ++i) text.push_back(static_cast<char>('0' + rng() % 10));
    return text;
  };
  switch (kind) {
    case Kind::kInt32:
    case Kind::kInt64:
      if (!odd) return (rng() % 8 == 0 ? "-" : "") + number(kind == Kind::kInt32 ? 9 : rng() % 4 == 0 ? 18 : 6);
      return pick({"+7", "35.00", "35.5", "1e3", "'42'", "NULL", "1234567890123456789", "2147483648", "-2147483649",
                   " 12 ", "0x1F", "-", "007", "9223372036854775807", "1.2.3", "'4''2'"});
    case Kind::kDecimal:
      if (!odd) {
        const std::string sign = rng() % 6 == 0 ? "-" : "";
        return rng() % 5 == 0 ? sign + number(2) + "." + number(10) : sign + number(6) + "." + number(2);
      }
      return pick({".5", "5.", "-0.00", "+1.5", "1.2.3", "1e5", "-2.5E-3", "'12.5'", "NULL", "1234567890123456",
                   "123456789012345", "0.000000000000000000001", "12345678901234567890.5", "99999999999999.99",
                   " 3.25 ", "-", ".", "0x10", "'abc'"});
    case Kind::kDateTime:
      if (!odd) return fmt::format("'2025-11-{:02} 09:{:02}:{:02}'", 18 + second / 200, second / 60 % 60, second % 60);
      return pick({"'0000-00-00 00:00:00'", "'2025-02-30 10:00:00'", "'2025-11-18 24:00:00'", "'2025-11-18 09:60:00'",
                   "'2025-11-18 09:15:00.5'", "'2025-11-18'", "NULL", "'2025-11-18 09:1a:00'", "'it''s'",
                   "'2025-11-18 09:15:0\\1'", "12345", "\"2025-11-18 09:15:00\"", "'1969-12-31 23:59:59'"});
    case Kind::kExtra:
      if (!odd) return pick({"'red'", "NULL", "5", "-2.5"});
      return pick({"0x1F", "X'AB'", "'x\\'y'", "1e5", "b'01'", "'a''b'"});
  }
  return "NULL";
}

struct Column {
  std::string name;
  Kind kind;
};

// The 46 dump columns (some renamed in case, a few left out) and an extra
// one, in a shuffled order named by an explicit column list.
std::vector<Column> layout_columns(std::mt19937_64& rng) {
  std::vector<Column> columns = {{"timestamp", Kind::kDateTime}, {"PRICE", Kind::kDecimal},
                                 {"qty", Kind::kInt32},            {"avgPrice", Kind::kDecimal},
                                 {"volume", Kind::kInt64},         {"bQty", Kind::kInt64},
                                 {"open", Kind::kDecimal},       {"close", Kind::kDecimal},
                                 {"changeper", Kind::kDecimal},  {"lastTradeTime", Kind::kDateTime},
                                 {"oi", Kind::kInt64},             {"color", Kind::kExtra}};
  for (int level = 0; level < 5; ++level) {
    columns.push_back({fmt::format("bq{}", level), Kind::kInt32});
    columns.push_back({fmt::format("bp{}", level), Kind::kDecimal});
    columns.push_back({fmt::format("so{}", level), Kind::kInt32});
  }
  std::shuffle(columns.begin() + 1, columns.end(), rng);
  return columns;
}

std::string make_dump(std::mt19937_64& rng) {
  std::string text;
  const auto columns = layout_columns(rng);
  std::string list;
  for (const Column& column : columns) list += (list.empty() ? "`" : ", `") + column.name + "`";
  int second = 0;
  for (int table = 0; table < 3; ++table) {
    const std::string name = fmt::format("NIFTY25D02230{}0CE", table);
    for (int statement = 0; statement < 4; ++statement) {
      text += fmt::format("INSERT INTO `{}` ({}) VALUES ", name, list);
      const int rows = 1 + static_cast<int>(rng() % 60);
      for (int r = 0; r < rows; ++r) {
        // Table 2 quotes every number in most rows, as some exporters do.
        const bool quoted = table == 2 && rng() % 4 != 0;
        const bool odd_row = rng() % 10 == 0;
        const bool spaced = rng() % 10 == 0;
        text += r == 0 ? "(" : ",(";
        const std::size_t values = columns.size() + (rng() % 100 == 0 ? 1 : 0);  // now and then one too many
        for (std::size_t j = 0; j < values; ++j) {
          const Column& column = columns[j % columns.size()];
          std::string value = value_of(column.kind, rng, odd_row && rng() % 8 == 0, second);
          if (quoted && column.kind != Kind::kDateTime && value.front() != '\'') value = "'" + value + "'";
          if (j > 0) text += spaced ? " , " : ",";
          text += value;
        }
        text += spaced ? " )" : ")";
        second += 1 + static_cast<int>(rng() % 2);
      }
      text += ";\n";
    }
  }
  return text;
}

struct Outcome {
  std::vector<std::string> results;
  std::vector<std::string> problems;
  std::size_t record_rows = 0;
};

Outcome read(const std::filesystem::path& path, bool use_plans, std::size_t chunk, std::size_t batch) {
  dump::ReaderOptions options;
  options.keep_going = true;
  options.chunk_size = chunk;
  options.max_batch_rows = batch;
  dump::DumpReader reader(path, options);
  Converter converter(use_plans);
  reader.read(converter);
  Outcome outcome;
  outcome.results = std::move(converter.results);
  outcome.record_rows = converter.record_rows;
  for (const auto& problem : reader.problems()) outcome.problems.push_back(problem.to_string());
  return outcome;
}

TEST(RecordPlan, RowsConvertAsTheValuesPathWouldWhateverTheyHold) {
  tapelab::testing::TempDir dir;
  std::size_t record_rows = 0;
  std::size_t value_rows = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    std::mt19937_64 rng(seed);
    const auto path = dir / fmt::format("dump-{}.sql", seed);
    std::ofstream(path) << make_dump(rng);
    // Tiny chunks cut most rows at the window's end (they take the values
    // path, then the record path is given up for the table); an excerpt in
    // an error message ends with the window, so each size has its reference.
    for (const auto& [chunk, batch] : {std::pair<std::size_t, std::size_t>{std::size_t{1} << 20, 4096}, {4096, 7},
                                       {97, 1}, {13, 3}}) {
      const Outcome expected = read(path, false, chunk, batch);
      EXPECT_EQ(expected.record_rows, 0u);
      const Outcome got = read(path, true, chunk, batch);
      ASSERT_EQ(got.results.size(), expected.results.size()) << "seed " << seed << " chunk " << chunk;
      for (std::size_t i = 0; i < got.results.size(); ++i) {
        ASSERT_EQ(got.results[i], expected.results[i]) << "seed " << seed << " chunk " << chunk << " row " << i;
      }
      EXPECT_EQ(got.problems, expected.problems) << "seed " << seed << " chunk " << chunk;
      if (chunk == std::size_t{1} << 20) {
        record_rows += got.record_rows;
        value_rows += got.results.size() - got.record_rows;
      }
    }
  }
  // Both paths were taken, and most rows went the record way.
  EXPECT_GT(value_rows, 100u);
  EXPECT_GT(record_rows, value_rows);
}

}  // namespace
}  // namespace tapelab::ingest
