#include "truth/table_writer.h"

#include "parquet/writer.h"

namespace tapelab::truth {

void write_table(const Table& table, const std::filesystem::path& path, const std::string& provenance_json) {
  parquet::WriterOptions options;
  options.key_value_metadata.push_back({kProvenanceKey, provenance_json});
  // Per-second tables are sorted by time, events by when they became known.
  const int sorted_by = table.schema.find("time") >= 0 ? table.schema.find("time") : table.schema.find("known_at");
  options.sorting_columns.push_back({sorted_by, false, false});
  for (const char* repeated : {"underlying", "dte_bucket", "opt_type", "kind", "regime"}) {
    if (table.schema.find(repeated) >= 0) options.columns[repeated].encoding = parquet::Encoding::RLE_DICTIONARY;
  }
  parquet::FileWriter writer(path, table.schema, options);
  writer.write(table.columns);
  writer.close();
}

}  // namespace tapelab::truth
