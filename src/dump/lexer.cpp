#include "dump/lexer.h"

#include <fmt/format.h>

namespace tapelab::dump {

std::string excerpt(const char* p, const char* end) {
  std::string out;
  for (; p < end && out.size() < 24; ++p) {
    const unsigned char c = static_cast<unsigned char>(*p);
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  return out;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]);
    unsigned char y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

bool Token::is_word(std::string_view keyword) const {
  return kind == TokenKind::kWord && equals_ignore_case(text, keyword);
}

std::size_t Lexer::skip_trivia(std::size_t pos) {
  const std::size_t n = input_.size();
  while (pos < n) {
    const std::size_t start = pos;
    // An unfinished comment at the end of the input: report where it began,
    // so the caller keeps those bytes and retries with more.
    auto cut = [&] {
      if (at_eof_) return n;
      truncated_ = true;
      return start;
    };
    const char c = input_[pos];
    if (is_space(c)) {
      ++pos;
    } else if (c == '#') {
      std::size_t eol = input_.find('\n', pos);
      if (eol == std::string_view::npos) return cut();
      pos = eol + 1;
    } else if (c == '-' && pos + 1 < n && input_[pos + 1] == '-') {
      if (pos + 2 == n) return cut();
      const unsigned char after = static_cast<unsigned char>(input_[pos + 2]);
      if (after > ' ') return pos;  // "--5" is minus minus five, not a comment
      std::size_t eol = input_.find('\n', pos);
      if (eol == std::string_view::npos) return cut();
      pos = eol + 1;
    } else if (c == '/' && pos + 1 < n && input_[pos + 1] == '*') {
      std::size_t body = pos + 2;
      if (body + 1 >= n) return cut();
      bool version = false;
      if (input_[body] == '!') {
        version = true;
        ++body;
      } else if (input_[body] == 'M' && input_[body + 1] == '!') {
        version = true;
        body += 2;
      }
      if (version) {
        while (body < n && input_[body] >= '0' && input_[body] <= '9') ++body;
        if (body == n) return cut();
        // "/*M!999999\- enable the sandbox mode */" is a client command, not SQL.
        if (input_[body] != '\\') {
          pos = body;
          continue;
        }
      }
      std::size_t close = input_.find("*/", body);
      if (close == std::string_view::npos) return cut();
      pos = close + 2;
    } else if (c == '*' && pos + 1 < n && input_[pos + 1] == '/') {
      pos += 2;  // the end of a version comment whose content was code
    } else if ((c == '-' || c == '/' || c == '*') && pos + 1 == n && !at_eof_) {
      return cut();  // can't tell a comment from an operator yet
    } else {
      return pos;
    }
  }
  return pos;
}

Token Lexer::next() {
  Token token;
  pos_ = skip_trivia(pos_);
  const std::size_t n = input_.size();
  token.offset = pos_;
  if (pos_ >= n) {
    if (!at_eof_) truncated_ = true;  // the next token is still to come
    token.kind = TokenKind::kEnd;
    return token;
  }
  const char c = input_[pos_];
  if (c == '`') {
    std::size_t p = pos_ + 1;
    for (;;) {
      std::size_t close = input_.find('`', p);
      if (close == std::string_view::npos) {
        truncated_ = !at_eof_;
        token.kind = TokenKind::kEnd;
        pos_ = n;
        return token;
      }
      if (close + 1 < n && input_[close + 1] == '`') {
        token.name.append(input_.substr(p, close + 1 - p));
        p = close + 2;
        continue;
      }
      if (close + 1 == n && !at_eof_) truncated_ = true;  // could be a doubled back-quote
      token.name.append(input_.substr(p, close - p));
      token.kind = TokenKind::kQuotedName;
      token.text = input_.substr(pos_ + 1, close - pos_ - 1);
      pos_ = close + 1;
      return token;
    }
  }
  if (c == '\'' || c == '"') {
    std::size_t p = pos_ + 1;
    while (p < n) {
      if (input_[p] == '\\') {
        p += 2;
      } else if (input_[p] == c) {
        if (p + 1 < n && input_[p + 1] == c) {
          p += 2;
        } else {
          break;
        }
      } else {
        ++p;
      }
    }
    if (p >= n) {  // unterminated
      truncated_ = !at_eof_;
      token.kind = TokenKind::kEnd;
      pos_ = n;
      return token;
    }
    if (p + 1 == n && !at_eof_) truncated_ = true;  // the quote could be the first of a doubled pair
    token.kind = TokenKind::kString;
    token.text = input_.substr(pos_ + 1, p - pos_ - 1);
    pos_ = p + 1;
    return token;
  }
  if (is_word_byte(static_cast<unsigned char>(c))) {
    std::size_t p = pos_;
    while (p < n && is_word_byte(static_cast<unsigned char>(input_[p]))) ++p;
    if (p == n && !at_eof_) truncated_ = true;
    token.kind = TokenKind::kWord;
    token.text = input_.substr(pos_, p - pos_);
    token.name = std::string(token.text);
    pos_ = p;
    return token;
  }
  token.kind = TokenKind::kPunct;
  token.text = input_.substr(pos_, 1);
  ++pos_;
  return token;
}

Token Lexer::peek() {
  const std::size_t saved = pos_;
  const bool saved_truncated = truncated_;
  Token token = next();
  pos_ = saved;
  truncated_ = saved_truncated || truncated_;
  return token;
}

}  // namespace tapelab::dump
