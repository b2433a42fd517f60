#include "dump/reader.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "dump/chunk_stream.h"
#include "dump/decoder.h"
#include "dump/lexer.h"
#include "dump/record_plan.h"
#include "util/error.h"

namespace tapelab::dump {

std::string Position::to_string() const { return fmt::format("{}:{} (byte {})", file, line, offset); }

std::string Problem::to_string() const { return fmt::format("{}:{} (byte {}): {}", file, line, offset, reason); }

std::string_view to_string(StatementKind kind) {
  switch (kind) {
    case StatementKind::kInsert: return "INSERT";
    case StatementKind::kInsertIgnore: return "INSERT IGNORE";
    case StatementKind::kReplace: return "REPLACE";
  }
  return "?";
}

namespace {

// Bytes the statement scanner must look at in code (outside quotes and
// comments); everything else is stepped over in a tight loop.
constexpr std::array<bool, 256> make_code_special() {
  std::array<bool, 256> table{};
  for (unsigned char c : {'\'', '"', '`', '#', '-', '/'}) table[c] = true;
  return table;
}
constexpr std::array<bool, 256> kCodeSpecial = make_code_special();

constexpr std::array<bool, 256> make_number_bytes() {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[static_cast<std::size_t>(c)] = is_number_byte(static_cast<char>(c));
  return table;
}
constexpr std::array<bool, 256> kNumberByte = make_number_bytes();

// The end of the run of number bytes from p. Numbers are most of a dump's
// bytes and their lengths vary, so a byte loop mispredicts its exit on every
// value; 16 bytes are classified at once where SSE2 is there.
const char* skip_number_bytes(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i offset = _mm_sub_epi8(v, zero);
    const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(offset, nine), offset);  // unsigned offset <= 9
    const __m128i sign_or_point = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))),
        _mm_cmpeq_epi8(v, _mm_set1_epi8('+')));
    const __m128i exponent = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('e')), _mm_cmpeq_epi8(v, _mm_set1_epi8('E')));
    const unsigned other =
        ~static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(digit, _mm_or_si128(sign_or_point, exponent)))) & 0xFFFFU;
    if (other != 0) return p + std::countr_zero(other);
    p += 16;
  }
#endif
  while (p < end && kNumberByte[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

inline bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::uint64_t count_newlines(const char* begin, const char* end) {
  std::uint64_t count = 0;
  while (begin < end) {
    const void* hit = std::memchr(begin, '\n', static_cast<std::size_t>(end - begin));
    if (hit == nullptr) break;
    ++count;
    begin = static_cast<const char*>(hit) + 1;
  }
  return count;
}

// A short, printable excerpt of input for error messages.
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

// Statements the reader steps over: they carry nothing a reader of rows needs.
bool is_ignored_statement(const Token& word) {
  static constexpr std::string_view kWords[] = {
      "SET",     "DROP",     "LOCK",     "UNLOCK",  "ALTER",    "COMMIT",   "START",   "BEGIN",    "ROLLBACK",
      "FLUSH",   "TRUNCATE", "DELETE",   "UPDATE",  "SELECT",   "GRANT",    "REVOKE",  "ANALYZE",  "OPTIMIZE",
      "CHECK",   "SAVEPOINT", "RELEASE", "XA",      "DO",       "PREPARE",  "EXECUTE", "DEALLOCATE", "CALL",
      "RENAME",  "SHOW",     "CHANGE",   "RESET",   "INSTALL",  "UNINSTALL"};
  for (std::string_view keyword : kWords) {
    if (word.is_word(keyword)) return true;
  }
  return false;
}

// An error inside one statement or row, at an absolute uncompressed offset.
struct StatementError {
  std::uint64_t offset;
  std::string reason;
};

// The file ended inside a statement: nothing more can be read.
struct EndOfInput {
  std::uint64_t offset;
  std::string reason;
};

struct TableEntry {
  TableSchema schema;
  TableAction action = TableAction::kRead;
  ColumnLayout layout;       // from CREATE TABLE
  std::string list_text;     // last explicit column list seen, as written
  ColumnLayout list_layout;  // and its layout
};

struct InsertHead {
  StatementKind kind = StatementKind::kInsert;
  std::string database;
  std::string table;
  bool has_list = false;
  std::vector<std::string> columns;
  std::string_view list_text;
  std::size_t values_end = 0;  // offset just past VALUES, relative to the statement
};

}  // namespace

class DumpReader::Parser {
 public:
  Parser(DumpReader& owner, DumpHandler& handler)
      : owner_(owner),
        handler_(handler),
        options_(owner.options_),
        stream_(open_decoder(owner.path_), owner.options_.chunk_size, owner.options_.background_decode) {
    owner_.file_size_.store(stream_.decoder().file_size(), std::memory_order_relaxed);
  }

  ~Parser() {
    // A reader leaving by an exception still lets the handler finish with
    // the window before it goes; the exception being thrown is the one to report.
    try {
      handler_.drain();
    } catch (...) {  // NOLINT(bugprone-empty-catch)
    }
    stream_.recycle(std::move(current_));
  }

  void run() {
    if (!refill(0)) return;
    const char* p = base_;
    try {
      for (;;) {
        p = skip_gap(p);
        if (p == nullptr) break;
        p = statement(p);
        if (p == nullptr) break;
      }
    } catch (const EndOfInput& end) {
      report(end.offset, end.reason);
    }
    handler_.drain();
    owner_.stats_.bytes = base_offset_ + static_cast<std::uint64_t>(end_ - base_);
    owner_.text_bytes_parsed_.store(owner_.stats_.bytes, std::memory_order_relaxed);
  }

 private:
  // ---- the window: bytes [base_, end_) at uncompressed offset base_offset_ ----

  std::uint64_t offset_of(const char* p) const { return base_offset_ + static_cast<std::uint64_t>(p - base_); }
  const char* at(std::uint64_t offset) const { return base_ + (offset - base_offset_); }

  // Appends the next chunk, keeping the bytes from offset `keep` on; pointers
  // into the window are invalid afterwards (offsets are not). False at the
  // end of the input, with the window unchanged.
  bool refill(std::uint64_t keep) {
    if (eof_) return false;
    handler_.drain();  // batches point into the window that is about to move
    const char* keep_ptr = at(keep);
    const std::size_t tail = static_cast<std::size_t>(end_ - keep_ptr);
    if (line_offset_ < keep) {
      line_number_ += count_newlines(at(line_offset_), keep_ptr);
      line_offset_ = keep;
    }
    Chunk next;
    if (!stream_.next(next)) {
      eof_ = true;
      return false;
    }
    if (tail <= kChunkHeadroom) {
      char* start = next.payload() - tail;
      if (tail > 0) std::memcpy(start, keep_ptr, tail);
      base_ = start;
      end_ = next.payload() + next.size;
      stream_.recycle(std::move(current_));
      current_ = std::move(next);
      spill_.clear();
    } else {
      // Rare: a statement head or row longer than the headroom.
      std::vector<char> joined(tail + next.size);
      std::memcpy(joined.data(), keep_ptr, tail);
      std::memcpy(joined.data() + tail, next.payload(), next.size);
      stream_.recycle(std::move(next));
      stream_.recycle(std::move(current_));
      spill_ = std::move(joined);
      base_ = spill_.data();
      end_ = base_ + spill_.size();
    }
    base_offset_ = keep;
    Progress progress;
    progress.file_bytes_read = stream_.decoder().file_bytes_read();
    progress.file_size = stream_.decoder().file_size();
    progress.text_bytes_parsed = keep;
    owner_.file_bytes_read_.store(progress.file_bytes_read, std::memory_order_relaxed);
    owner_.text_bytes_parsed_.store(keep, std::memory_order_relaxed);
    handler_.on_progress(progress);
    return true;
  }

  Position position_at(std::uint64_t offset) {
    if (offset >= line_offset_) {
      line_number_ += count_newlines(at(line_offset_), at(offset));
    } else {
      line_number_ -= count_newlines(at(offset), at(line_offset_));
    }
    line_offset_ = offset;
    return Position{owner_.file_name_, offset, line_number_};
  }

  // Throws, or records the problem in keep-going mode.
  void report(std::uint64_t offset, const std::string& reason) {
    const Position where = position_at(offset);
    if (!options_.keep_going) fail("{}: {}", where.to_string(), reason);
    owner_.problems_.push_back(Problem{owner_.file_name_, where.offset, where.line, reason});
  }

  // The input ended inside the current statement; names where it began, since
  // the end of the file is rarely where the damage is.
  [[noreturn]] void end_of_input(const char* p, const std::string& reason) {
    throw EndOfInput{offset_of(p), fmt::format("{} (the statement starts at line {}, byte {})", reason,
                                               statement_start_.line, statement_start_.offset)};
  }

  // ---- between statements ----

  // Skips whitespace and comments; the first byte of the next statement, or
  // nullptr at the end of the input.
  const char* skip_gap(const char* p) {
    for (;;) {
      Lexer lexer(std::string_view(p, static_cast<std::size_t>(end_ - p)), eof_);
      const std::size_t skipped = lexer.skip_trivia(0);
      p += skipped;
      if (!lexer.truncated() && p < end_) return p;
      if (!lexer.truncated() && eof_) return nullptr;
      const std::uint64_t resume = offset_of(p);
      if (static_cast<std::size_t>(end_ - p) > options_.max_statement_bytes) {
        throw EndOfInput{resume, "comment longer than the statement limit"};
      }
      if (!refill(resume) && p == end_) return nullptr;
      p = at(resume);
    }
  }

  // Reads one statement starting at p; returns the byte after it, or nullptr
  // when the input ended.
  const char* statement(const char* p) {
    ++owner_.stats_.statements;
    const std::uint64_t start = offset_of(p);
    statement_start_ = position_at(start);
    try {
      for (;;) {
        p = at(start);
        if (starts_with_delimiter(p)) return p + delimiter_.size();  // an empty statement
        if (static_cast<std::size_t>(end_ - p) < delimiter_.size() && !eof_) {
          more_or_end(start, p, "the file ends inside a statement");
          continue;
        }
        Lexer lexer(std::string_view(p, static_cast<std::size_t>(end_ - p)), eof_);
        Token first = lexer.next();
        Token second = first.kind == TokenKind::kWord ? lexer.next() : Token{};
        if (lexer.truncated()) {
          more_or_end(start, p, "the file ends inside a statement");
          continue;
        }
        if (first.is_word("DELIMITER")) return delimiter_command(start);
        if (first.is_word("INSERT") || first.is_word("REPLACE")) return insert(start);
        if (first.is_word("USE")) return use(start);
        if (first.is_word("CREATE")) {
          if (second.is_word("OR")) {  // CREATE OR REPLACE [TEMPORARY] TABLE
            lexer.next();
            second = lexer.next();
          }
          if (second.is_word("TEMPORARY")) second = lexer.next();
          if (lexer.truncated()) {
            more_or_end(start, p, "the file ends inside a statement");
            continue;
          }
          if (second.is_word("TABLE")) return create_table(start);
          return skip_statement(start);
        }
        if (first.kind == TokenKind::kWord && is_ignored_statement(first)) return skip_statement(start);
        throw StatementError{start, fmt::format("not an SQL statement: '{}'", excerpt(p, end_))};
      }
    } catch (const StatementError& error) {
      report(error.offset, error.reason);
      return skip_statement(start);
    }
  }

  // Makes more input available after a truncated look at the statement
  // starting at `start`, or ends the read.
  void more_or_end(std::uint64_t start, const char* p, const char* what) {
    if (static_cast<std::size_t>(end_ - p) > options_.max_statement_bytes) {
      throw StatementError{start, "statement head longer than the statement limit"};
    }
    if (!refill(start)) end_of_input(end_, what);
  }

  bool starts_with_delimiter(const char* p) const {
    return static_cast<std::size_t>(end_ - p) >= delimiter_.size() &&
           std::memcmp(p, delimiter_.data(), delimiter_.size()) == 0;
  }

  // Finds the delimiter ending the statement that began at `start`, scanning
  // from p and honouring quotes and comments. With `retain`, the whole
  // statement stays in the window (to be parsed); otherwise bytes are dropped
  // as they are passed. Returns the delimiter's first byte.
  const char* scan_to_delimiter(const char* p, std::uint64_t start, bool retain) {
    enum Mode { kCode, kSingle, kDouble, kBackQuote, kLineComment, kBlockComment } mode = kCode;
    const char d0 = delimiter_[0];
    const std::size_t dn = delimiter_.size();
    for (;;) {
      const char* const end = end_;
      bool need_more = false;
      while (p < end && !need_more) {
        switch (mode) {
          case kCode: {
            while (p < end && !kCodeSpecial[static_cast<unsigned char>(*p)] && *p != d0) ++p;
            if (p == end) break;
            const char c = *p;
            if (c == d0) {
              if (static_cast<std::size_t>(end - p) < dn) {
                if (eof_) {
                  p = end;
                } else {
                  need_more = true;
                }
                break;
              }
              if (std::memcmp(p, delimiter_.data(), dn) == 0) return p;
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
              if (end - p < 3 && !eof_) {
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
                if (eof_) {
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
              } else if (q + 1 >= end && !eof_) {
                need_more = true;
                break;
              }
              if (version) {
                while (q < end && *q >= '0' && *q <= '9') ++q;
                if (q == end && !eof_) {
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
              if (eof_) {
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
                if (eof_) {
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
      const std::uint64_t resume = offset_of(p);
      if (eof_ || !refill(retain ? start : resume)) {
        const char* why = mode == kSingle || mode == kDouble ? "the file ends inside a quoted string"
                          : mode == kBackQuote               ? "the file ends inside a quoted name"
                          : mode == kBlockComment            ? "the file ends inside a comment"
                                                             : "the file ends before the statement's delimiter";
        end_of_input(end_, why);
      }
      if (retain && static_cast<std::size_t>(end_ - at(start)) > options_.max_statement_bytes) {
        throw StatementError{start, "statement longer than the statement limit"};
      }
      p = at(resume);
    }
  }

  const char* skip_statement(std::uint64_t start) {
    // The start is normally still in the window; if rows of a long statement
    // were already passed, resume from what is left.
    const char* from = start < base_offset_ ? base_ : at(start);
    const char* delimiter = scan_to_delimiter(from, start, false);
    return delimiter + delimiter_.size();
  }

  // The complete text of the statement at start (without its delimiter).
  std::string_view whole_statement(std::uint64_t start, const char** after) {
    const char* delimiter = scan_to_delimiter(at(start), start, true);
    *after = delimiter + delimiter_.size();
    const char* p = at(start);
    return std::string_view(p, static_cast<std::size_t>(delimiter - p));
  }

  // ---- statements the reader understands ----

  // DELIMITER is a client command: the rest of its line is the new delimiter.
  const char* delimiter_command(std::uint64_t start) {
    for (;;) {
      const char* p = at(start);
      const void* eol = std::memchr(p, '\n', static_cast<std::size_t>(end_ - p));
      if (eol != nullptr || eof_) {
        const char* line_end = eol != nullptr ? static_cast<const char*>(eol) : end_;
        std::string_view line(p + 9, static_cast<std::size_t>(line_end - p - 9));
        while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
        while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
        if (line.empty() || line.find_first_of(" \t") != std::string_view::npos) {
          throw StatementError{start, "DELIMITER needs one delimiter word"};
        }
        delimiter_ = std::string(line);
        return eol != nullptr ? line_end + 1 : line_end;
      }
      more_or_end(start, p, "the file ends inside a DELIMITER line");
    }
  }

  const char* use(std::uint64_t start) {
    const char* after = nullptr;
    const std::string_view text = whole_statement(start, &after);
    Lexer lexer(text, true);
    lexer.next();  // USE
    Token name = lexer.next();
    if (!name.is_name()) throw StatementError{start + name.offset, "expected a database name after USE"};
    database_ = name.name;
    return after;
  }

  const char* create_table(std::uint64_t start) {
    const char* after = nullptr;
    const std::string_view text = whole_statement(start, &after);
    TableSchema schema;
    try {
      schema = parse_create_table(text);
    } catch (const SyntaxError& error) {
      throw StatementError{start + error.offset, "bad CREATE TABLE: " + error.message};
    }
    if (schema.database.empty()) schema.database = database_;
    ++owner_.stats_.tables;
    TableEntry& entry = table_entry(schema.database, schema.name);
    handler_.drain();  // a batch still being handled may point at the old schema
    entry.schema = std::move(schema);
    entry.layout = ColumnLayout{};
    for (std::size_t i = 0; i < entry.schema.columns.size(); ++i) {
      entry.layout.names.push_back(entry.schema.columns[i].name);
      entry.layout.schema_index.push_back(static_cast<int>(i));
    }
    entry.layout.id = ++layout_ids_;
    entry.list_text.clear();
    entry.action = handler_.on_table(entry.schema, position_at(start));
    return after;
  }

  TableEntry& table_entry(const std::string& database, const std::string& table) {
    key_.assign(database);
    key_.push_back('\0');
    key_.append(table);
    auto [it, inserted] = tables_.try_emplace(key_);
    if (inserted) it->second = std::make_unique<TableEntry>();
    return *it->second;
  }

  // INSERT [LOW_PRIORITY|DELAYED|HIGH_PRIORITY] [IGNORE] [INTO] name
  // [(columns)] VALUES, and the same with REPLACE. False when the head is cut
  // by the end of the window.
  static bool parse_insert_head(Lexer& lexer, InsertHead& head) {
    Token token = lexer.next();
    head.kind = token.is_word("REPLACE") ? StatementKind::kReplace : StatementKind::kInsert;
    token = lexer.next();
    while (token.is_word("LOW_PRIORITY") || token.is_word("DELAYED") || token.is_word("HIGH_PRIORITY")) {
      token = lexer.next();
    }
    if (token.is_word("IGNORE")) {
      if (head.kind == StatementKind::kInsert) head.kind = StatementKind::kInsertIgnore;
      token = lexer.next();
    }
    if (token.is_word("INTO")) token = lexer.next();
    if (lexer.truncated()) return false;
    if (!token.is_name()) throw SyntaxError{token.offset, "expected a table name"};
    head.table = token.name;
    if (lexer.peek().is_punct('.')) {
      lexer.next();
      Token second = lexer.next();
      if (lexer.truncated()) return false;
      if (!second.is_name()) throw SyntaxError{second.offset, "expected a table name after '.'"};
      head.database = std::move(head.table);
      head.table = second.name;
    }
    token = lexer.next();
    if (token.is_punct('(')) {
      head.has_list = true;
      const std::size_t list_start = lexer.offset();
      for (;;) {
        Token column = lexer.next();
        if (lexer.truncated()) return false;
        if (!column.is_name()) throw SyntaxError{column.offset, "expected a column name"};
        head.columns.push_back(column.name);
        Token separator = lexer.next();
        if (lexer.truncated()) return false;
        if (separator.is_punct(')')) {
          head.list_text = lexer.input().substr(list_start, separator.offset - list_start);
          break;
        }
        if (!separator.is_punct(',')) throw SyntaxError{separator.offset, "expected ',' or ')' in the column list"};
      }
      token = lexer.next();
    }
    if (lexer.truncated()) return false;
    if (!token.is_word("VALUES") && !token.is_word("VALUE")) {
      throw SyntaxError{token.offset, "expected VALUES (INSERT ... SELECT and INSERT ... SET are not dump syntax)"};
    }
    head.values_end = lexer.offset();
    return true;
  }

  const ColumnLayout& layout_for(TableEntry& entry, const InsertHead& head, std::uint64_t start) {
    if (!head.has_list) {
      if (!entry.schema.has_definition()) {
        throw StatementError{start, fmt::format("INSERT into `{}` has no column list and the dump has no CREATE "
                                                "TABLE for it before, so its values cannot be named",
                                                entry.schema.name)};
      }
      return entry.layout;
    }
    if (entry.list_text != head.list_text || entry.list_layout.id == 0) {
      handler_.drain();  // a batch still being handled may point at the old layout
      entry.list_text.assign(head.list_text);
      entry.list_layout = ColumnLayout{};
      entry.list_layout.explicit_list = true;
      entry.list_layout.names = head.columns;
      for (const std::string& name : head.columns) entry.list_layout.schema_index.push_back(entry.schema.find_column(name));
      entry.list_layout.id = ++layout_ids_;
    }
    return entry.list_layout;
  }

  const char* insert(std::uint64_t start) {
    InsertHead head;
    for (;;) {
      head = InsertHead{};
      const char* p = at(start);
      Lexer lexer(std::string_view(p, static_cast<std::size_t>(end_ - p)), eof_);
      bool complete = false;
      try {
        complete = parse_insert_head(lexer, head);
      } catch (const SyntaxError& error) {
        if (!lexer.truncated()) throw StatementError{start + error.offset, "bad INSERT: " + error.message};
      }
      if (complete && !lexer.truncated()) break;
      more_or_end(start, p, "the file ends inside an INSERT statement");
    }
    const std::string& database = head.database.empty() ? database_ : head.database;
    TableEntry& entry = table_entry(database, head.table);
    if (entry.schema.name.empty()) {  // never created: ask the handler about it now
      entry.schema.database = database;
      entry.schema.name = head.table;
      entry.action = handler_.on_table(entry.schema, position_at(start));
    }
    if (entry.action == TableAction::kSkip) {
      ++owner_.stats_.skipped_inserts;
      const char* delimiter = scan_to_delimiter(at(start + head.values_end), start, false);
      return delimiter + delimiter_.size();
    }
    const ColumnLayout& layout = layout_for(entry, head, start);
    if (layout.id != planned_layout_) {
      flush();
      handler_.drain();
      plan_ = handler_.record_plan(entry.schema, layout);
      planned_layout_ = layout.id;
      plan_rows_ = 0;
      plan_misses_ = 0;
    }
    ++owner_.stats_.insert_statements;
    batch_.table = &entry.schema;
    batch_.kind = head.kind;
    batch_.layout = &layout;
    batch_.statement_offset = start;
    return rows(at(start + head.values_end), start, layout.width());
  }

  // ---- rows ----

  enum class TupleStatus { kOk, kNeedMore, kError };

  // Parses "(v, v, ...)" at p (which points at '('), appending the values.
  // kNeedMore: the row is cut by the end of the window (error_at_ tells where
  // an open string began). kError: error_at_ / error_ say what is wrong.
  TupleStatus parse_tuple(const char*& row, std::vector<Value>& out) {
    const char* p = row + 1;
    const char* const end = end_;
    error_at_ = nullptr;
    for (;;) {
      while (p < end && is_space(*p)) ++p;
      if (p == end) return TupleStatus::kNeedMore;
      Value value;
      const char c = *p;
      if (c == '\'' || c == '"') {
        const char* open = p;
        if (!read_string(p, end, value)) {
          error_at_ = open;
          return TupleStatus::kNeedMore;
        }
      } else if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
        if (c == '0' && end - p < 2 && !eof_) return TupleStatus::kNeedMore;
        if (c == '0' && end - p >= 2 && (p[1] == 'x' || p[1] == 'X')) {
          const char* digits = p + 2;
          p = digits;
          while (p < end && is_hex_digit(*p)) ++p;
          value.kind = ValueKind::kHex;
          value.text = std::string_view(digits, static_cast<std::size_t>(p - digits));
        } else {
          const char* begin = p++;
          p = skip_number_bytes(p, end);
          value.kind = ValueKind::kNumber;
          value.text = std::string_view(begin, static_cast<std::size_t>(p - begin));
        }
      } else if (c == 'N' || c == 'n') {
        if (end - p < 5) return TupleStatus::kNeedMore;
        if (!equals_ignore_case(std::string_view(p, 4), "NULL") || is_word_byte(static_cast<unsigned char>(p[4]))) {
          return tuple_error(p, "unexpected word in a row");
        }
        p += 4;
      } else if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && end - p < 2 && !eof_) {
        return TupleStatus::kNeedMore;  // X'..' or b'..' cut after the letter
      } else if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && end - p >= 2 && p[1] == '\'') {
        const char* open = ++p;
        if (!read_string(p, end, value)) {
          error_at_ = open;
          return TupleStatus::kNeedMore;
        }
        const bool hex = c == 'x' || c == 'X';
        value.kind = hex ? ValueKind::kHex : ValueKind::kBits;
        for (char digit : value.text) {
          if (hex ? !is_hex_digit(digit) : digit != '0' && digit != '1') return tuple_error(open, "bad digit in a literal");
        }
      } else if (c == '_') {
        // A character set introducer (_binary 'abc'): the value is the string.
        const char* q = p + 1;
        while (q < end && is_word_byte(static_cast<unsigned char>(*q))) ++q;
        while (q < end && is_space(*q)) ++q;
        if (q == end) return TupleStatus::kNeedMore;
        if (*q != '\'' && *q != '"') return tuple_error(p, "unexpected word in a row");
        p = q;
        continue;
      } else {
        return tuple_error(p, fmt::format("unexpected '{}' in a row", excerpt(p, end)));
      }
      out.push_back(value);
      while (p < end && is_space(*p)) ++p;
      if (p == end) return TupleStatus::kNeedMore;
      if (*p == ',') {
        ++p;
        continue;
      }
      if (*p == ')') {
        row = p + 1;
        return TupleStatus::kOk;
      }
      return tuple_error(p, fmt::format("expected ',' or ')' after a value, found '{}'", excerpt(p, end)));
    }
  }

  // Reads a quoted string at p; false when the window ends before it does.
  bool read_string(const char*& p, const char* end, Value& value) {
    const char quote = *p++;
    const char* body = p;
    bool escaped = false;
    for (;;) {
      while (p < end && *p != quote && *p != '\\') ++p;
      if (p >= end) return false;
      if (*p == '\\') {
        if (end - p < 2) return false;
        escaped = true;
        p += 2;
        continue;
      }
      if (end - p < 2 && !eof_) return false;  // might be a doubled quote
      if (end - p >= 2 && p[1] == quote) {
        escaped = true;
        p += 2;
        continue;
      }
      break;
    }
    value.kind = ValueKind::kString;
    value.text = std::string_view(body, static_cast<std::size_t>(p - body));
    value.escaped = escaped;
    ++p;
    return true;
  }

  TupleStatus tuple_error(const char* p, std::string reason) {
    error_at_ = p;
    error_ = std::move(reason);
    return TupleStatus::kError;
  }

  // Steps over a bad row: to its closing ')' at depth 0, honouring quotes.
  // Returns the byte after it, or nullptr when the window ends first.
  const char* skip_tuple(const char* p) const {
    int depth = 0;
    while (p < end_) {
      const char c = *p;
      if (c == '\'' || c == '"' || c == '`') {
        ++p;
        while (p < end_ && *p != c) p += (*p == '\\' && c != '`') ? 2 : 1;
        if (p >= end_) return nullptr;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')' && --depth == 0) {
        return p + 1;
      } else if (depth == 0 && c == delimiter_[0]) {
        return p;  // the statement ends inside the row
      }
      ++p;
    }
    return nullptr;
  }

  void flush() {
    if (row_offsets_.empty()) return;
    batch_.values = values_;
    batch_.plan = records_used_ > 0 ? records_plan_ : nullptr;
    batch_.records = std::span<const std::byte>(records_.data(), records_used_);
    batch_.row_offsets = row_offsets_;
    handler_.on_rows(batch_);
    owner_.stats_.rows += row_offsets_.size();
    // The handler may still be reading this batch (until its next on_rows
    // returns): the next one fills the other set of buffers.
    std::swap(values_, values_in_handler_);
    std::swap(records_, records_in_handler_);
    std::swap(row_offsets_, row_offsets_in_handler_);
    values_.clear();
    records_used_ = 0;
    row_offsets_.clear();
  }

  // Reads the row at p straight into a record when the handler gave a plan
  // for the layout. The byte after the row, or nullptr when the row is to be
  // read as values (nothing was added then).
  const char* read_record(const char* p) {
    if (plan_ == nullptr) return nullptr;
    if (!values_.empty()) flush();  // a batch holds records or values, not both
    const std::size_t size = plan_->record_size();
    if (records_.size() < records_used_ + size) {
      records_.resize(std::max(records_used_ + size, options_.max_batch_rows * size));
    }
    const std::uint64_t offset = offset_of(p);
    const char* after = record_parser_.parse(p, end_, *plan_, records_.data() + records_used_);
    ++plan_rows_;
    if (after == nullptr) {
      // A table whose rows the plan mostly cannot take (quoted numbers, say)
      // is read as values from here on, rather than parsed twice.
      if (++plan_misses_ >= 64 && plan_misses_ * 4 > plan_rows_) plan_ = nullptr;
      return nullptr;
    }
    if (row_offsets_.empty()) batch_.position = position_at(offset);
    records_plan_ = plan_;
    records_used_ += size;
    row_offsets_.push_back(offset);
    if (row_offsets_.size() >= options_.max_batch_rows) flush();
    return after;
  }

  // Makes more input available while reading rows: reports what is pending,
  // then refills keeping the bytes from p on. Returns the new p.
  const char* more_rows(const char* p, const char* what) {
    flush();
    const std::uint64_t resume = offset_of(p);
    if (static_cast<std::size_t>(end_ - p) > options_.max_row_bytes) {
      throw EndOfInput{resume, "row longer than the row limit"};
    }
    if (!refill(resume)) {
      const bool in_string = error_at_ != nullptr;
      end_of_input(in_string ? error_at_ : p,
                   in_string ? std::string("unterminated string: the file ends inside it") : std::string(what));
    }
    return at(resume);
  }

  // The rows of an INSERT after its VALUES keyword; returns the byte after
  // the statement's delimiter.
  const char* rows(const char* p, std::uint64_t start, std::size_t width) {
    for (;;) {
      // Before a row: '(' after optional trivia.
      for (;;) {
        while (p < end_ && is_space(*p)) ++p;
        if (p < end_ && *p == '(') break;
        if (p == end_) {
          p = more_rows(p, "the file ends inside an INSERT statement");
          continue;
        }
        Lexer lexer(std::string_view(p, static_cast<std::size_t>(end_ - p)), eof_);
        const std::size_t skipped = lexer.skip_trivia(0);
        if (lexer.truncated()) {
          p = more_rows(p + skipped, "the file ends inside an INSERT statement");
          continue;
        }
        if (skipped == 0) {
          report(offset_of(p), fmt::format("expected '(' to start a row, found '{}'", excerpt(p, end_)));
          flush();
          return scan_to_delimiter(p, start, false) + delimiter_.size();
        }
        p += skipped;
      }
      if (const char* record_end = read_record(p)) {
        p = record_end;
      } else {
        if (records_used_ > 0) flush();  // a batch holds records or values, not both
        const std::size_t values_before = values_.size();
        if (row_offsets_.empty()) batch_.position = position_at(offset_of(p));
        const char* row = p;
        TupleStatus status = parse_tuple(p, values_);
        if (status == TupleStatus::kNeedMore) {
          values_.resize(values_before);
          p = more_rows(row, "the file ends inside a row");
          continue;
        }
        if (status == TupleStatus::kOk && values_.size() - values_before != width) {
          status = TupleStatus::kError;
          error_at_ = row;
          error_ = fmt::format("row has {} values but `{}` has {} columns", values_.size() - values_before,
                               batch_.table->name, width);
        }
        if (status == TupleStatus::kError) {
          values_.resize(values_before);
          const std::string reason = std::move(error_);
          const std::uint64_t error_offset = offset_of(error_at_);
          const std::uint64_t row_offset = offset_of(row);
          flush();
          report(error_offset, reason);
          p = at(row_offset);
          const char* after = skip_tuple(p);
          while (after == nullptr) {
            p = more_rows(p, "the file ends inside a row");
            after = skip_tuple(p);
          }
          p = after;
        } else {
          row_offsets_.push_back(offset_of(row));
          if (row_offsets_.size() >= options_.max_batch_rows) flush();
        }
      }
      // After a row: ',' for another, or the delimiter.
      for (;;) {
        while (p < end_ && is_space(*p)) ++p;
        if (p == end_) {
          p = more_rows(p, "the file ends before the INSERT statement's delimiter");
          continue;
        }
        if (*p == ',') {
          ++p;
          break;
        }
        if (static_cast<std::size_t>(end_ - p) < delimiter_.size() && !eof_) {
          p = more_rows(p, "the file ends before the INSERT statement's delimiter");
          continue;
        }
        if (starts_with_delimiter(p)) {
          flush();
          return p + delimiter_.size();
        }
        Lexer lexer(std::string_view(p, static_cast<std::size_t>(end_ - p)), eof_);
        const std::size_t skipped = lexer.skip_trivia(0);
        if (lexer.truncated()) {
          p = more_rows(p + skipped, "the file ends before the INSERT statement's delimiter");
          continue;
        }
        if (skipped > 0) {
          p += skipped;
          continue;
        }
        Token word = lexer.next();
        if (lexer.truncated()) {
          p = more_rows(p, "the file ends before the INSERT statement's delimiter");
          continue;
        }
        flush();
        if (!word.is_word("ON")) {
          report(offset_of(p), fmt::format("expected ',' or '{}' after a row, found '{}'", delimiter_, excerpt(p, end_)));
        }
        // ON DUPLICATE KEY UPDATE ...: the rows are complete; step over the rest.
        return scan_to_delimiter(p, start, false) + delimiter_.size();
      }
    }
  }

  DumpReader& owner_;
  DumpHandler& handler_;
  const ReaderOptions& options_;
  ChunkStream stream_;
  Chunk current_;
  std::vector<char> spill_;
  const char* base_ = nullptr;
  const char* end_ = nullptr;
  std::uint64_t base_offset_ = 0;
  bool eof_ = false;
  std::uint64_t line_offset_ = 0;  // offset whose line number is line_number_
  std::uint64_t line_number_ = 1;
  Position statement_start_;

  std::string delimiter_ = ";";
  std::string database_;
  std::unordered_map<std::string, std::unique_ptr<TableEntry>> tables_;
  std::string key_;
  std::uint64_t layout_ids_ = 0;

  RowBatch batch_;
  std::vector<Value> values_;
  std::vector<std::uint64_t> row_offsets_;
  std::vector<Value> values_in_handler_;
  // Rows read as records with the handler's plan for the current layout.
  std::uint64_t planned_layout_ = 0;  // layout id plan_ was asked for
  const RecordPlan* plan_ = nullptr;
  const RecordPlan* records_plan_ = nullptr;  // of the records in records_
  std::uint64_t plan_rows_ = 0;
  std::uint64_t plan_misses_ = 0;
  RecordParser record_parser_;
  std::vector<std::byte> records_;
  std::size_t records_used_ = 0;  // bytes
  std::vector<std::byte> records_in_handler_;
  std::vector<std::uint64_t> row_offsets_in_handler_;
  const char* error_at_ = nullptr;
  std::string error_;
};

DumpReader::DumpReader(std::filesystem::path path, ReaderOptions options)
    : path_(std::move(path)), file_name_(path_.string()), options_(options) {
  if (options_.chunk_size == 0) options_.chunk_size = 1;
  if (options_.max_batch_rows == 0) options_.max_batch_rows = 1;
}

DumpReader::~DumpReader() = default;

void DumpReader::read(DumpHandler& handler) {
  problems_.clear();
  stats_ = ReadStats{};
  Parser parser(*this, handler);
  parser.run();
}

Progress DumpReader::progress() const {
  Progress progress;
  progress.file_bytes_read = file_bytes_read_.load(std::memory_order_relaxed);
  progress.file_size = file_size_.load(std::memory_order_relaxed);
  progress.text_bytes_parsed = text_bytes_parsed_.load(std::memory_order_relaxed);
  return progress;
}

}  // namespace tapelab::dump
