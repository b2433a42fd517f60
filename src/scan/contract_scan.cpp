#include "scan/contract_scan.h"

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "dataset/layout.h"
#include "parquet/reader.h"
#include "util/error.h"

namespace tapelab::scan {
namespace {

namespace fs = std::filesystem;
using parquet::Batch;
using parquet::ColumnData;
using parquet::FileReader;
using parquet::PhysicalType;

// The sort order the scan relies on, as the file must declare it in every row
// group's sorting_columns (docs/dataset.md#sort-order).
constexpr std::array<std::string_view, 4> kSortOrder = {"expiry", "opt_type", "strike", "timestamp"};

// The identity columns, projected after the caller's so the caller's column k
// is batch column k.
const std::array<ColumnRequest, 3> kIdentity = {{
    {"expiry", PhysicalType::INT32},
    {"opt_type", PhysicalType::BYTE_ARRAY},
    {"strike", PhysicalType::INT32},
}};

void check_columns(const FileReader& file, const std::vector<ColumnRequest>& wanted) {
  for (const ColumnRequest& c : wanted) {
    const int index = file.schema().find(c.name);
    if (index < 0) fail("{}: no column '{}'", file.name(), c.name);
    const PhysicalType type = file.schema().columns[static_cast<std::size_t>(index)].type;
    if (type != c.type) {
      fail("{}: column '{}' is stored as {}, the scan reads {}", file.name(), c.name, parquet::to_string(type),
           parquet::to_string(c.type));
    }
  }
}

void check_sort_order(const FileReader& file) {
  const auto& columns = file.schema().columns;
  for (std::size_t rg = 0; rg < file.num_row_groups(); ++rg) {
    const auto& declared = file.metadata().row_groups[rg].sorting_columns;
    bool sorted = declared.size() >= kSortOrder.size();
    for (std::size_t i = 0; sorted && i < kSortOrder.size(); ++i) {
      const auto index = static_cast<std::size_t>(declared[i].column_idx);
      sorted = index < columns.size() && columns[index].name == kSortOrder[i] && !declared[i].descending;
    }
    if (!sorted) {
      fail("{}: row group {} does not declare the sort order (expiry, opt_type, strike, timestamp) "
           "the contract scan needs; is this a tapelab dataset file?",
           file.name(), rg);
    }
  }
}

domain::OptionType option_type(std::string_view text, const FileReader& file, std::size_t row_group) {
  if (const auto type = domain::kOptionTypeNames.parse(text)) return *type;
  fail("{}: row group {}: opt_type '{}' is neither CE nor PE", file.name(), row_group, text);
}

// string_at(a) == string_at(b) without a memcmp call per row: opt_type is
// two bytes, and this comparison runs for every row of the scan.
bool same_string(const ColumnData& c, std::size_t a, std::size_t b) {
  const std::uint64_t begin_a = c.offsets[a], begin_b = c.offsets[b];
  const std::uint64_t size = c.offsets[a + 1] - begin_a;
  if (size != c.offsets[b + 1] - begin_b) return false;
  for (std::uint64_t k = 0; k < size; ++k) {
    if (c.bytes[begin_a + k] != c.bytes[begin_b + k]) return false;
  }
  return true;
}

// The first and last contract of a row group, to prove afterwards that no
// contract continues into the next row group.
struct Edges {
  std::optional<ContractId> first;
  std::optional<ContractId> last;
};

}  // namespace

std::span<const ColumnRequest> identity_columns() { return kIdentity; }

ScanTotals for_each_contract(const fs::path& dataset, const ScanRequest& request,
                             const std::function<void(const ContractRows&)>& visit) {
  const std::vector<market::DayKey> days = market::select_days(dataset, request.days);
  if (days.empty()) fail("{}: no option days match the selection", dataset.string());

  std::vector<ColumnRequest> projected = request.columns;
  projected.insert(projected.end(), kIdentity.begin(), kIdentity.end());
  const std::size_t identity = request.columns.size();

  std::vector<std::unique_ptr<FileReader>> files;
  std::vector<const FileReader*> file_ptrs;
  std::vector<std::vector<Edges>> edges;
  ScanTotals totals;
  for (const market::DayKey& day : days) {
    files.push_back(std::make_unique<FileReader>(dataset::partition_path(
        dataset, dataset::PartitionKey{dataset::TableKind::kOptions, day.date, day.underlying})));
    const FileReader& file = *files.back();
    check_columns(file, projected);
    check_sort_order(file);
    file_ptrs.push_back(&file);
    edges.emplace_back(file.num_row_groups());
    totals.row_groups += file.num_row_groups();
    totals.rows += static_cast<std::uint64_t>(file.num_rows());
  }
  totals.days = days.size();

  parquet::ReadOptions options;
  for (const ColumnRequest& c : projected) options.columns.push_back(c.name);
  std::atomic<std::uint64_t> rows_done{0};
  std::atomic<std::size_t> contracts{0};
  std::mutex progress_mutex;
  std::uint64_t reported = 0;

  FileReader::scan_parallel(file_ptrs, options, [&](std::size_t f, const Batch& batch) {
    const FileReader& file = *file_ptrs[f];
    const std::vector<std::int32_t>& expiry = batch.columns[identity].i32;
    const ColumnData& type = batch.columns[identity + 1];
    const std::vector<std::int32_t>& strike = batch.columns[identity + 2].i32;
    const std::size_t rows = batch.num_rows();
    Edges& group_edges = edges[f][batch.row_group];
    std::size_t begin = 0;
    std::size_t count = 0;
    for (std::size_t row = 1; row <= rows; ++row) {
      if (row < rows && expiry[row] == expiry[begin] && strike[row] == strike[begin] &&
          same_string(type, row, begin)) {
        continue;
      }
      const ContractId id{days[f].date, days[f].underlying, domain::Date::from_days(expiry[begin]),
                          option_type(type.string_at(begin), file, batch.row_group), strike[begin]};
      visit(ContractRows{id, batch.columns, begin, row});
      if (!group_edges.first) group_edges.first = id;
      if (row == rows) group_edges.last = id;
      ++count;
      begin = row;
    }
    contracts += count;
    rows_done += rows;
    if (request.progress) {
      // Read under the lock so that the reports only grow and the last one
      // (done == total) is made once.
      std::lock_guard lock(progress_mutex);
      const std::uint64_t done = rows_done;
      if (done > reported) {
        reported = done;
        request.progress(done, totals.rows);
      }
    }
  });

  for (std::size_t f = 0; f < files.size(); ++f) {
    const Edges* previous = nullptr;
    for (const Edges& e : edges[f]) {
      if (!e.first) continue;
      if (previous && previous->last == e.first) {
        fail("{}: contract {} {} {} continues across row groups; the contract scan needs row groups of whole "
             "contracts (as tapelab ingest writes them)",
             files[f]->name(), e.first->expiry.to_string(), domain::to_string(e.first->type), e.first->strike);
      }
      previous = &e;
    }
  }
  totals.contracts = contracts;
  return totals;
}

}  // namespace tapelab::scan
