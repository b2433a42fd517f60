#include "ingest/parquet_input.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include "dump/lexer.h"
#include "ingest/parquet_identity.h"
#include "ingest/parquet_rows.h"
#include "parquet/reader.h"
#include "util/error.h"

namespace tapelab::ingest {
namespace {

using dataset::TickRow;
using Status = ParquetRowMapper::Status;

// Rows converted at a time: bounds the TickRows of a file being read
// (~20 MiB) however large its row groups are.
constexpr std::size_t kChunkRows = 1 << 16;
// Rows per parallel conversion task (as for dumps).
constexpr std::size_t kConvertGrain = 512;

// Columns of the users' own layouts that are known and of no use to us:
// not reported as unknown (docs/source-data.md#parquet-history).
bool expected_extra(std::string_view name) {
  for (std::string_view known : {"ts", "timestamp_ns", "vol_delta", "expiry", "expiry_type", "is_weekly", "is_monthly",
                                 "spot_ltp", "spot_open", "spot_high", "spot_low", "spot_close"}) {
    if (dump::equals_ignore_case(name, known)) return true;
  }
  return false;
}

// Thrown for a file that cannot be read, caught where keep_going decides.
struct Unreadable {
  FileSkip skip;
  std::string reason;
};

class ParquetInput {
 public:
  ParquetInput(const InputFile& file, const ReadContext& context, FileRouter& router, FileAudit& audit,
               std::vector<BadTable>& bad_tables)
      : file_(file), context_(context), router_(router), audit_(audit), bad_tables_(bad_tables) {}

  // Opens the file and decides what it holds; false when nothing is to be read.
  bool open(std::map<std::string, std::set<std::string>>& extra_columns) {
    if (!file_.not_parquet.empty()) throw Unreadable{FileSkip::kUnreadable, file_.not_parquet};
    try {
      reader_.emplace(file_.path);
      mapper_.emplace(reader_->schema(), file_.path.string());
    } catch (const Error& e) {
      throw Unreadable{FileSkip::kUnreadable, e.what()};
    }
    if (!mapper_->has_timestamp()) throw Unreadable{FileSkip::kNoTimestampColumn, "no timestamp column"};
    const bool per_row = file_.layout == ParquetLayout::kDatePacked;
    if (per_row && !mapper_->has(IdentityColumn::kContract)) {
      throw Unreadable{FileSkip::kUnreadable, "a date-packed file without a `contract` column"};
    }
    if (reader_->num_rows() == 0) {
      audit_.skip = FileSkip::kEmpty;
      audit_.skip_reason = "no rows";
      return false;
    }
    audit_.missing_columns = mapper_->missing_columns();
    for (const auto& column : mapper_->extra_columns()) {
      if (!expected_extra(column)) extra_columns[column].insert(audit_.source_key);
    }
    if (!per_row) {
      const std::size_t only = contract_for(parquet_file_table(file_, context_.calendar));
      const TableClass& cls = contracts_[only].table.cls;
      if (cls.role == TableRole::kSkip) {
        audit_.skip = FileSkip::kNotAContract;
        audit_.skip_reason = "the file name is no option, index or futures table";
        return false;
      }
      if (cls.role == TableRole::kBadOption) {  // counted, never converted
        audit_.rows_read = audit_.rows_bad_table = reader_->num_rows();
        bad_tables_.push_back({audit_.source_key, cls.instrument.symbol, cls.reason, reader_->num_rows()});
        return false;
      }
    }
    return true;
  }

  void read() {
    parquet::ReadOptions options;
    options.columns = mapper_->projection();
    const auto total = static_cast<std::uint64_t>(std::max<std::int64_t>(reader_->num_rows(), 1));
    try {
      scan(options, total);
    } catch (const Error& e) {
      if (!context_.keep_going || router_.sink_failed()) throw;
      // The rows routed so far are left out by the caller (FileRouter::keep is not called).
      throw Unreadable{FileSkip::kBroken,
                       fmt::format("stopped after {} rows (none kept): {}", rows_before_, e.what())};
    }
    for (const Contract& c : contracts_) {
      if (c.table.cls.role == TableRole::kBadOption) {
        bad_tables_.push_back({audit_.source_key, c.table.cls.instrument.symbol, c.table.cls.reason, c.rows});
      }
    }
  }

 private:
  void scan(const parquet::ReadOptions& options, std::uint64_t total) {
    reader_->scan(options, [&](parquet::Batch&& batch) {
      if (context_.cancel.load(std::memory_order_relaxed)) fail("cancelled");
      for (std::size_t begin = 0; begin < batch.num_rows(); begin += kChunkRows) {
        convert_and_route(batch, begin, std::min(batch.num_rows(), begin + kChunkRows));
      }
      rows_before_ += batch.num_rows();
      context_.meter.rows.fetch_add(batch.num_rows(), std::memory_order_relaxed);
      context_.meter.bytes.store(context_.meter.size * rows_before_ / total, std::memory_order_relaxed);
    });
  }

  struct Contract {
    FileRouter::Table table;
    std::int64_t rows = 0;
    std::uint8_t reported = 0;  // identity columns whose disagreement is reported (a bit each)
  };

  std::size_t contract_for(TableClass cls) {
    switch (cls.role) {
      case TableRole::kOptions: ++audit_.tables_options; break;
      case TableRole::kSpot: ++audit_.tables_spot; break;
      case TableRole::kFutures: ++audit_.tables_futures; break;
      case TableRole::kBadOption: ++audit_.tables_bad; break;
      case TableRole::kSkip: ++audit_.tables_skipped; break;
    }
    contracts_.push_back(Contract{FileRouter::Table(std::move(cls))});
    return contracts_.size() - 1;
  }

  // Date-packed: the contract a row names.
  std::size_t contract_of_row(const parquet::Batch& batch, std::size_t r) {
    const std::string_view name = mapper_->text(batch, IdentityColumn::kContract, r).value_or("");
    if (has_last_ && name == last_name_) return last_contract_;
    auto it = by_name_.find(std::string(name));
    if (it == by_name_.end()) {
      TableClass cls = classify_table(name, context_.calendar);
      if (name.empty()) {
        cls.role = TableRole::kBadOption;
        cls.reason = "null or empty `contract`";
      }
      it = by_name_.emplace(std::string(name), contract_for(std::move(cls))).first;
    }
    has_last_ = true;
    last_name_ = it->first;
    last_contract_ = it->second;
    return last_contract_;
  }

  void check_identity(const parquet::Batch& batch, std::size_t r, Contract& contract) {
    IdentityColumn column{};
    const auto disagreement = identity_disagreement(*mapper_, batch, r, contract.table.cls, column);
    if (!disagreement) return;
    ++audit_.rows_identity_mismatch;
    const auto bit = static_cast<std::uint8_t>(1U << static_cast<unsigned>(column));
    if (contract.reported & bit) return;
    contract.reported |= bit;
    audit_.identity_mismatches.push_back(fmt::format("{}: {} (row {}); the name wins",
                                                     contract.table.cls.instrument.symbol, *disagreement,
                                                     rows_before_ + r));
  }

  void convert_and_route(const parquet::Batch& batch, std::size_t begin, std::size_t end) {
    const std::size_t n = end - begin;
    converted_.resize(n);
    status_.resize(n);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kConvertGrain), [&](const tbb::blocked_range<std::size_t>& range) {
      mapper_->convert(batch, begin + range.begin(), begin + range.end(), converted_.data() + range.begin(),
                       status_.data() + range.begin());
    });
    // Rows that stay move up over dropped ones, with their contract.
    row_contract_.resize(n);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t r = begin + i;
      const std::size_t index = file_.layout == ParquetLayout::kDatePacked ? contract_of_row(batch, r) : 0;
      Contract& contract = contracts_[index];
      const TableRole role = contract.table.cls.role;
      if (role == TableRole::kSkip) continue;  // as a dump's skipped tables: not read
      ++audit_.rows_read;
      ++contract.rows;
      if (role == TableRole::kBadOption) {
        ++audit_.rows_bad_table;
        continue;
      }
      if (status_[i] == Status::kNullTimestamp) {
        ++audit_.rows_null_timestamp;
        continue;
      }
      if (status_[i] == Status::kBadValue) {
        const std::string what =
            fmt::format("{}: row {}: {}", audit_.path, rows_before_ + r, mapper_->error(batch, r));
        if (!context_.keep_going) fail("{}", what);
        ++audit_.rows_bad_value;
        audit_.problems.push_back(what);
        continue;
      }
      if (role == TableRole::kOptions && file_.layout != ParquetLayout::kExpiryPacked) check_identity(batch, r, contract);
      if (kept != i) converted_[kept] = converted_[i];
      row_contract_[kept++] = static_cast<std::uint32_t>(index);
    }
    route(kept);
  }

  // Rows of one contract go together; a date-packed chunk is grouped first
  // (its writers did not keep a contract's rows together).
  void route(std::size_t kept) {
    const bool one_contract = std::all_of(row_contract_.begin(), row_contract_.begin() + static_cast<std::ptrdiff_t>(kept),
                                          [&](std::uint32_t c) { return c == row_contract_[0]; });
    if (one_contract) {
      if (kept > 0) router_.route(contracts_[row_contract_[0]].table, std::span<TickRow>(converted_.data(), kept));
      return;
    }
    std::vector<std::size_t> start(contracts_.size() + 1, 0);
    for (std::size_t i = 0; i < kept; ++i) ++start[row_contract_[i] + 1];
    for (std::size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
    grouped_.resize(kept);
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < kept; ++i) grouped_[next[row_contract_[i]]++] = converted_[i];
    for (std::size_t c = 0; c < contracts_.size(); ++c) {
      if (start[c + 1] > start[c]) {
        router_.route(contracts_[c].table, std::span<TickRow>(grouped_.data() + start[c], start[c + 1] - start[c]));
      }
    }
  }

  const InputFile& file_;
  const ReadContext& context_;
  FileRouter& router_;
  FileAudit& audit_;
  std::vector<BadTable>& bad_tables_;
  std::optional<parquet::FileReader> reader_;
  std::optional<ParquetRowMapper> mapper_;
  std::vector<Contract> contracts_;
  std::unordered_map<std::string, std::size_t> by_name_;
  std::string_view last_name_;  // a key of by_name_
  std::size_t last_contract_ = 0;
  bool has_last_ = false;
  std::uint64_t rows_before_ = 0;  // rows of the row groups before the batch
  std::vector<TickRow> converted_, grouped_;
  std::vector<Status> status_;
  std::vector<std::uint32_t> row_contract_;
};

}  // namespace

void read_parquet(const InputFile& file, const ReadContext& context, FileRouter& router, FileAudit& audit,
                  std::vector<BadTable>& bad_tables, std::map<std::string, std::set<std::string>>& extra_columns) {
  audit.format = fmt::format("parquet {}", to_string(file.layout));
  ParquetInput input(file, context, router, audit, bad_tables);
  try {
    if (input.open(extra_columns)) input.read();
  } catch (const Unreadable& u) {
    if (!context.keep_going) fail("{}: {}", file.path.string(), u.reason);
    audit.skip = u.skip;
    audit.skip_reason = u.reason;
    audit.problems.push_back(fmt::format("{}: skipped: {}", file.path.string(), u.reason));
  }
}

}  // namespace tapelab::ingest
