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

// Past a few MiB the file is written back while it is still being written
// (AtomicFile starts writeback in steps): the content and the all-or-nothing
// publication stay the same, for a file published and one abandoned.
TEST_F(FileTest, LargeAtomicFileIsWholeOnCommitAndAbsentWhenAbandoned) {
  std::string block(1 << 20, '\0');
  for (std::size_t i = 0; i < block.size(); ++i) block[i] = static_cast<char>(i * 131 % 251);
  const fs::path target = dir_ / "large.bin";
  {
    AtomicFile file(target);
    for (int i = 0; i < 20; ++i) {
      block[0] = static_cast<char>(i);
      file.write(block);
    }
    EXPECT_EQ(file.bytes_written(), 20U * block.size());
    EXPECT_FALSE(fs::exists(target));
    file.commit();
  }
  const std::string back = read_file(target);
  ASSERT_EQ(back.size(), 20U * block.size());
  for (int i = 0; i < 20; ++i) {
    block[0] = static_cast<char>(i);
    ASSERT_EQ(back.compare(static_cast<std::size_t>(i) * block.size(), block.size(), block), 0) << "block " << i;
  }
  const fs::path abandoned = dir_ / "abandoned.bin";
  {
    AtomicFile file(abandoned);
    for (int i = 0; i < 20; ++i) file.write(block);
  }
  EXPECT_FALSE(fs::exists(abandoned));
  int entries = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(dir_)) ++entries;
  EXPECT_EQ(entries, 1);  // large.bin only: no temporary left behind
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
