#include "test_util.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tapelab::dump::testing {

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string gzip(const std::string& text, int members) {
  std::string out;
  const std::size_t part = text.size() / static_cast<std::size_t>(members) + 1;
  for (int m = 0; m < members; ++m) {
    const std::size_t begin = std::min(text.size(), part * static_cast<std::size_t>(m));
    const std::size_t end = m + 1 == members ? text.size() : std::min(text.size(), begin + part);
    z_stream zs{};
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("zlib");
    std::string buffer(deflateBound(&zs, end - begin) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data() + begin));
    zs.avail_in = static_cast<uInt>(end - begin);
    zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
    zs.avail_out = static_cast<uInt>(buffer.size());
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("zlib deflate");
    buffer.resize(zs.total_out);
    deflateEnd(&zs);
    out += buffer;
  }
  return out;
}

Cell cell_of(const Value& value) {
  std::string scratch;
  switch (value.kind) {
    case ValueKind::kNull: return std::nullopt;
    case ValueKind::kNumber: return std::string(value.text);
    case ValueKind::kString: return std::string(value.unescaped(scratch));
    case ValueKind::kHex: return "0x" + std::string(value.text);
    case ValueKind::kBits: return "b'" + std::string(value.text) + "'";
  }
  return std::nullopt;
}

TableAction Collector::on_table(const TableSchema& table, const Position& where) {
  Position position = where;
  position.file = {};
  tables.push_back(TableEvent{table, position, std::string(where.file)});
  return std::find(skip.begin(), skip.end(), table.name) != skip.end() ? TableAction::kSkip : TableAction::kRead;
}

void Collector::on_rows(const RowBatch& batch) {
  ++batches;
  for (std::size_t r = 0; r < batch.rows(); ++r) {
    RowEvent event;
    event.table = batch.table->name;
    event.kind = batch.kind;
    event.layout = batch.layout->names;
    event.line = batch.position.line;
    event.row_offset = batch.row_offsets[r];
    const auto row = batch.row(r);
    for (std::size_t c = 0; c < row.size(); ++c) {
      event.values[batch.layout->names[c]] = cell_of(row[c]);
      event.ordered.push_back(cell_of(row[c]));
    }
    rows.push_back(std::move(event));
  }
}

std::vector<const RowEvent*> Collector::rows_of(const std::string& table) const {
  std::vector<const RowEvent*> out;
  for (const RowEvent& row : rows) {
    if (row.table == table) out.push_back(&row);
  }
  return out;
}

Collector read_all(const std::filesystem::path& path, ReaderOptions options, std::vector<std::string> skip) {
  Collector collector;
  collector.skip = std::move(skip);
  DumpReader reader(path, options);
  reader.read(collector);
  return collector;
}

}  // namespace tapelab::dump::testing
