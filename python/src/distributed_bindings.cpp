// The pieces tapelab.distributed runs a backtest or sweep from
// (jobs/day_parts.h): the run's days, one part (a day, or a day and a chunk
// of variants) as encoded records, and the merge of every part into the
// result a local run gives. Parts run without the GIL.
#include <malloc.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.h"
#include "domain/date.h"
#include "jobs/day_parts.h"
#include "report/provenance.h"
#include "util/error.h"

namespace py = pybind11;

namespace tapelab::python {
namespace {

py::list day_list(const std::vector<market::DayKey>& days) {
  py::list out;
  for (const market::DayKey& day : days) out.append(py::make_tuple(day.date.to_string(), day.underlying));
  return out;
}

market::DayKey day_key(const std::string& date, const std::string& underlying) {
  const std::optional<domain::Date> parsed = domain::Date::parse(date);
  if (!parsed) fail("'{}' is not a date (YYYY-MM-DD)", date);
  return {*parsed, underlying};
}

std::vector<std::string> part_bytes(const std::vector<py::bytes>& parts) {
  std::vector<std::string> out;
  out.reserve(parts.size());
  for (const py::bytes& part : parts) out.emplace_back(part);
  return out;
}

// merge_backtest or merge_sweep, without the GIL.
template <class Request, class Run>
void def_merge(py::module_& m, const char* name,
               Run (*merge)(const Request&, std::optional<std::string>, const std::vector<std::string>&),
               const char* doc) {
  m.def(
      name,
      [merge](Request request, std::optional<std::string> manifest_hash, const std::vector<py::bytes>& parts) {
        std::vector<std::string> bytes = part_bytes(parts);
        const py::gil_scoped_release release;
        return merge(request, std::move(manifest_hash), bytes);
      },
      py::arg("request"), py::arg("manifest_hash"), py::arg("parts"), doc);
}

}  // namespace

void bind_distributed(py::module_& m) {
  // Distributed's nanny starts worker processes with MALLOC_TRIM_THRESHOLD_=65536, and a trim
  // threshold set by hand turns glibc's sliding mmap threshold off: every block of 128 KiB or more
  // (a row group's columns, a day's arrays) is then mmapped, page-faulted in and unmapped again.
  // That made an ingest's partition tasks 1.5x slower (docs/python.md#the-allocator-on-workers).
  // These are the values the sliding rule would have reached.
  m.def(
      "keep_large_blocks_in_heap",
      [] {
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 64 << 20);
      },
      "Sets glibc's mmap and trim thresholds to 32 and 64 MiB for this process (each Dask task calls it).");
  m.def("manifest_hash", [](const std::string& data) { return report::manifest_hash(data); }, py::arg("data"),
        "The hash of the dataset's manifest.json (provenance.json records it), or None without one.");
  m.def("backtest_days", [](const jobs::BacktestRequest& request) { return day_list(jobs::backtest_days(request)); },
        py::arg("request"), "[(date, underlying)]: the days a backtest runs, in the order it merges them.");
  m.def(
      "sweep_days",
      [](const jobs::SweepRequest& request) {
        return py::make_tuple(day_list(jobs::sweep_days(request)), jobs::plan_sweep(request).plan.variants.size());
      },
      py::arg("request"), "([(date, underlying)], variants): the days a sweep runs, in the order it merges them.");
  m.def(
      "backtest_part",
      [](jobs::BacktestRequest request, const std::string& date, const std::string& underlying) {
        const market::DayKey day = day_key(date, underlying);
        std::string bytes;
        {
          const py::gil_scoped_release release;
          bytes = jobs::backtest_part(request, day);
        }
        return py::bytes(bytes);
      },
      py::arg("request"), py::arg("date"), py::arg("underlying"), "One day's records, encoded (one thread).");
  m.def(
      "sweep_part",
      [](jobs::SweepRequest request, const std::string& date, const std::string& underlying, std::size_t first,
         std::size_t count) {
        const market::DayKey day = day_key(date, underlying);
        std::string bytes;
        {
          const py::gil_scoped_release release;
          bytes = jobs::sweep_part(request, day, first, count);
        }
        return py::bytes(bytes);
      },
      py::arg("request"), py::arg("date"), py::arg("underlying"), py::arg("first"), py::arg("count"),
      "One day's records of the variants [first, first + count), encoded (one thread).");
  def_merge(m, "merge_backtest", &jobs::merge_backtest,
            "The backtest from every day's part, in backtest_days' order: what a local run gives.");
  def_merge(m, "merge_sweep", &jobs::merge_sweep,
            "The sweep from every part (each day's chunks in variant order, day after day).");
}

}  // namespace tapelab::python
