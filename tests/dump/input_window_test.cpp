// The input window on its own: every refill keeps exactly the bytes asked
// for, in order, whether the kept tail fits the chunk headroom or spills, and
// line numbers stay right as bytes are dropped.
#include "dump/input_window.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "test_util.h"

namespace tapelab::dump {
namespace {

using testing::TempDir;

std::string numbered_lines(std::size_t count) {
  std::string text;
  for (std::size_t i = 1; i <= count; ++i) text += "line " + std::to_string(i) + "\n";
  return text;
}

std::string_view held(const InputWindow& window) {
  return std::string_view(window.begin(), static_cast<std::size_t>(window.end() - window.begin()));
}

// Reads the whole file, keeping the bytes from `keep(offset of the end)` at
// each refill, and checks what the window holds against the text.
template <typename Keep>
void walk(const std::filesystem::path& path, const std::string& text, std::size_t chunk_size, bool background,
          Keep keep) {
  InputWindow window(path, chunk_size, background);
  ASSERT_TRUE(window.refill(0));
  std::uint64_t kept = 0;
  for (;;) {
    ASSERT_EQ(window.offset_of(window.begin()), kept);
    ASSERT_EQ(held(window), std::string_view(text).substr(kept, held(window).size()));
    ASSERT_EQ(*window.at(kept), text[kept]);
    const std::uint64_t end = window.offset_of(window.end());
    const std::uint64_t next = keep(end);
    if (!window.refill(next)) break;
    ASSERT_GT(window.offset_of(window.end()), end) << "a refill adds bytes";
    kept = next;
  }
  EXPECT_TRUE(window.eof());
  EXPECT_EQ(window.offset_of(window.end()), text.size());
  EXPECT_EQ(window.offset_of(window.begin()), kept) << "a refill at the end leaves the window as it was";
}

TEST(InputWindow, RefillKeepsTheTailAndAppendsTheNextChunk) {
  TempDir dir;
  const std::string text = numbered_lines(2000);
  testing::write_text(dir / "plain.sql", text);
  testing::write_text(dir / "packed.sql.gz", testing::gzip(text, 3));
  for (const char* name : {"plain.sql", "packed.sql.gz"}) {
    for (const bool background : {false, true}) {
      SCOPED_TRACE(name);
      walk(dir / name, text, 97, background, [](std::uint64_t end) { return end - std::min<std::uint64_t>(end, 13); });
      walk(dir / name, text, 4096, background, [](std::uint64_t end) { return end; });
    }
  }
}

TEST(InputWindow, ATailLongerThanTheHeadroomSpillsAndStaysWhole) {
  TempDir dir;
  const std::string text = numbered_lines(30000);  // about 300 KiB
  ASSERT_GT(text.size(), 3 * kChunkHeadroom);
  testing::write_text(dir / "dump.sql", text);
  walk(dir / "dump.sql", text, 16 << 10, false, [](std::uint64_t) { return 0; });
}

TEST(InputWindow, LinesAreCountedForwardBackwardAndAcrossRefills) {
  TempDir dir;
  const std::string text = numbered_lines(500);
  testing::write_text(dir / "dump.sql", text);
  auto line_of = [&](std::uint64_t offset) {
    const auto newlines = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
    return static_cast<std::uint64_t>(newlines) + 1;
  };
  InputWindow window(dir / "dump.sql", 64, false);
  ASSERT_TRUE(window.refill(0));
  EXPECT_EQ(window.line_at(0), 1U);
  std::uint64_t keep = 0;
  while (window.refill(keep)) {
    const std::uint64_t end = window.offset_of(window.end());
    EXPECT_EQ(window.line_at(end - 1), line_of(end - 1));
    EXPECT_EQ(window.line_at(keep), line_of(keep)) << "backward";
    EXPECT_EQ(window.line_at((keep + end) / 2), line_of((keep + end) / 2));
    keep = end - 10;
  }
  EXPECT_EQ(window.line_at(text.size()), 501U);
}

TEST(InputWindow, AnEmptyFileHasNoChunks) {
  TempDir dir;
  testing::write_text(dir / "empty.sql", "");
  InputWindow window(dir / "empty.sql", 64, true);
  EXPECT_FALSE(window.refill(0));
  EXPECT_TRUE(window.eof());
  EXPECT_EQ(window.begin(), window.end());
}

}  // namespace
}  // namespace tapelab::dump
