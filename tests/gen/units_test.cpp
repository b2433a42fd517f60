// The generator's building blocks: number formatting, statement splitting, gzip pieces.
#include <gtest/gtest.h>

#include <string>

#include "gen/dump_text.h"
#include "gen/gzip.h"
#include "gen/rng.h"
#include "gen/sql_dump.h"
#include "gen/text.h"
#include "util/file.h"

namespace tapelab::gen {
namespace {

TEST(TextBuffer, FormatsMoneyDecimalsAndDatetimes) {
  TextBuffer b;
  b.append_paise(150710);
  b.append(' ');
  b.append_paise(-5);
  b.append(' ');
  b.append_paise(0);
  b.append(' ');
  b.append_fixed(-2.55713962431, 10);
  b.append(' ');
  b.append_fixed(-0.00000000001, 10);
  b.append(' ');
  b.append_fixed(12.5, 0);
  b.append(' ');
  b.append_quoted_datetime(1763460087);  // 2025-11-18 10:01:27 on the wall clock
  b.append(' ');
  b.append_quoted_datetime(20409);
  EXPECT_EQ(b.view(), "1507.10 -0.05 0.00 -2.5571396243 0.0000000000 13 '2025-11-18 10:01:27' '1970-01-01 05:40:09'");
}

TEST(StatementBuilder, SplitsByRowsAndBytes) {
  DumpFormat one_row{StatementStyle::kInsert, 1, 1'000'000};
  TextBuffer b;
  StatementBuilder rows(b, "T", one_row);
  for (int i = 0; i < 3; ++i) {
    rows.begin_row();
    b.append("(1)");
    rows.end_row();
  }
  rows.finish();
  EXPECT_EQ(b.view(), "INSERT INTO `T` VALUES (1);\nINSERT INTO `T` VALUES (1);\nINSERT INTO `T` VALUES (1);\n");

  DumpFormat small{StatementStyle::kReplace, 0, 35};  // closes once 35 bytes are reached
  TextBuffer c;
  StatementBuilder bytes(c, "T", small);
  for (int i = 0; i < 5; ++i) {
    bytes.begin_row();
    c.append("(12345)");
    bytes.end_row();
  }
  bytes.finish();
  EXPECT_EQ(c.view(), "REPLACE INTO `T` VALUES (12345),(12345);\nREPLACE INTO `T` VALUES (12345),(12345);\n"
                     "REPLACE INTO `T` VALUES (12345);\n");
}

TEST(GzipPieces, ConcatenateIntoOneValidMember) {
  const auto path = std::filesystem::temp_directory_path() / ("tapelab-gzip-test-" + std::to_string(getpid()) + ".gz");
  std::string expected;
  {
    GzipFileWriter writer(path);
    Rng rng(5);
    for (int piece = 0; piece < 5; ++piece) {
      std::string text;
      for (int i = 0; i < 20000 * piece; ++i) text += static_cast<char>('a' + rng.below(piece + 1));
      expected += text;
      writer.append(deflate_piece(text, false));
    }
    writer.append(deflate_piece("the end\n", true));
    expected += "the end\n";
    writer.finish();
  }
  EXPECT_EQ(testing::gunzip(path), expected);
  const std::string bytes = read_file(path);
  EXPECT_EQ(bytes.substr(4, 4), std::string(4, '\0')) << "mtime must be 0 for reproducible files";
  std::filesystem::remove(path);
}

TEST(Rng, StreamsAreKeyedNotSequential) {
  Rng a(derive(derive(1, "NIFTY"), 20000)), b(derive(derive(1, "NIFTY"), 20000)), c(derive(derive(1, "NIFTY"), 20001));
  const uint64_t first = a.next();
  EXPECT_EQ(first, b.next());
  EXPECT_NE(first, c.next());
}

}  // namespace
}  // namespace tapelab::gen
