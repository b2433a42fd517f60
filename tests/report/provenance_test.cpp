// provenance.json: the version, the dataset manifest's hash as the run found
// it (a changed dataset gives another hash), and the resolved configuration.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "dataset/manifest.h"
#include "report/provenance.h"
#include "support/temp_dir.h"
#include "util/file.h"
#include "util/version.h"

namespace tapelab::report {
namespace {

namespace fs = std::filesystem;
using tapelab::testing::TempDir;

TEST(Provenance, TheManifestHashFollowsTheDatasetAndIsAbsentWithoutAManifest) {
  TempDir dir("tapelab-provenance");
  EXPECT_FALSE(manifest_hash(dir.path()).has_value());
  write_file_atomically(dir.path() / "manifest.json", "{\"partitions\": []}\n");
  const std::optional<std::string> before = manifest_hash(dir.path());
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(*before, dataset::hash_file(dir.path() / "manifest.json"));
  EXPECT_EQ(before->rfind("xxh3-128:", 0), 0u);
  write_file_atomically(dir.path() / "manifest.json", "{\"partitions\": [1]}\n");
  EXPECT_NE(manifest_hash(dir.path()), before);
}

TEST(Provenance, TheFileHoldsTheVersionTheDatasetAndTheConfiguration) {
  RunConfiguration c;
  c.command = "dataset greeks";
  c.days.from = domain::Date::from_ymd(2025, 11, 17);
  c.days.underlyings = {"NIFTY"};
  c.greeks = engine::GreeksConfig{};
  c.options = {{"flag", "value"}};
  const std::string expected = std::string(R"({
  "tapelab_version": ")") + kVersion + R"(",
  "dataset": {
    "path": "data/set",
    "manifest_hash": "xxh3-128:00"
  },
  "configuration": {
    "command": "dataset greeks",
    "days": {
      "from": "2025-11-17",
      "to": null,
      "underlyings": [
        "NIFTY"
      ]
    },
    "strategies": [],
    "greeks": {
      "model": "black76",
      "forward": "parity",
      "time_basis": "calendar",
      "rate": 0.0,
      "dividend": 0.0
    },
    "options": {
      "flag": "value"
    },
    "documents": []
  }
}
)";
  EXPECT_EQ(provenance_json("data/set", "xxh3-128:00", c), expected);
  EXPECT_NE(provenance_json("data/set", std::nullopt, c).find("\"manifest_hash\": null"), std::string::npos);
}

}  // namespace
}  // namespace tapelab::report
