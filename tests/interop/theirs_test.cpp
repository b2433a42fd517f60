// Their files, read by us: DuckDB, Polars and arrow-rs write the same table
// with their defaults and with the codecs, encodings, page versions, row group
// sizes and statistics settings they offer (tools/interop/reference.mjs); our
// reader must see the schema they declare and the values they report.
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "interop/canon.h"
#include "interop/node.h"
#include "parquet/reader.h"

namespace tapelab::interop {
namespace {

namespace fs = std::filesystem;

TEST(TheirFiles, AreReadByUsAsTheirWritersReport) {
  const std::string problem = node_problem();
  ASSERT_TRUE(problem.empty()) << problem;
  const fs::path dir = fs::path(TAPELAB_INTEROP_OUT) / "theirs";
  fs::remove_all(dir);
  const NodeRun run = run_node_script("reference.mjs", {dir.string()});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::ifstream in(dir / "manifest.json");
  const auto manifest = nlohmann::json::parse(in);
  std::set<std::string> writers;
  for (const auto& file : manifest.at("files")) {
    const std::string name = file.at("path").get<std::string>();
    writers.insert(file.at("writer").get<std::string>());
    SCOPED_TRACE(name);
    try {
      const parquet::FileReader reader(dir / name);
      const auto& expected = file.at("columns");
      ASSERT_EQ(reader.schema().columns.size(), expected.size());
      EXPECT_EQ(reader.num_rows(), file.at("rows").get<std::int64_t>());
      std::vector<parquet::ColumnData> columns;
      for (const auto& c : reader.schema().columns) columns.emplace_back(c.type);
      for (auto& batch : reader.read({})) {
        for (std::size_t k = 0; k < columns.size(); ++k) columns[k].append(batch.columns[k]);
      }
      for (std::size_t k = 0; k < columns.size(); ++k) {
        const auto& column = reader.schema().columns[k];
        EXPECT_EQ(column.name, expected[k].at("name").get<std::string>());
        for (const auto& d : diff_column(column, columns[k], expected[k])) {
          ADD_FAILURE() << name << " column " << column.name << ": " << d;
        }
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << name << ": " << e.what();
    }
  }
  EXPECT_EQ(writers, (std::set<std::string>{"duckdb", "polars", "arrowrs"}));
  EXPECT_GE(manifest.at("files").size(), 20u);
}

}  // namespace
}  // namespace tapelab::interop
