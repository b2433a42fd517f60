#include "day_arrays.h"

#include <pybind11/numpy.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "dataset/manifest.h"
#include "dataset/publisher.h"
#include "parquet/reader.h"
#include "util/error.h"

namespace py = pybind11;

namespace tapelab::python {
namespace {

using parquet::Column;
using parquet::ColumnData;
using parquet::LogicalType;
using parquet::PhysicalType;

// How a Parquet column lands in numpy.
enum class Target { kFloat64, kFloat32, kDecimal, kInt32, kInt64, kBool, kDate, kTimestamp, kString };

Target target_of(const Column& c) {
  switch (c.type) {
    case PhysicalType::DOUBLE: return Target::kFloat64;
    case PhysicalType::FLOAT: return Target::kFloat32;
    case PhysicalType::BOOLEAN: return Target::kBool;
    case PhysicalType::BYTE_ARRAY: return Target::kString;
    case PhysicalType::INT32:
      if (c.logical.kind == LogicalType::Kind::DATE) return Target::kDate;
      if (c.logical.kind == LogicalType::Kind::DECIMAL) return Target::kDecimal;
      return Target::kInt32;
    case PhysicalType::INT64:
      if (c.logical.kind == LogicalType::Kind::TIMESTAMP) return Target::kTimestamp;
      if (c.logical.kind == LogicalType::Kind::DECIMAL) return Target::kDecimal;
      return Target::kInt64;
    default: fail("column {}: {} columns cannot be read into numpy", c.name, parquet::to_string(c.type));
  }
}

py::dtype dtype_of(const Column& c, Target t) {
  switch (t) {
    case Target::kFloat64:
    case Target::kDecimal: return py::dtype::of<double>();
    case Target::kFloat32: return py::dtype::of<float>();
    case Target::kInt32: return py::dtype::of<std::int32_t>();
    case Target::kInt64: return py::dtype::of<std::int64_t>();
    case Target::kBool: return py::dtype::of<bool>();
    case Target::kDate: return py::dtype("datetime64[D]");
    case Target::kTimestamp: {
      constexpr const char* kUnits[] = {"datetime64[ms]", "datetime64[us]", "datetime64[ns]"};
      return py::dtype(kUnits[static_cast<int>(c.logical.unit)]);
    }
    case Target::kString: return py::dtype("O");
  }
  return py::dtype("O");
}

// One output column: its numpy arrays and raw pointers the workers write
// through (taken with the GIL held, used without it).
struct OutputColumn {
  Column column;
  Target target;
  py::array values;
  py::array mask;                   // empty unless the column is nullable and not floating
  std::byte* values_at = nullptr;
  bool* mask_at = nullptr;
  std::vector<ColumnData> strings;  // per row group, kString only: filled under the GIL later
};

bool floating(Target t) { return t == Target::kFloat64 || t == Target::kFloat32 || t == Target::kDecimal; }

// Copies one row group's values into rows [at, at + n) of the output.
void copy_rows(OutputColumn& out, const ColumnData& in, std::size_t at) {
  const std::size_t n = in.size();
  switch (out.target) {
    case Target::kFloat64: std::memcpy(out.values_at + at * 8, in.f64.data(), n * 8); break;
    case Target::kFloat32: std::memcpy(out.values_at + at * 4, in.f32.data(), n * 4); break;
    case Target::kInt32: std::memcpy(out.values_at + at * 4, in.i32.data(), n * 4); break;
    case Target::kInt64:
    case Target::kTimestamp: std::memcpy(out.values_at + at * 8, in.i64.data(), n * 8); break;
    case Target::kBool: std::memcpy(out.values_at + at, in.bools.data(), n); break;
    case Target::kDate: {
      auto* days = reinterpret_cast<std::int64_t*>(out.values_at) + at;
      for (std::size_t r = 0; r < n; ++r) days[r] = in.i32[r];
      break;
    }
    case Target::kDecimal: {
      auto* v = reinterpret_cast<double*>(out.values_at) + at;
      const double scale = std::pow(10.0, out.column.logical.scale);
      for (std::size_t r = 0; r < n; ++r) v[r] = (in.type == PhysicalType::INT32 ? in.i32[r] : in.i64[r]) / scale;
      break;
    }
    case Target::kString: return;  // kept per row group, converted under the GIL
  }
  if (in.valid.empty()) {
    if (out.mask_at) std::memset(out.mask_at + at, 1, n);
    return;
  }
  if (out.mask_at) std::memcpy(out.mask_at + at, in.valid.data(), n);
  if (!floating(out.target)) return;
  for (std::size_t r = 0; r < n; ++r) {
    if (in.valid[r]) continue;
    if (out.target == Target::kFloat32) {
      reinterpret_cast<float*>(out.values_at)[at + r] = std::numeric_limits<float>::quiet_NaN();
    } else {
      reinterpret_cast<double*>(out.values_at)[at + r] = std::numeric_limits<double>::quiet_NaN();
    }
  }
}

// Strings repeat (a day holds a handful of symbols): one Python str per distinct value.
void fill_strings(OutputColumn& out, const std::vector<std::size_t>& offsets) {
  std::unordered_map<std::string_view, py::object> interned;
  auto* cells = reinterpret_cast<PyObject**>(out.values_at);
  for (std::size_t g = 0; g < out.strings.size(); ++g) {
    const ColumnData& in = out.strings[g];
    for (std::size_t r = 0; r < in.size(); ++r) {
      py::object value = py::none();
      if (in.is_valid(r)) {
        const std::string_view text = in.string_at(r);
        auto [it, added] = interned.try_emplace(text);
        if (added) it->second = py::str(text.data(), text.size());
        value = it->second;
      }
      PyObject*& cell = cells[offsets[g] + r];
      Py_XDECREF(cell);
      cell = value.release().ptr();
    }
  }
}

parquet::Predicate expiry_predicate(const parquet::FileReader& reader, const dataset::PartitionKey& key,
                                    const ExpirySelection& expiries) {
  if (key.kind != dataset::TableKind::kOptions || expiries.kind == ExpirySelection::Kind::kAll) return {};
  std::int64_t expiry = expiries.expiry.days();
  if (expiries.kind == ExpirySelection::Kind::kNearest) {
    // Options partitions are sorted by expiry first (docs/dataset.md#sort-order):
    // the first row holds the nearest one.
    if (reader.num_rows() == 0) return {};
    const std::vector<std::size_t> column = reader.resolve({"expiry"});
    expiry = reader.read_row_group(0, column).columns[0].i32.at(0);
  }
  return parquet::Predicate{{parquet::ColumnRange{"expiry", expiry, expiry}}};
}

// Rows each row group yields under the predicate, and where each starts.
std::vector<std::size_t> row_group_offsets(const parquet::FileReader& reader, const parquet::Predicate& predicate) {
  std::vector<std::size_t> counts(reader.num_row_groups() + 1, 0);
  if (predicate.empty()) {
    for (std::size_t g = 0; g < reader.num_row_groups(); ++g) {
      counts[g] = static_cast<std::size_t>(reader.metadata().row_groups[g].num_rows);
    }
  } else {
    parquet::ReadOptions options;
    options.columns = {predicate.ranges[0].column};
    options.predicate = predicate;
    reader.scan_parallel(options, [&](const parquet::Batch& batch) { counts[batch.row_group] = batch.num_rows(); });
  }
  std::vector<std::size_t> offsets(counts.size(), 0);
  for (std::size_t g = 0; g + 1 < counts.size(); ++g) offsets[g + 1] = offsets[g] + counts[g];
  return offsets;
}

void check_published(const std::filesystem::path& root, const dataset::PartitionKey& key) {
  if (!std::filesystem::is_directory(root)) fail("{}: no such dataset folder", root.string());
  dataset::recover(root);
  const dataset::Manifest manifest = dataset::Manifest::load(root);
  if (!manifest.find(key)) fail("{}: no {} partition for {} {}", root.string(), dataset::to_string(key.kind),
                                key.date.to_string(), key.underlying);
}

}  // namespace

py::dict read_day(const std::filesystem::path& root, const dataset::PartitionKey& key,
                  const std::vector<std::string>& columns, const ExpirySelection& expiries) {
  check_published(root, key);
  const parquet::FileReader reader(dataset::partition_path(root, key));
  parquet::ReadOptions options;
  options.columns = columns;
  if (options.columns.empty()) {
    for (const Column& c : reader.schema().columns) options.columns.push_back(c.name);
  }
  const std::vector<std::size_t> indexes = reader.resolve(options.columns);
  options.predicate = expiry_predicate(reader, key, expiries);
  std::vector<std::size_t> offsets;
  {
    py::gil_scoped_release unlocked;
    offsets = row_group_offsets(reader, options.predicate);
  }
  const auto rows = static_cast<py::ssize_t>(offsets.back());

  std::vector<OutputColumn> out;
  for (std::size_t i : indexes) {
    OutputColumn o{reader.schema().columns[i], Target::kFloat64, {}, {}, nullptr, nullptr, {}};
    o.target = target_of(o.column);
    o.values = py::array(dtype_of(o.column, o.target), std::vector<py::ssize_t>{rows});
    o.values_at = static_cast<std::byte*>(o.values.mutable_data());
    if (o.target == Target::kString) o.strings.resize(reader.num_row_groups());
    if (o.column.nullable && !floating(o.target) && o.target != Target::kString) {
      o.mask = py::array_t<bool>(rows);
      o.mask_at = static_cast<bool*>(o.mask.mutable_data());
    }
    out.push_back(std::move(o));
  }
  {
    py::gil_scoped_release unlocked;
    reader.scan_parallel(options, [&](const parquet::Batch& batch) {
      for (std::size_t c = 0; c < out.size(); ++c) {
        if (out[c].target == Target::kString) {
          out[c].strings[batch.row_group] = batch.columns[c];
        } else {
          copy_rows(out[c], batch.columns[c], offsets[batch.row_group]);
        }
      }
    });
  }
  py::dict values, masks;
  for (OutputColumn& o : out) {
    if (o.target == Target::kString) fill_strings(o, offsets);
    values[py::str(o.column.name)] = o.values;
    if (o.mask_at) masks[py::str(o.column.name)] = o.mask;
  }
  py::dict result;
  result["columns"] = values;
  result["masks"] = masks;
  result["rows"] = rows;
  return result;
}

}  // namespace tapelab::python
