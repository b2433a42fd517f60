// libFuzzer target: the mysqldump reader on arbitrary streams.
//
// The first byte of an input chooses how the rest is read (options below);
// the rest is the dump, as plain text or as gzip when it starts with the gzip
// magic. Option bits can also gzip the text here first, so inflate, the
// lexer, the statement scanner and the tuple parser are all reached, not only
// a CRC check that mutated gzip bytes rarely pass.
//
// The reader's contract is that any input either yields rows or throws
// tapelab::Error. Beyond "no crash", the rows must hold their invariants:
// values per row match the layout (and the table's columns when the INSERT
// names none), every view lies in readable memory (each byte is read, so
// ASan sees any view past its buffer), strings unescape into no more bytes
// than their text, numbers hold number bytes and parse alike as integers and
// doubles, a datetime that parses names the same
// date-time when written back, rows come in file order, and the record path
// (RecordPlan, what ingest uses) yields exactly what the general path's values
// convert to.
#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dump/lexer.h"
#include "dump/reader.h"
#include "domain/date.h"
#include "dump/value.h"
#include "fuzz_check.h"
#include "input_file.h"
#include "util/error.h"

using namespace tapelab::dump;

namespace {

struct Options {
  bool keep_going;
  bool gzip_here;     // deflate the text into gzip before reading
  bool two_members;   // ... as two concatenated members
  bool background;    // inflate on the reader's second thread
  std::size_t chunk;  // tiny chunks put statement and row ends on chunk edges
  bool skip_odd;      // skip tables whose name has an odd length
  bool records;       // read again through a RecordPlan and compare
};

Options options_from(std::uint8_t flags) {
  const std::size_t chunk_sizes[] = {1, 2, 3, 7, 16, 61, 256, std::size_t{64} << 10};
  return Options{.keep_going = (flags & 1) != 0,
                 .gzip_here = (flags & 2) != 0,
                 .two_members = (flags & 4) != 0,
                 .background = (flags & 8) != 0,
                 .chunk = chunk_sizes[(flags >> 4) & 7],
                 .skip_odd = (flags & 0x80) != 0,
                 .records = (flags & 0x40) != 0};
}

void append_gzip_member(std::span<const std::uint8_t> text, std::vector<std::uint8_t>& out) {
  z_stream z{};
  FUZZ_CHECK(deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  const std::size_t start = out.size();
  out.resize(start + deflateBound(&z, text.size()));
  z.next_in = const_cast<Bytef*>(text.data());
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = out.data() + start;
  z.avail_out = static_cast<uInt>(out.size() - start);
  FUZZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
}

std::vector<std::uint8_t> gzip(std::span<const std::uint8_t> text, bool two_members) {
  std::vector<std::uint8_t> out;
  const std::size_t split = two_members ? text.size() / 2 : text.size();
  append_gzip_member(text.first(split), out);
  if (two_members) append_gzip_member(text.subspan(split), out);
  return out;
}

// Reads every byte of a view: ASan reports any that lies outside its buffer.
std::uint64_t touch(std::string_view text) {
  std::uint64_t sum = 0;
  for (char c : text) sum = sum * 31 + static_cast<unsigned char>(c);
  return sum;
}

int digits_at(std::string_view text, std::size_t at, std::size_t count) {
  int n = 0;
  for (char c : text.substr(at, count)) n = n * 10 + (c - '0');
  return n;
}

// A datetime the reader accepts names a real date (checked against the
// domain's own calendar code, not the reader's) and the same time of day,
// to the nanosecond.
void check_datetime(std::string_view text) {
  const DateTimeResult parsed = parse_datetime(text);
  if (parsed.status != DateTimeResult::kOk) return;
  const auto date = tapelab::domain::Date::try_from_ymd(digits_at(text, 0, 4), static_cast<unsigned>(digits_at(text, 5, 2)),
                                                        static_cast<unsigned>(digits_at(text, 8, 2)));
  FUZZ_CHECK(date.has_value());
  std::int64_t seconds = parsed.nanos / kNanosPerSecond;
  std::int64_t fraction = parsed.nanos % kNanosPerSecond;
  if (fraction < 0) fraction += kNanosPerSecond, --seconds;
  std::int64_t expected = std::int64_t{date->days()} * 86'400;
  if (text.size() >= 19) expected += digits_at(text, 11, 2) * 3600 + digits_at(text, 14, 2) * 60 + digits_at(text, 17, 2);
  FUZZ_CHECK(seconds == expected);
  std::int64_t expected_fraction = text.size() > 20 ? digits_at(text, 20, text.size() - 20) : 0;
  for (std::size_t digits = text.size() > 20 ? text.size() - 20 : 9; digits < 9; ++digits) expected_fraction *= 10;
  FUZZ_CHECK(fraction == expected_fraction);
}

void check_value(const Value& value, const Column* column) {
  touch(value.text);
  switch (value.kind) {
    case ValueKind::kString: {
      if (!value.escaped) FUZZ_CHECK(value.text.find('\\') == std::string_view::npos);
      std::string scratch;
      FUZZ_CHECK(value.unescaped(scratch).size() <= value.text.size());
      if (column != nullptr && (column->family == TypeFamily::kDateTime || column->family == TypeFamily::kDate)) {
        check_datetime(value.text);
      }
      break;
    }
    case ValueKind::kNumber:
      // The reader finds a number's end, the handler's parse judges it
      // ("1-" is handed over and refused there): number bytes only.
      FUZZ_CHECK(!value.text.empty());
      for (char c : value.text.substr(1)) FUZZ_CHECK(is_number_byte(c));
      if (const auto n = parse_int64(value.text)) FUZZ_CHECK(parse_double(value.text) == static_cast<double>(*n));
      break;
    case ValueKind::kHex: {
      std::string bytes;
      decode_hex(value.text, bytes);
      break;
    }
    case ValueKind::kNull:
    case ValueKind::kBits: break;
  }
}

RecordPlan::Kind plan_kind(const Column& column) {
  switch (column.family) {
    case TypeFamily::kInteger:
      return column.type.starts_with("bigint") ? RecordPlan::Kind::kInt64 : RecordPlan::Kind::kInt32;
    case TypeFamily::kDecimal:
    case TypeFamily::kFloat: return RecordPlan::Kind::kDouble;
    case TypeFamily::kDateTime: return RecordPlan::Kind::kDateTime;
    default: return RecordPlan::Kind::kIgnore;
  }
}

// A value as the plan's kind would hold it, in one canonical text, so rows
// read as records and rows read as values compare equal when they agree.
std::string canonical(const Value& value, RecordPlan::Kind kind, bool nullable) {
  const std::string raw = "raw:" + std::to_string(static_cast<int>(value.kind)) + ":" + std::string(value.text);
  if (kind == RecordPlan::Kind::kIgnore) return "-";
  if (value.is_null()) return nullable ? "NULL" : raw;
  switch (kind) {
    case RecordPlan::Kind::kInt32:
    case RecordPlan::Kind::kInt64: {
      if (value.kind != ValueKind::kNumber) return raw;
      const auto n = parse_int64(value.text);
      if (!n) return raw;
      return std::to_string(*n);
    }
    case RecordPlan::Kind::kDouble: {
      const auto d = value.kind == ValueKind::kNumber ? parse_double(value.text) : std::nullopt;
      if (!d) return raw;
      char text[64];
      std::snprintf(text, sizeof text, "%a", *d);
      return text;
    }
    case RecordPlan::Kind::kDateTime: {
      if (value.kind != ValueKind::kString || value.escaped) return raw;
      const DateTimeResult parsed = parse_datetime(value.text);
      if (parsed.status == DateTimeResult::kZero && nullable) return "NULL";
      if (parsed.status != DateTimeResult::kOk) return raw;
      return std::to_string(parsed.nanos);
    }
    case RecordPlan::Kind::kIgnore: break;
  }
  return raw;
}

// The plan a row of `layout` is read by: 8 bytes per column after the null
// mask; a nullable column's null bit is its index (the first 63 columns).
struct PlannedLayout {
  RecordPlan plan;
  std::vector<RecordPlan::Kind> kinds;
  std::vector<int> null_bits;

  PlannedLayout(const TableSchema& table, const ColumnLayout& layout)
      : plan(std::vector<std::byte>(8 + 8 * layout.width()), 0) {
    for (std::size_t i = 0; i < layout.width(); ++i) {
      const int index = layout.schema_index[i];
      const Column* column = index >= 0 ? &table.columns[static_cast<std::size_t>(index)] : nullptr;
      kinds.push_back(column != nullptr ? plan_kind(*column) : RecordPlan::Kind::kIgnore);
      null_bits.push_back(column != nullptr && column->nullable && i < 63 ? static_cast<int>(i) : -1);
      plan.add_column(kinds.back(), 8 + 8 * i, null_bits.back());
    }
  }
};

class CheckingHandler : public DumpHandler {
 public:
  CheckingHandler(const Options& options, bool with_plans) : options_(options), with_plans_(with_plans) {}

  TableAction on_table(const TableSchema& table, const Position& where) override {
    touch(where.file);
    touch(table.name);
    for (const Column& column : table.columns) touch(column.type);
    return options_.skip_odd && table.name.size() % 2 == 1 ? TableAction::kSkip : TableAction::kRead;
  }

  const RecordPlan* record_plan(const TableSchema& table, const ColumnLayout& layout) override {
    if (!with_plans_) return nullptr;
    return &plans_.emplace_back(table, layout).plan;
  }

  void on_rows(const RowBatch& batch) override {
    FUZZ_CHECK(batch.table != nullptr && batch.layout != nullptr);
    const ColumnLayout& layout = *batch.layout;
    const TableSchema& table = *batch.table;
    FUZZ_CHECK(layout.schema_index.size() == layout.width());
    if (!layout.explicit_list && table.has_definition()) FUZZ_CHECK(layout.width() == table.columns.size());
    for (int index : layout.schema_index) FUZZ_CHECK(index >= -1 && index < static_cast<int>(table.columns.size()));
    FUZZ_CHECK(batch.rows() > 0 && batch.position.offset == batch.row_offsets.front());
    for (std::uint64_t offset : batch.row_offsets) {
      FUZZ_CHECK(offset > batch.statement_offset && (rows_ == 0 || offset > last_row_offset_));
      last_row_offset_ = offset;
      ++rows_;
    }
    if (batch.has_records()) {
      FUZZ_CHECK(batch.values.empty() && batch.records.size() == batch.rows() * batch.plan->record_size());
      for (std::size_t r = 0; r < batch.rows(); ++r) canonical_rows_.push_back(record_row(batch, r));
      return;
    }
    FUZZ_CHECK(batch.records.empty() && batch.values.size() == batch.rows() * batch.width());
    for (std::size_t r = 0; r < batch.rows(); ++r) {
      const std::span<const Value> row = batch.row(r);
      for (std::size_t i = 0; i < row.size(); ++i) {
        const int index = layout.schema_index[i];
        check_value(row[i], index >= 0 ? &table.columns[static_cast<std::size_t>(index)] : nullptr);
      }
      if (options_.records) canonical_rows_.push_back(value_row(table, layout, row));
    }
  }

  std::uint64_t rows() const { return rows_; }
  const std::vector<std::vector<std::string>>& canonical_rows() const { return canonical_rows_; }

 private:
  std::vector<std::string> value_row(const TableSchema& table, const ColumnLayout& layout, std::span<const Value> row) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const int index = layout.schema_index[i];
      const Column* column = index >= 0 ? &table.columns[static_cast<std::size_t>(index)] : nullptr;
      const RecordPlan::Kind kind = column != nullptr ? plan_kind(*column) : RecordPlan::Kind::kIgnore;
      out.push_back(canonical(row[i], kind, column != nullptr && column->nullable && i < 63));
    }
    return out;
  }

  std::vector<std::string> record_row(const RowBatch& batch, std::size_t r) {
    const RecordPlan& plan = *batch.plan;
    std::vector<std::byte> out(plan.output_size());
    plan.finish(batch.record(r), out.data());
    std::uint64_t nulls = 0;
    std::memcpy(&nulls, out.data() + plan.null_mask_offset(), sizeof nulls);
    std::vector<std::string> row;
    for (const RecordPlan::Field& field : plan.fields()) {
      if (field.kind == RecordPlan::Kind::kIgnore) {
        row.emplace_back("-");
      } else if (field.null_bit >= 0 && (nulls >> field.null_bit & 1) != 0) {
        row.emplace_back("NULL");
      } else {
        row.push_back(field_text(field, out.data() + field.offset));
      }
    }
    return row;
  }

  static std::string field_text(const RecordPlan::Field& field, const std::byte* at) {
    if (field.kind == RecordPlan::Kind::kInt32) {
      std::int32_t n;
      std::memcpy(&n, at, sizeof n);
      return std::to_string(n);
    }
    if (field.kind == RecordPlan::Kind::kDouble) {
      double d;
      std::memcpy(&d, at, sizeof d);
      char text[64];
      std::snprintf(text, sizeof text, "%a", d);
      return text;
    }
    std::int64_t n;  // kInt64, kDateTime (nanoseconds)
    std::memcpy(&n, at, sizeof n);
    return std::to_string(n);
  }

  Options options_;
  bool with_plans_;
  std::deque<PlannedLayout> plans_;  // outlive their batches
  std::uint64_t rows_ = 0;
  std::uint64_t last_row_offset_ = 0;
  std::vector<std::vector<std::string>> canonical_rows_;
};

struct Outcome {
  bool ok = false;
  std::vector<std::vector<std::string>> rows;  // canonical, when options.records
};

Outcome read(std::span<const std::uint8_t> file, const Options& options, bool with_plans) {
  ReaderOptions reader_options;
  reader_options.keep_going = options.keep_going;
  reader_options.background_decode = options.background;
  reader_options.chunk_size = options.chunk;
  reader_options.max_batch_rows = 3;  // batch edges inside statements too
  // Bounded so a gzip bomb costs a bounded parse, not the 64 MiB default.
  reader_options.max_statement_bytes = std::size_t{1} << 20;
  reader_options.max_row_bytes = std::size_t{1} << 20;
  DumpReader reader(tapelab::fuzz::input_file(file), reader_options);
  CheckingHandler handler(options, with_plans);
  try {
    reader.read(handler);
  } catch (const tapelab::Error& error) {
    touch(error.what());
    return {};
  }
  FUZZ_CHECK(reader.stats().rows == handler.rows());
  for (const Problem& problem : reader.problems()) FUZZ_CHECK(!problem.reason.empty());
  return Outcome{true, handler.canonical_rows()};
}

// Names the first row where the two paths disagree, for whoever reproduces a
// finding.
void report_first_difference(const std::vector<std::vector<std::string>>& values,
                             const std::vector<std::vector<std::string>>& records) {
  for (std::size_t r = 0; r < std::max(values.size(), records.size()); ++r) {
    if (r < values.size() && r < records.size() && values[r] == records[r]) continue;
    std::fprintf(stderr, "row %zu differs (%zu rows as values, %zu through the plan)\n", r, values.size(), records.size());
    for (std::size_t c = 0; r < values.size() && r < records.size() && c < values[r].size(); ++c) {
      if (c >= records[r].size() || values[r][c] != records[r][c]) {
        std::fprintf(stderr, "  value %zu: values path '%s', plan path '%s'\n", c, values[r][c].c_str(),
                     c < records[r].size() ? records[r][c].c_str() : "(none)");
      }
    }
    return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Options options = options_from(data[0]);
  const std::span<const std::uint8_t> text(data + 1, size - 1);
  const std::vector<std::uint8_t> file =
      options.gzip_here ? gzip(text, options.two_members) : std::vector<std::uint8_t>(text.begin(), text.end());
  const Outcome values = read(file, options, false);
  if (!options.records) return 0;
  const Outcome records = read(file, options, true);
  FUZZ_CHECK(values.ok == records.ok);
  report_first_difference(values.rows, records.rows);
  FUZZ_CHECK(values.rows == records.rows);
  return 0;
}
