// Parses the rows of an INSERT into values: "(v, v, ...)" at a time, as
// zero-copy Values that point into the input (strings are left escaped;
// Value says how to read them).
//
// Like the statement scanner, the parser looks only at the bytes it is given
// and says when a row runs past them; the caller makes the row whole and
// parses it again. A row it cannot read is an error with a place and reason,
// and skip() steps over it so the rows after it can still be read.
#pragma once

#include <string>
#include <vector>

#include "dump/value.h"

namespace tapelab::dump {

class TupleParser {
 public:
  enum class Status { kOk, kNeedMore, kError };

  // Parses the row at `row` (which points at '(') in [row, end), appending
  // its values to `out`. kOk: `row` moves past the row's ')'. kNeedMore: the
  // row runs past `end` (error_at() is where an open string began, or
  // nullptr). kError: error_at() and error() say what is wrong. `eof`: `end`
  // is the end of the input.
  Status parse(const char*& row, const char* end, bool eof, std::vector<Value>& out);

  // Marks the row as bad for a reason of the caller's (a wrong width, say).
  Status reject(const char* at, std::string reason);

  const char* error_at() const { return error_at_; }
  // The reason of the last kError; taking it leaves it empty.
  std::string take_error() { return std::move(error_); }

  // Steps over a bad row at p: to its closing ')' at depth 0, honouring
  // quotes, or to `delimiter` at depth 0 when the statement ends inside the
  // row. Returns the byte after the row (or the delimiter), or nullptr when
  // [p, end) ends first.
  static const char* skip(const char* p, const char* end, char delimiter);

 private:
  // Reads a quoted string at p; false when [p, end) ends before it does.
  static bool read_string(const char*& p, const char* end, bool eof, Value& value);

  const char* error_at_ = nullptr;
  std::string error_;
};

}  // namespace tapelab::dump
