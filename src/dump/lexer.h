// Tokens of SQL statement heads (CREATE TABLE, USE, the part of an INSERT
// before VALUES). Row values never go through here: they have their own
// tighter loop in the reader.
//
// Comments are skipped. Version comments (/*!40101 ... */, /*M!100100 ... */)
// are the way mysqldump writes statements that newer servers should run, so
// their markers are skipped and their content is read as code. A statement
// head may be cut by the end of the reader's buffer: the lexer then says
// truncated() instead of guessing, and the reader retries with more bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tapelab::dump {

enum class TokenKind : unsigned char {
  kEnd,
  kWord,         // bare keyword or identifier, or a number
  kQuotedName,   // `name` (text is unescaped into the token's name)
  kString,       // 'text' or "text" (text is the raw body)
  kPunct,        // one character: ( ) , ; = . and the rest
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;  // raw text; for kQuotedName without the back-quotes
  std::size_t offset = 0;  // of the token's first byte in the lexer's input
  std::string name;        // kQuotedName: the name with `` unescaped; kWord: the word

  bool is_word(std::string_view keyword) const;  // case-insensitive keyword test
  bool is_punct(char c) const { return kind == TokenKind::kPunct && text.size() == 1 && text[0] == c; }
  bool is_name() const { return kind == TokenKind::kQuotedName || kind == TokenKind::kWord; }
};

class Lexer {
 public:
  // at_eof: the input is all there is; otherwise a token touching the end of
  // the input makes the lexer truncated().
  Lexer(std::string_view input, bool at_eof) : input_(input), at_eof_(at_eof) {}

  Token next();
  Token peek();
  std::size_t offset() const { return pos_; }
  std::string_view input() const { return input_; }
  void seek(std::size_t pos) { pos_ = pos; }
  bool truncated() const { return truncated_; }

  // Skips whitespace and comments from pos and returns the new position. A
  // comment cut by the end of a non-final input sets truncated() and returns
  // where that comment began; at the final end it is simply skipped.
  std::size_t skip_trivia(std::size_t pos);

 private:
  std::string_view input_;
  bool at_eof_;
  std::size_t pos_ = 0;
  bool truncated_ = false;
};

bool equals_ignore_case(std::string_view a, std::string_view b);

// A short, printable excerpt of the input from p, for error messages.
std::string excerpt(const char* p, const char* end);

// True for the bytes that may start or continue a bare identifier / keyword /
// number: ASCII letters, digits, '_', '$' and every non-ASCII byte (MySQL
// allows UTF-8 identifiers).
inline bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         c >= 0x80;
}

// SQL whitespace between tokens.
constexpr bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }

// The bytes of a number literal after its first ("-12.5e+3"): a value's
// number token runs while they last.
constexpr bool is_number_byte(char c) {
  return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

}  // namespace tapelab::dump
