// The contract scan: every contract of every selected day, its rows in time
// order, on all cores. Screens like the users' EMA benchmark are a function of
// one contract's rows; this driver feeds them.
//
// Design note. An options day file is sorted by (expiry, opt_type, strike,
// timestamp) and its row groups hold whole contracts, so each row group is a
// run of complete contracts that can be handled alone. The scan gives the row
// groups of all selected files to the reader's multi-file scan_parallel (one
// pool of workers, each decoding into a reused Batch, so the values are still
// in cache when the visitor reads them), cuts each decoded row group at
// contract boundaries and calls the visitor once per contract. Only the
// identity columns (expiry, opt_type, strike) and the columns the caller asks
// for are decoded. Both promises of the file are checked rather than assumed:
// a file whose row groups do not declare that sort order is refused, and a
// contract found in two row groups fails the scan. Results are merged into
// contract order (date, underlying, expiry, CE before PE, strike), so the
// output never depends on which thread did what.
#pragma once

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "domain/contract.h"
#include "domain/date.h"
#include "market/loader.h"
#include "parquet/types.h"

namespace tapelab::scan {

// Contract identity (docs/engine-rules.md#contract-identity): underlying, expiry,
// CE/PE and strike; never the strike alone. `date` is the trading day the rows belong
// to. Ordered as the output is: date, underlying, expiry, CE before PE, strike.
struct ContractId {
  domain::Date date;
  std::string underlying;
  domain::Date expiry;
  domain::OptionType type = domain::OptionType::kCall;
  std::int32_t strike = 0;
  auto operator<=>(const ContractId&) const = default;
};

// A column the caller needs and the physical type its code reads (a file
// storing it otherwise is refused with the column's name).
struct ColumnRequest {
  std::string name;
  parquet::PhysicalType type;
};

// One contract's rows [begin, end) of the requested columns (in request
// order), sorted by time. Valid during the visitor's call only.
struct ContractRows {
  const ContractId& id;
  const std::vector<parquet::ColumnData>& columns;
  std::size_t begin = 0;
  std::size_t end = 0;

  std::size_t rows() const { return end - begin; }
  // Typed views of requested column k (its ColumnRequest type says which).
  std::span<const double> f64(std::size_t k) const { return std::span(columns[k].f64).subspan(begin, rows()); }
  std::span<const std::int64_t> i64(std::size_t k) const { return std::span(columns[k].i64).subspan(begin, rows()); }
  std::span<const std::int32_t> i32(std::size_t k) const { return std::span(columns[k].i32).subspan(begin, rows()); }
};

struct ScanRequest {
  market::DaySelection days;
  std::vector<ColumnRequest> columns;
  // Called after each row group with the rows scanned so far and the rows of
  // all selected files; from worker threads, one call at a time.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct ScanTotals {
  std::size_t days = 0;  // day files (date x underlying)
  std::size_t row_groups = 0;
  std::size_t contracts = 0;
  std::uint64_t rows = 0;
};

// The columns every scan decodes to cut row groups into contracts (expiry,
// opt_type, strike), besides the requested ones.
std::span<const ColumnRequest> identity_columns();

// Calls `visit` once per contract of every selected day, concurrently from
// the scan's workers and in no particular order. Throws Error when the
// dataset or a file is unusable, or when no day matches the selection.
ScanTotals for_each_contract(const std::filesystem::path& dataset, const ScanRequest& request,
                             const std::function<void(const ContractRows&)>& visit);

template <typename Result>
struct ContractResult {
  ContractId id;
  std::uint64_t rows = 0;
  Result value;
};

template <typename Result>
struct ScanResults {
  std::vector<ContractResult<Result>> contracts;  // in ContractId order
  ScanTotals totals;
};

// for_each_contract with a result per contract, merged in contract order.
// `fn(const ContractRows&) -> Result` runs on the workers.
template <typename Result, typename Fn>
ScanResults<Result> scan_contracts(const std::filesystem::path& dataset, const ScanRequest& request, Fn fn) {
  tbb::enumerable_thread_specific<std::vector<ContractResult<Result>>> parts;
  ScanResults<Result> out;
  out.totals = for_each_contract(dataset, request, [&](const ContractRows& c) {
    parts.local().push_back(ContractResult<Result>{c.id, c.rows(), fn(c)});
  });
  out.contracts.reserve(out.totals.contracts);
  for (auto& part : parts) {
    std::move(part.begin(), part.end(), std::back_inserter(out.contracts));
  }
  std::sort(out.contracts.begin(), out.contracts.end(),
            [](const ContractResult<Result>& a, const ContractResult<Result>& b) { return a.id < b.id; });
  return out;
}

}  // namespace tapelab::scan
