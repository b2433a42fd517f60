// The tuple parser on its own: every kind of value a dump's rows hold, a row
// cut at any byte, the errors a bad row gives, and stepping over a bad row.
#include "dump/tuple_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace tapelab::dump {
namespace {

struct Parsed {
  TupleParser::Status status;
  std::vector<Value> values;
  std::size_t consumed = 0;  // bytes up to and with the ')' when kOk
};

Parsed parse(TupleParser& parser, std::string_view text, bool eof = true) {
  Parsed out;
  const char* row = text.data();
  out.status = parser.parse(row, text.data() + text.size(), eof, out.values);
  out.consumed = static_cast<std::size_t>(row - text.data());
  return out;
}

const std::string kRow = "( 1507.10 ,-2.5e-7,'it''s \\'x\\'',\"dq\",NULL,null,0x1F,X'ab',b'101',_binary 'z',+3 )";

TEST(TupleParser, ReadsEveryKindOfValue) {
  TupleParser parser;
  const std::string text = kRow + ",(2)";
  const Parsed row = parse(parser, text);
  ASSERT_EQ(row.status, TupleParser::Status::kOk) << parser.take_error();
  EXPECT_EQ(row.consumed, kRow.size());
  const std::vector<std::pair<ValueKind, std::string_view>> expected = {
      {ValueKind::kNumber, "1507.10"}, {ValueKind::kNumber, "-2.5e-7"}, {ValueKind::kString, "it''s \\'x\\'"},
      {ValueKind::kString, "dq"},      {ValueKind::kNull, ""},          {ValueKind::kNull, ""},
      {ValueKind::kHex, "1F"},         {ValueKind::kHex, "ab"},         {ValueKind::kBits, "101"},
      {ValueKind::kString, "z"},       {ValueKind::kNumber, "+3"}};
  ASSERT_EQ(row.values.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(row.values[i].kind, expected[i].first) << i;
    EXPECT_EQ(row.values[i].text, expected[i].second) << i;
  }
  EXPECT_TRUE(row.values[2].escaped);
  EXPECT_FALSE(row.values[3].escaped);
}

TEST(TupleParser, ARowCutAtAnyByteAsksForMore) {
  TupleParser parser;
  for (std::size_t cut = 1; cut < kRow.size(); ++cut) {
    const Parsed row = parse(parser, std::string_view(kRow).substr(0, cut), false);
    EXPECT_EQ(row.status, TupleParser::Status::kNeedMore) << "cut at " << cut;
    EXPECT_EQ(row.consumed, 0U) << "the row stays where it began";
  }
}

TEST(TupleParser, ACutInsideAStringNamesWhereItOpened) {
  TupleParser parser;
  const std::string_view text = "(1,'abc";
  EXPECT_EQ(parse(parser, text, false).status, TupleParser::Status::kNeedMore);
  EXPECT_EQ(parser.error_at(), text.data() + 3);
  EXPECT_EQ(parse(parser, "(1, 2", false).status, TupleParser::Status::kNeedMore);
  EXPECT_EQ(parser.error_at(), nullptr) << "no string was open";
}

TEST(TupleParser, BadRowsSayWhereAndWhy) {
  TupleParser parser;
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"(1,foo)", "unexpected 'foo)' in a row"},
      {"(1 2)", "expected ',' or ')' after a value, found '2)'"},
      {"(NULLX)", "unexpected word in a row"},
      {"(X'zz')", "bad digit in a literal"},
      {"(b'102')", "bad digit in a literal"},
      {"(_utf8 5)", "unexpected word in a row"},
  };
  for (const auto& [text, reason] : cases) {
    EXPECT_EQ(parse(parser, text).status, TupleParser::Status::kError) << text;
    EXPECT_EQ(parser.take_error(), reason) << text;
    EXPECT_GT(parser.error_at(), text.data());
  }
  const std::string_view row = "(1)";
  EXPECT_EQ(parser.reject(row.data(), "too few values"), TupleParser::Status::kError);
  EXPECT_EQ(parser.error_at(), row.data());
  EXPECT_EQ(parser.take_error(), "too few values");
}

TEST(TupleParser, SkipStepsOverABadRowHonouringQuotes) {
  const std::string_view text = "(1,'a)b',\"c)\",`d)`,(2,3),x),(4)";
  const char* after = TupleParser::skip(text.data(), text.data() + text.size(), ';');
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(std::string_view(after), ",(4)");
  // Outside every parenthesis, the statement's delimiter ends the row.
  const std::string_view cut = "1,2;(3)";
  EXPECT_EQ(TupleParser::skip(cut.data(), cut.data() + cut.size(), ';'), cut.data() + 3);
  // Bytes that end first: nullptr.
  const std::string_view open = "(1,'a)";
  EXPECT_EQ(TupleParser::skip(open.data(), open.data() + open.size(), ';'), nullptr);
}

}  // namespace
}  // namespace tapelab::dump
