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
  Mode mode = mode_;  // a local: the loop keeps it in a register
  const char d0 = delimiter_[0];
  const std::size_t dn = delimiter_.size();
  bool need_more = false;
  while (p < end && !need_more) {
    switch (mode) {
      case kCode: {
        while (p < end && !kCodeSpecial[static_cast<unsigned char>(*p)] && *p != d0) ++p;
        if (p == end) break;
        const char c = *p;
        if (c == d0) {
          if (static_cast<std::size_t>(end - p) < dn) {
            if (eof) {
              p = end;
            } else {
              need_more = true;
            }
            break;
          }
          if (std::memcmp(p, delimiter_.data(), dn) == 0) {
            mode_ = mode;
            return {p, true};
          }
          if (!kCodeSpecial[static_cast<unsigned char>(c)]) {
            ++p;
            break;
          }
        }
        if (c == '\'' || c == '"' || c == '`') {
          mode = c == '\'' ? kSingle : c == '"' ? kDouble : kBackQuote;
          ++p;
        } else if (c == '#') {
          mode = kLineComment;
          ++p;
        } else if (c == '-') {
          if (end - p < 3 && !eof) {
            need_more = true;
          } else if (end - p >= 2 && p[1] == '-' && (end - p == 2 || static_cast<unsigned char>(p[2]) <= ' ')) {
            mode = kLineComment;
            p += 2;
          } else {
            ++p;
          }
        } else if (c == '/') {
          // "/*!12345" or "/*M!123456" followed by "\" (a client command)
          // is a comment; other version comments hold code.
          const char* q = p + 2;
          if (end - p < 2) {
            if (eof) {
              ++p;
            } else {
              need_more = true;
            }
            break;
          }
          if (p[1] != '*') {
            ++p;
            break;
          }
          bool version = false;
          if (q < end && *q == '!') {
            version = true;
            ++q;
          } else if (q + 1 < end && q[0] == 'M' && q[1] == '!') {
            version = true;
            q += 2;
          } else if (q + 1 >= end && !eof) {
            need_more = true;
            break;
          }
          if (version) {
            while (q < end && *q >= '0' && *q <= '9') ++q;
            if (q == end && !eof) {
              need_more = true;
              break;
            }
            if (q == end || *q != '\\') {
              p = q;
              break;
            }
          }
          mode = kBlockComment;
          p += 2;
        } else {
          ++p;
        }
        break;
      }
      case kSingle:
      case kDouble:
      case kBackQuote: {
        const char quote = mode == kSingle ? '\'' : mode == kDouble ? '"' : '`';
        const bool escapes = mode != kBackQuote;
        while (p < end && *p != quote && !(escapes && *p == '\\')) ++p;
        if (p == end) break;
        if (*p == quote) {
          // A doubled quote closes and reopens: same result, no lookahead.
          mode = kCode;
          ++p;
        } else if (end - p < 2) {
          if (eof) {
            p = end;
          } else {
            need_more = true;
          }
        } else {
          p += 2;
        }
        break;
      }
      case kLineComment: {
        const void* eol = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        if (eol == nullptr) {
          p = end;
        } else {
          p = static_cast<const char*>(eol) + 1;
          mode = kCode;
        }
        break;
      }
      case kBlockComment: {
        const void* star = std::memchr(p, '*', static_cast<std::size_t>(end - p));
        if (star == nullptr) {
          p = end;
        } else {
          p = static_cast<const char*>(star);
          if (end - p < 2) {
            if (eof) {
              p = end;
            } else {
              need_more = true;
            }
          } else if (p[1] == '/') {
            p += 2;
            mode = kCode;
          } else {
            ++p;
          }
        }
        break;
      }
    }
  }
  mode_ = mode;
  return {p, false};
}

const char* StatementScanner::unterminated() const {
  return mode_ == kSingle || mode_ == kDouble ? "the file ends inside a quoted string"
         : mode_ == kBackQuote               ? "the file ends inside a quoted name"
         : mode_ == kBlockComment            ? "the file ends inside a comment"
                                             : "the file ends before the statement's delimiter";
}

}  // namespace tapelab::dump
