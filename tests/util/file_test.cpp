#include "util/file.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "util/error.h"

namespace tapelab {
namespace {

namespace fs = std::filesystem;

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fs::path("tapelab-file-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(FileTest, AtomicFileAppearsOnlyOnCommit) {
  fs::path target = dir_ / "out.txt";
  write_file_atomically(target, "old");
  {
    AtomicFile file(target);
    file.write("new content");
    EXPECT_EQ(read_file(target), "old");
    file.commit();
  }
  EXPECT_EQ(read_file(target), "new content");
}

TEST_F(FileTest, AbandonedAtomicFileLeavesTargetAndNoTemp) {
  fs::path target = dir_ / "out.txt";
  write_file_atomically(target, "old");
  { AtomicFile file(target); file.write("half"); }
  EXPECT_EQ(read_file(target), "old");
  int entries = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(dir_)) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST_F(FileTest, MissingFileNamesThePath) {
  try {
    MappedFile file(dir_ / "nope.bin");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nope.bin"), std::string::npos);
  }
}

TEST_F(FileTest, EmptyFileMapsToEmptyView) {
  write_file_atomically(dir_ / "empty", "");
  MappedFile file(dir_ / "empty");
  EXPECT_EQ(file.size(), 0u);
  EXPECT_TRUE(file.view().empty());
}

}  // namespace
}  // namespace tapelab
