// Finds where the statements of a dump begin and end without parsing them:
// the gap of whitespace and comments before a statement, and the delimiter
// that ends it, outside quotes and comments.
//
// The scanner looks only at the bytes it is given. When they end before it
// can tell, it says so and where it stopped; the caller makes more input
// available and calls again from there (a delimiter search remembers whether
// it stopped inside a quote or comment). So a statement cut anywhere by a
// chunk boundary is found exactly as if it were whole.
//
//   StatementScanner scanner;
//   scanner.start_search();
//   StatementScanner::Search found = scanner.search(p, end, /*eof=*/true);
//   // found.delimiter: found.at is the delimiter's first byte
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <utility>

namespace tapelab::dump {

class StatementScanner {
 public:
  // The statement delimiter, ";" until a DELIMITER command changes it.
  const std::string& delimiter() const { return delimiter_; }
  void set_delimiter(std::string delimiter) { delimiter_ = std::move(delimiter); }

  bool starts_with_delimiter(const char* p, const char* end) const {
    return static_cast<std::size_t>(end - p) >= delimiter_.size() &&
           std::memcmp(p, delimiter_.data(), delimiter_.size()) == 0;
  }

  // Whitespace and comments from p. `truncated`: a comment runs into the end
  // of a non-final input, and next is where it began.
  struct Gap {
    const char* next;
    bool truncated;
  };
  Gap skip_gap(const char* p, const char* end, bool eof) const;

  // Starts looking for the delimiter, from code (outside quotes and comments).
  void start_search() { mode_ = kCode; }
  // Goes on looking for the delimiter in [p, end). `delimiter`: `at` is its
  // first byte. Otherwise the bytes ran out: at the end of the input
  // (`eof`) the statement is unterminated (see unterminated()); else call
  // again with more input from `at` on.
  struct Search {
    const char* at;
    bool delimiter;
  };
  Search search(const char* p, const char* end, bool eof);
  // Why a statement whose search ran out at the end of the input is cut.
  const char* unterminated() const;

 private:
  enum Mode : unsigned char { kCode, kSingle, kDouble, kBackQuote, kLineComment, kBlockComment };

  // Where a search is: one step per mode below moves p over what that mode
  // covers and changes the mode where it ends; need_more when the bytes end
  // before it can tell, found when p is at the delimiter.
  struct Cursor {
    const char* p;
    Mode mode;
    bool need_more;
    bool found;
  };
  void code(Cursor& c, const char* end, bool eof) const;
  static void slash(Cursor& c, const char* end, bool eof);  // at a '/' in code
  static void quoted(Cursor& c, const char* end, bool eof);
  static void line_comment(Cursor& c, const char* end);
  static void block_comment(Cursor& c, const char* end, bool eof);

  std::string delimiter_ = ";";
  Mode mode_ = kCode;
};

}  // namespace tapelab::dump
