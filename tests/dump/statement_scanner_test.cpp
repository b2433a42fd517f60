// The statement scanner on its own: where the delimiter is, outside quotes
// and comments, with the text whole or cut at any byte, and what lies in the
// gap between statements.
#include "dump/statement_scanner.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace tapelab::dump {
namespace {

// The delimiter's offset in `text` (eof at its end), or npos when the search
// runs out; the text arrives whole.
std::size_t delimiter_in(StatementScanner& scanner, std::string_view text) {
  scanner.start_search();
  const StatementScanner::Search found = scanner.search(text.data(), text.data() + text.size(), true);
  return found.delimiter ? static_cast<std::size_t>(found.at - text.data()) : std::string_view::npos;
}

// The same, with the text arriving in two parts cut at `cut`: the search
// resumes from where the first part left it.
std::size_t delimiter_in_two_parts(StatementScanner& scanner, std::string_view text, std::size_t cut) {
  scanner.start_search();
  const char* const begin = text.data();
  StatementScanner::Search found = scanner.search(begin, begin + cut, false);
  if (!found.delimiter) {
    EXPECT_LE(found.at, begin + cut);
    found = scanner.search(found.at, begin + text.size(), true);
  }
  return found.delimiter ? static_cast<std::size_t>(found.at - begin) : std::string_view::npos;
}

TEST(StatementScanner, TheDelimiterCountsOnlyOutsideQuotesAndComments) {
  StatementScanner scanner;
  const std::string_view cases[][2] = {
      {"INSERT INTO t VALUES ('a;b',\"c;d\");", "INSERT INTO t VALUES ('a;b',\"c;d\")"},
      {"CREATE TABLE `x;y` (a int);", "CREATE TABLE `x;y` (a int)"},
      {"SELECT 'it''s;', 'back\\';slash';", "SELECT 'it''s;', 'back\\';slash'"},
      {"SET a=1 # hash; comment\n;", "SET a=1 # hash; comment\n"},
      {"SET a=1 -- dash; comment\n;", "SET a=1 -- dash; comment\n"},
      {"SET a=1--2;", "SET a=1--2"},  // "--" then no space: code
      {"SET a=1 /* block; */ ;", "SET a=1 /* block; */ "},
      {"/*!40101 SET a=1 */;", "/*!40101 SET a=1 */"},          // a version comment holds code
      {"/*!40101 SET a=1; */", "/*!40101 SET a=1"},             // even its delimiter
      {"/*M!999999\\- sandbox; */ SET a=1;", "/*M!999999\\- sandbox; */ SET a=1"},  // a client command is a comment
      {"SET a=2/3;", "SET a=2/3"},
  };
  for (const auto& [text, before] : cases) {
    EXPECT_EQ(delimiter_in(scanner, text), before.size()) << text;
  }
}

TEST(StatementScanner, ATextCutAtAnyByteFindsTheSameDelimiter) {
  const std::string text =
      "INSERT INTO `t;1` VALUES ('a;\\'b','c''d;'),(\"e;\")/*!40101 x */ -- c;\n # h;\n/*M!1\\ y; */ /* z; */ 1-1;";
  StatementScanner scanner;
  const std::size_t whole = delimiter_in(scanner, text);
  ASSERT_EQ(whole, text.size() - 1);
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    EXPECT_EQ(delimiter_in_two_parts(scanner, text, cut), whole) << "cut at " << cut;
  }
}

TEST(StatementScanner, ALongerDelimiterIsFoundWhenCutInside) {
  StatementScanner scanner;
  scanner.set_delimiter("$$");
  const std::string text = "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT '$$'; END$$";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    EXPECT_EQ(delimiter_in_two_parts(scanner, text, cut), text.size() - 2) << "cut at " << cut;
  }
  EXPECT_TRUE(scanner.starts_with_delimiter(text.data() + text.size() - 2, text.data() + text.size()));
  EXPECT_FALSE(scanner.starts_with_delimiter(text.data() + text.size() - 1, text.data() + text.size()));
}

TEST(StatementScanner, AnUnterminatedStatementSaysWhatWasLeftOpen) {
  StatementScanner scanner;
  const std::string_view cases[][2] = {
      {"INSERT INTO t VALUES ('abc", "the file ends inside a quoted string"},
      {"INSERT INTO t VALUES (\"abc", "the file ends inside a quoted string"},
      {"CREATE TABLE `abc", "the file ends inside a quoted name"},
      {"SET a=1 /* abc", "the file ends inside a comment"},
      {"SET a=1", "the file ends before the statement's delimiter"},
      {"SET a=1 -- abc", "the file ends before the statement's delimiter"},
  };
  for (const auto& [text, reason] : cases) {
    EXPECT_EQ(delimiter_in(scanner, text), std::string_view::npos) << text;
    EXPECT_EQ(std::string_view(scanner.unterminated()), reason) << text;
  }
}

TEST(StatementScanner, TheGapSkipsWhitespaceAndCommentsToTheNextStatement) {
  StatementScanner scanner;
  const std::string text = "  \n-- note\n# more\n/* block */\t\nINSERT INTO t VALUES (1);";
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const StatementScanner::Gap gap = scanner.skip_gap(begin, end, false);
  EXPECT_FALSE(gap.truncated);
  EXPECT_EQ(std::string_view(gap.next, 6), "INSERT");
  // A version comment holds code: its marker is skipped, its content is the statement.
  const std::string version = "  /*!40101 SET a=1 */;";
  EXPECT_EQ(std::string_view(scanner.skip_gap(version.data(), version.data() + version.size(), false).next, 3), "SET");
  // A comment cut by the end of the bytes: where it began, unless they are all.
  const std::string cut = "  /* unfinished";
  const StatementScanner::Gap more = scanner.skip_gap(cut.data(), cut.data() + cut.size(), false);
  EXPECT_TRUE(more.truncated);
  EXPECT_EQ(more.next, cut.data() + 2);
  const StatementScanner::Gap last = scanner.skip_gap(cut.data(), cut.data() + cut.size(), true);
  EXPECT_FALSE(last.truncated);
  EXPECT_EQ(last.next, cut.data() + cut.size());
}

}  // namespace
}  // namespace tapelab::dump
