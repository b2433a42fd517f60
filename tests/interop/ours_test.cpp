// Our files, read by DuckDB, Polars and parquet-wasm (arrow-rs).
//
// The C++ side writes the whole matrix (interop/matrix.h) plus a manifest of
// every value; one Node process (tools/interop/check.mjs) reads every file
// with the three readers and compares every value, null, type and
// nullability, and probes our statistics through DuckDB's row-group skipping.
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "interop/canon.h"
#include "interop/matrix.h"
#include "interop/node.h"
#include "parquet/reader.h"
#include "parquet/writer.h"
#include "util/file.h"

namespace tapelab::interop {
namespace {

namespace fs = std::filesystem;
using parquet::Codec;
using parquet::Encoding;
using parquet::FileReader;
using parquet::PageType;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(TAPELAB_INTEROP_OUT) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Every row of every column, as our reader returns it.
std::vector<parquet::ColumnData> read_all(const FileReader& reader) {
  std::vector<parquet::ColumnData> columns;
  for (const auto& c : reader.schema().columns) columns.emplace_back(c.type);
  for (auto& batch : reader.read({})) {
    for (std::size_t k = 0; k < columns.size(); ++k) columns[k].append(batch.columns[k]);
  }
  return columns;
}

TEST(OurFiles, AreReadIdenticallyByDuckDBPolarsAndArrowRs) {
  const std::string problem = node_problem();
  ASSERT_TRUE(problem.empty()) << problem;
  const fs::path dir = fresh_dir("ours");
  nlohmann::json manifest = {{"files", nlohmann::json::array()}};
  for (const TestFile& f : interop_matrix()) {
    const fs::path path = dir / (f.name + ".parquet");
    write_test_file(f, path.string());
    nlohmann::json entry = {{"path", path.filename().string()},
                            {"rows", f.columns.empty() ? 0 : f.columns[0].size()},
                            {"probe_statistics", f.probe_statistics},
                            {"columns", nlohmann::json::array()}};
    for (std::size_t k = 0; k < f.columns.size(); ++k) {
      entry["columns"].push_back(manifest_column(f.schema.columns[k], f.columns[k]));
    }
    // Our own reader must agree with the manifest too; a failure here is
    // reported and the other readers still get the file.
    try {
      const FileReader reader(path);
      const auto ours = read_all(reader);
      ASSERT_EQ(ours.size(), f.columns.size()) << f.name;
      for (std::size_t k = 0; k < ours.size(); ++k) {
        for (const auto& d : diff_column(reader.schema().columns[k], ours[k], entry["columns"][k])) {
          ADD_FAILURE() << f.name << " column " << f.schema.columns[k].name << " (our reader): " << d;
        }
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << f.name << " (our reader): " << e.what();
    }
    manifest["files"].push_back(std::move(entry));
  }
  write_file_atomically(dir / "manifest.json", manifest.dump());
  const NodeRun run = run_node_script("check.mjs", {(dir / "manifest.json").string()});
  EXPECT_EQ(run.exit_code, 0) << run.output;
}

// The page headers of a column chunk, walked from its first page.
std::vector<parquet::PageHeader> page_headers(std::string_view file, const parquet::ColumnMetaData& m) {
  std::vector<parquet::PageHeader> pages;
  auto pos = static_cast<std::size_t>(m.dictionary_page_offset.value_or(m.data_page_offset));
  const auto end = pos + static_cast<std::size_t>(m.total_compressed_size);
  while (pos < end) {
    std::size_t consumed = 0;
    pages.push_back(parquet::parse_page_header(file.substr(pos), consumed, "page walk"));
    pos += consumed + static_cast<std::size_t>(pages.back().compressed_page_size);
  }
  return pages;
}

// The matrix is only worth what it covers: check in each file's metadata that
// the writer really used the codec, page version and encodings asked for.
TEST(OurFiles, MatrixCoversEveryEncodingCodecAndPageVersion) {
  std::set<std::pair<std::string, Encoding>> seen;  // physical type, data encoding
  std::set<Codec> codecs;
  std::set<PageType> page_types;
  bool fallback_seen = false;
  for (const TestFile& f : interop_matrix()) {
    std::string bytes;
    {
      parquet::FileWriter writer(&bytes, f.schema, f.options);
      writer.write(f.columns);
      writer.close();
    }
    const FileReader reader(bytes, f.name);
    for (const auto& rg : reader.metadata().row_groups) {
      for (const auto& chunk : rg.columns) {
        const auto& meta = *chunk.meta_data;
        codecs.insert(meta.codec);
        bool has_dictionary = false, has_other = false;
        for (const auto& page : page_headers(bytes, meta)) {
          page_types.insert(page.type);
          std::optional<Encoding> e;
          if (page.data_page_header) e = page.data_page_header->encoding;
          if (page.data_page_header_v2) e = page.data_page_header_v2->encoding;
          if (!e) continue;
          seen.insert({std::string(parquet::to_string(meta.type)), *e});
          (*e == Encoding::RLE_DICTIONARY ? has_dictionary : has_other) = true;
        }
        if (has_dictionary && has_other) fallback_seen = true;
      }
    }
  }
  for (const char* t : {"BOOLEAN", "INT32", "INT64", "FLOAT", "DOUBLE", "BYTE_ARRAY"}) {
    EXPECT_TRUE(seen.count({t, Encoding::PLAIN})) << t << " PLAIN";
    if (std::string_view(t) != "BOOLEAN") {
      EXPECT_TRUE(seen.count({t, Encoding::RLE_DICTIONARY})) << t << " RLE_DICTIONARY";
    }
  }
  EXPECT_TRUE(seen.count({"BOOLEAN", Encoding::RLE}));
  for (const char* t : {"INT32", "INT64"}) EXPECT_TRUE(seen.count({t, Encoding::DELTA_BINARY_PACKED})) << t;
  for (const char* t : {"FLOAT", "DOUBLE"}) EXPECT_TRUE(seen.count({t, Encoding::BYTE_STREAM_SPLIT})) << t;
  EXPECT_EQ(codecs, (std::set<Codec>{Codec::UNCOMPRESSED, Codec::SNAPPY, Codec::GZIP, Codec::BROTLI, Codec::ZSTD,
                                      Codec::LZ4_RAW}));
  EXPECT_TRUE(page_types.count(PageType::DATA_PAGE));
  EXPECT_TRUE(page_types.count(PageType::DATA_PAGE_V2));
  EXPECT_TRUE(page_types.count(PageType::DICTIONARY_PAGE));
  EXPECT_TRUE(fallback_seen) << "no column chunk fell back from dictionary to another encoding";
}

// Same inputs, same bytes: a file written twice (and through both writer
// entry points) is byte-identical.
TEST(OurFiles, AreByteIdenticalAcrossRuns) {
  const fs::path dir = fresh_dir("determinism");
  for (const TestFile& f : interop_matrix()) {
    if (!f.row_groups.empty()) continue;  // write_to_buffer cuts by row_group_rows
    const fs::path path = dir / (f.name + ".parquet");
    write_test_file(f, path.string());
    EXPECT_EQ(read_file(path), parquet::write_to_buffer(f.schema, f.columns, f.options)) << f.name;
  }
}

}  // namespace
}  // namespace tapelab::interop
