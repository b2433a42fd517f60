#include "truth/table_reader.h"

#include "parquet/reader.h"

namespace tapelab::truth {

std::vector<parquet::ColumnData> read_columns(const std::filesystem::path& file,
                                              const std::vector<std::string>& names) {
  parquet::ReadOptions options;
  options.columns = names;
  std::vector<parquet::ColumnData> out(names.size());
  for (const parquet::Batch& batch : parquet::FileReader(file).read(options)) {
    for (std::size_t c = 0; c < names.size(); ++c) {
      if (out[c].size() == 0) out[c] = parquet::ColumnData(batch.columns[c].type);
      out[c].append(batch.columns[c]);
    }
  }
  return out;
}

}  // namespace tapelab::truth
