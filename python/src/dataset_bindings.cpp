// tapelab.Dataset's native functions: what a dataset holds, and a day's
// columns as numpy arrays (day_arrays.h).
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <map>
#include <string>
#include <vector>

#include "bindings.h"
#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "dataset/publisher.h"
#include "day_arrays.h"
#include "util/error.h"

namespace py = pybind11;

namespace tapelab::python {
namespace {

domain::Date parse_date(const std::string& text) {
  if (auto date = domain::Date::parse(text)) return *date;
  fail("'{}' is not a date (YYYY-MM-DD)", text);
}

dataset::TableKind parse_kind(const std::string& text) {
  if (auto kind = dataset::parse_table_kind(text)) return *kind;
  fail("unknown kind '{}' (options, spot or futures)", text);
}

dataset::Manifest published(const std::filesystem::path& root) {
  if (!std::filesystem::is_directory(root)) fail("{}: no such dataset folder", root.string());
  dataset::recover(root);
  return dataset::Manifest::load(root);
}

// [(date, underlying, [kinds])] in date, underlying order.
py::list days(const std::filesystem::path& root) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> kinds;
  for (const dataset::PartitionEntry& p : published(root).partitions) {
    kinds[{p.key.date.to_string(), p.key.underlying}].emplace_back(dataset::to_string(p.key.kind));
  }
  py::list out;
  for (const auto& [day, present] : kinds) out.append(py::make_tuple(day.first, day.second, present));
  return out;
}

py::dict info(const std::filesystem::path& root) {
  const dataset::Manifest manifest = published(root);
  py::dict rows, bytes, partitions;
  for (const dataset::PartitionEntry& p : manifest.partitions) {
    const py::str kind(std::string(dataset::to_string(p.key.kind)));
    rows[kind] = rows.attr("get")(kind, 0).cast<std::int64_t>() + p.rows;
    bytes[kind] = bytes.attr("get")(kind, 0).cast<std::uint64_t>() + p.bytes;
    partitions[kind] = partitions.attr("get")(kind, 0).cast<std::int64_t>() + 1;
  }
  py::dict out;
  out["tapelab_version"] = manifest.tapelab_version;
  out["updated_at"] = manifest.updated_at;
  out["calendar_hash"] = manifest.calendar_hash;
  out["sources"] = manifest.sources.size();
  out["partitions"] = partitions;
  out["rows"] = rows;
  out["bytes"] = bytes;
  return out;
}

// expiries: "nearest", "all" or one expiry date.
ExpirySelection parse_expiries(const std::string& text) {
  if (text == "nearest") return {ExpirySelection::Kind::kNearest, {}};
  if (text == "all") return {ExpirySelection::Kind::kAll, {}};
  return {ExpirySelection::Kind::kOne, parse_date(text)};
}

py::dict day(const std::filesystem::path& root, const std::string& date, const std::string& underlying,
             const std::string& kind, const std::vector<std::string>& columns, const std::string& expiries) {
  return read_day(root, dataset::PartitionKey{parse_kind(kind), parse_date(date), underlying}, columns,
                  parse_expiries(expiries));
}

}  // namespace

void bind_dataset(py::module_& m) {
  m.def("dataset_days", &days, py::arg("root"), "[(date, underlying, [kinds])] of a dataset, in order.");
  m.def("dataset_info", &info, py::arg("root"), "A dataset's manifest in numbers.");
  m.def("dataset_day", &day, py::arg("root"), py::arg("date"), py::arg("underlying"), py::arg("kind"),
        py::arg("columns"), py::arg("expiries"), "A partition's columns as numpy arrays (see day_arrays.h).");
}

}  // namespace tapelab::python
