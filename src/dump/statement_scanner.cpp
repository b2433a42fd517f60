#include "dump/statement_scanner.h"

#include <array>

#include "dump/lexer.h"

namespace tapelab::dump {

namespace {

// Bytes the delimiter search must look at in code (outside quotes and
// comments); everything else is stepped over in a tight loop.
constexpr std::array<bool, 256> make_code_special() {
  std::array<bool, 256> table{};
  for (unsigned char c : {'\'', '"', '`', '#', '-', '/'}) table[c] = true;
  return table;
}
constexpr std::array<bool, 256> kCodeSpecial = make_code_special();

}  // namespace

StatementScanner::Gap StatementScanner::skip_gap(const char* p, const char* end, bool eof) const {
  Lexer lexer(std::string_view(p, static_cast<std::size_t>(end - p)), eof);
  const std::size_t skipped = lexer.skip_trivia(0);
  return Gap{p + skipped, lexer.truncated()};
}

StatementScanner::Search StatementScanner::search(const char* p, const char* end, bool eof) {
  Cursor c{p, mode_, false, false};  // a local: the loop keeps it in registers
  while (c.p < end && !c.need_more && !c.found) {
    switch (c.mode) {
      case kCode: code(c, end, eof); break;
      case kSingle:
      case kDouble:
      case kBackQuote: quoted(c, end, eof); break;
      case kLineComment: line_comment(c, end); break;
      case kBlockComment: block_comment(c, end, eof); break;
    }
  }
  mode_ = c.mode;
  return {c.p, c.found};
}

inline void StatementScanner::code(Cursor& c, const char* end, bool eof) const {
  const char d0 = delimiter_[0];
  const std::size_t dn = delimiter_.size();
  const char*& p = c.p;
  while (p < end && !kCodeSpecial[static_cast<unsigned char>(*p)] && *p != d0) ++p;
  if (p == end) return;
  const char ch = *p;
  if (ch == d0) {
    if (static_cast<std::size_t>(end - p) < dn) {
      if (eof) {
        p = end;
      } else {
        c.need_more = true;
      }
      return;
    }
    if (std::memcmp(p, delimiter_.data(), dn) == 0) {
      c.found = true;
      return;
    }
    if (!kCodeSpecial[static_cast<unsigned char>(ch)]) {
      ++p;
      return;
    }
  }
  if (ch == '\'' || ch == '"' || ch == '`') {
    c.mode = ch == '\'' ? kSingle : ch == '"' ? kDouble : kBackQuote;
    ++p;
  } else if (ch == '#') {
    c.mode = kLineComment;
    ++p;
  } else if (ch == '-') {
    if (end - p < 3 && !eof) {
      c.need_more = true;
    } else if (end - p >= 2 && p[1] == '-' && (end - p == 2 || static_cast<unsigned char>(p[2]) <= ' ')) {
      c.mode = kLineComment;
      p += 2;
    } else {
      ++p;
    }
  } else if (ch == '/') {
    slash(c, end, eof);
  } else {
    ++p;
  }
}

void StatementScanner::slash(Cursor& c, const char* end, bool eof) {
  // "/*!12345" or "/*M!123456" followed by "\" (a client command) is a
  // comment; other version comments hold code.
  const char*& p = c.p;
  const char* q = p + 2;
  if (end - p < 2) {
    if (eof) {
      ++p;
    } else {
      c.need_more = true;
    }
    return;
  }
  if (p[1] != '*') {
    ++p;
    return;
  }
  bool version = false;
  if (q < end && *q == '!') {
    version = true;
    ++q;
  } else if (q + 1 < end && q[0] == 'M' && q[1] == '!') {
    version = true;
    q += 2;
  } else if (q + 1 >= end && !eof) {
    c.need_more = true;
    return;
  }
  if (version) {
    while (q < end && *q >= '0' && *q <= '9') ++q;
    if (q == end && !eof) {
      c.need_more = true;
      return;
    }
    if (q == end || *q != '\\') {
      p = q;
      return;
    }
  }
  c.mode = kBlockComment;
  p += 2;
}

void StatementScanner::quoted(Cursor& c, const char* end, bool eof) {
  const char quote = c.mode == kSingle ? '\'' : c.mode == kDouble ? '"' : '`';
  const bool escapes = c.mode != kBackQuote;
  const char*& p = c.p;
  while (p < end && *p != quote && !(escapes && *p == '\\')) ++p;
  if (p == end) return;
  if (*p == quote) {
    // A doubled quote closes and reopens: same result, no lookahead.
    c.mode = kCode;
    ++p;
  } else if (end - p < 2) {
    if (eof) {
      p = end;
    } else {
      c.need_more = true;
    }
  } else {
    p += 2;
  }
}

void StatementScanner::line_comment(Cursor& c, const char* end) {
  const void* eol = std::memchr(c.p, '\n', static_cast<std::size_t>(end - c.p));
  if (eol == nullptr) {
    c.p = end;
  } else {
    c.p = static_cast<const char*>(eol) + 1;
    c.mode = kCode;
  }
}

void StatementScanner::block_comment(Cursor& c, const char* end, bool eof) {
  const void* star = std::memchr(c.p, '*', static_cast<std::size_t>(end - c.p));
  if (star == nullptr) {
    c.p = end;
    return;
  }
  c.p = static_cast<const char*>(star);
  if (end - c.p < 2) {
    if (eof) {
      c.p = end;
    } else {
      c.need_more = true;
    }
  } else if (c.p[1] == '/') {
    c.p += 2;
    c.mode = kCode;
  } else {
    ++c.p;
  }
}

const char* StatementScanner::unterminated() const {
  return mode_ == kSingle || mode_ == kDouble ? "the file ends inside a quoted string"
         : mode_ == kBackQuote               ? "the file ends inside a quoted name"
         : mode_ == kBlockComment            ? "the file ends inside a comment"
                                             : "the file ends before the statement's delimiter";
}

}  // namespace tapelab::dump
