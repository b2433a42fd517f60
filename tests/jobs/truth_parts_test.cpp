// A truth build split into day parts (built in any order, encoded, staged by
// the planning job) publishes the folder a local build writes, byte for byte;
// damaged or misplaced parts are errors and publish nothing.
#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "jobs/truth_parts.h"
#include "support/generated_dataset.h"
#include "support/temp_dir.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::jobs {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using tapelab::testing::TempDir;

TruthBuildRequest request_for(const fs::path& out) {
  TruthBuildRequest request;
  request.dataset = tapelab::testing::generated_dataset().string();
  request.out = out.string();
  request.underlyings = {"NIFTY"};
  request.threads = 1;
  return request;
}

// Every file under `root` (relative path -> bytes), the lock and staging left out.
std::map<std::string, std::string> files_of(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
    const std::string relative = fs::relative(e.path(), root).generic_string();
    if (e.is_regular_file() && relative != ".lock") files[relative] = read_file(e.path());
  }
  return files;
}

// The part with one byte of its first file flipped.
std::string damaged(const std::string& part) {
  nlohmann::json json = nlohmann::json::from_cbor(part);
  auto& bytes = json.at("files").begin()->get_binary();
  bytes[bytes.size() / 2] ^= 0x5a;
  const std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(json);
  return {cbor.begin(), cbor.end()};
}

TEST(TruthParts, DaysBuiltInAnyOrderPublishTheLocalBuildByteForByte) {
  TempDir dir("tapelab-truth-parts");
  const std::string local_text = build_report_text(build_truth(request_for(dir / "local")), (dir / "local").string());
  TruthBuildJob job(request_for(dir / "parts"));
  ASSERT_EQ(job.tasks().size(), 2U);  // NIFTY's two days
  for (std::size_t i = job.tasks().size(); i-- > 0;) job.add_part(i, truth_day_part(job.tasks()[i].encoded));
  const std::string text = job.finish();
  std::string expected = local_text;
  expected.replace(expected.rfind((dir / "local").string()), (dir / "local").string().size(), (dir / "parts").string());
  EXPECT_EQ(text, expected);
  const auto local = files_of(dir / "local");
  EXPECT_TRUE(local.count("manifest.json") && local.count("provenance.json") && local.size() == 10) << local.size();
  EXPECT_TRUE(files_of(dir / "parts") == local);
  EXPECT_THAT(TruthBuildJob(request_for(dir / "parts")).finish(), HasSubstr("0 days built, 2 unchanged"));
}

TEST(TruthParts, DamagedMisplacedOrMissingPartsPublishNothing) {
  TempDir dir("tapelab-truth-parts-bad");
  TruthBuildJob job(request_for(dir / "truth"));
  const std::string first = truth_day_part(job.tasks()[0].encoded);
  try {
    job.add_part(0, damaged(first));
    ADD_FAILURE() << "a damaged file was staged";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("does not match its hash"));
  }
  try {
    job.add_part(1, first);
    ADD_FAILURE() << "a part was staged as another day's";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("given for task 1"));
  }
  EXPECT_THROW(job.add_part(0, "not a part"), Error);
  job.add_part(0, first);
  try {
    job.finish();
    ADD_FAILURE() << "published without a day";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("was never built"));
  }
  EXPECT_FALSE(fs::exists(dir / "truth" / "manifest.json"));
}

TEST(TruthParts, TheJobHoldsTheTruthFolderUntilClosed) {
  TempDir dir("tapelab-truth-parts-lock");
  TruthBuildJob job(request_for(dir / "truth"));
  try {
    build_truth(request_for(dir / "truth"));
    ADD_FAILURE() << "a second writer got the lock";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("another tapelab process is writing"));
  }
  job.close();
  EXPECT_THROW(job.finish(), Error);
  EXPECT_EQ(TruthBuildJob(request_for(dir / "truth")).tasks().size(), 2U);  // the lock is free again
}

}  // namespace
}  // namespace tapelab::jobs
