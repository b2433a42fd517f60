#include "dump/reader.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "dump/input_window.h"
#include "dump/lexer.h"
#include "dump/record_plan.h"
#include "dump/statement_scanner.h"
#include "dump/tuple_parser.h"
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

// One read of a dump: moves the input window as the statement scanner and
// the tuple parser need more bytes, reads the statement heads it understands,
// and hands rows to the handler in batches (as records when it has a plan).
class DumpReader::Parser {
 public:
  Parser(DumpReader& owner, DumpHandler& handler)
      : owner_(owner),
        handler_(handler),
        options_(owner.options_),
        window_(owner.path_, owner.options_.chunk_size, owner.options_.background_decode) {
    owner_.file_size_.store(window_.file_size(), std::memory_order_relaxed);
  }

  ~Parser() {
    // A reader leaving by an exception still lets the handler finish with
    // the window before it goes; the exception being thrown is the one to report.
    try {
      handler_.drain();
    } catch (...) {  // NOLINT(bugprone-empty-catch)
    }
  }

  void run() {
    if (!refill(0)) return;
    const char* p = window_.begin();
    try {
      for (;;) {
        p = to_next_statement(p);
        if (p == nullptr) break;
        p = statement(p);
        if (p == nullptr) break;
      }
    } catch (const EndOfInput& end) {
      report(end.offset, end.reason);
    }
    handler_.drain();
    owner_.stats_.bytes = offset_of(window_.end());
    owner_.text_bytes_parsed_.store(owner_.stats_.bytes, std::memory_order_relaxed);
  }

 private:
  // ---- the window ----

  std::uint64_t offset_of(const char* p) const { return window_.offset_of(p); }
  const char* at(std::uint64_t offset) const { return window_.at(offset); }

  // Moves the window on, keeping the bytes from offset `keep`; pointers into
  // it are invalid afterwards. False at the end of the input.
  bool refill(std::uint64_t keep) {
    if (window_.eof()) return false;
    handler_.drain();  // batches point into the window that is about to move
    if (!window_.refill(keep)) return false;
    Progress progress;
    progress.file_bytes_read = window_.file_bytes_read();
    progress.file_size = window_.file_size();
    progress.text_bytes_parsed = keep;
    owner_.file_bytes_read_.store(progress.file_bytes_read, std::memory_order_relaxed);
    owner_.text_bytes_parsed_.store(keep, std::memory_order_relaxed);
    handler_.on_progress(progress);
    return true;
  }

  Position position_at(std::uint64_t offset) { return Position{owner_.file_name_, offset, window_.line_at(offset)}; }

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
  const char* to_next_statement(const char* p) {
    for (;;) {
      const StatementScanner::Gap gap = scanner_.skip_gap(p, window_.end(), window_.eof());
      p = gap.next;
      if (!gap.truncated && p < window_.end()) return p;
      if (!gap.truncated && window_.eof()) return nullptr;
      const std::uint64_t resume = offset_of(p);
      if (static_cast<std::size_t>(window_.end() - p) > options_.max_statement_bytes) {
        throw EndOfInput{resume, "comment longer than the statement limit"};
      }
      if (!refill(resume) && p == window_.end()) return nullptr;
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
        if (scanner_.starts_with_delimiter(p, window_.end())) {
          return p + scanner_.delimiter().size();  // an empty statement
        }
        if (static_cast<std::size_t>(window_.end() - p) < scanner_.delimiter().size() && !window_.eof()) {
          more_or_end(start, p, "the file ends inside a statement");
          continue;
        }
        Lexer lexer(std::string_view(p, static_cast<std::size_t>(window_.end() - p)), window_.eof());
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
        throw StatementError{start, fmt::format("not an SQL statement: '{}'", excerpt(p, window_.end()))};
      }
    } catch (const StatementError& error) {
      report(error.offset, error.reason);
      return skip_statement(start);
    }
  }

  // Makes more input available after a truncated look at the statement
  // starting at `start`, or ends the read.
  void more_or_end(std::uint64_t start, const char* p, const char* what) {
    if (static_cast<std::size_t>(window_.end() - p) > options_.max_statement_bytes) {
      throw StatementError{start, "statement head longer than the statement limit"};
    }
    if (!refill(start)) end_of_input(window_.end(), what);
  }

  // Finds the delimiter ending the statement that began at `start`, from p
  // on, moving the window as the scanner needs. With `retain`, the whole
  // statement stays in the window (to be parsed); otherwise bytes are dropped
  // as they are passed. Returns the delimiter's first byte.
  const char* find_delimiter(const char* p, std::uint64_t start, bool retain) {
    scanner_.start_search();
    for (;;) {
      const StatementScanner::Search found = scanner_.search(p, window_.end(), window_.eof());
      if (found.delimiter) return found.at;
      const std::uint64_t resume = offset_of(found.at);
      if (window_.eof() || !refill(retain ? start : resume)) end_of_input(window_.end(), scanner_.unterminated());
      if (retain && static_cast<std::size_t>(window_.end() - at(start)) > options_.max_statement_bytes) {
        throw StatementError{start, "statement longer than the statement limit"};
      }
      p = at(resume);
    }
  }

  const char* skip_statement(std::uint64_t start) {
    // The start is normally still in the window; if rows of a long statement
    // were already passed, resume from what is left.
    const char* from = start < offset_of(window_.begin()) ? window_.begin() : at(start);
    const char* delimiter = find_delimiter(from, start, false);
    return delimiter + scanner_.delimiter().size();
  }

  // The complete text of the statement at start (without its delimiter).
  std::string_view whole_statement(std::uint64_t start, const char** after) {
    const char* delimiter = find_delimiter(at(start), start, true);
    *after = delimiter + scanner_.delimiter().size();
    const char* p = at(start);
    return std::string_view(p, static_cast<std::size_t>(delimiter - p));
  }

  // ---- statements the reader understands ----

  // DELIMITER is a client command: the rest of its line is the new delimiter.
  const char* delimiter_command(std::uint64_t start) {
    for (;;) {
      const char* p = at(start);
      const void* eol = std::memchr(p, '\n', static_cast<std::size_t>(window_.end() - p));
      if (eol != nullptr || window_.eof()) {
        const char* line_end = eol != nullptr ? static_cast<const char*>(eol) : window_.end();
        std::string_view line(p + 9, static_cast<std::size_t>(line_end - p - 9));
        while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
        while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
        if (line.empty() || line.find_first_of(" \t") != std::string_view::npos) {
          throw StatementError{start, "DELIMITER needs one delimiter word"};
        }
        scanner_.set_delimiter(std::string(line));
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
      Lexer lexer(std::string_view(p, static_cast<std::size_t>(window_.end() - p)), window_.eof());
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
      const char* delimiter = find_delimiter(at(start + head.values_end), start, false);
      return delimiter + scanner_.delimiter().size();
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
    const char* after = record_parser_.parse(p, window_.end(), *plan_, records_.data() + records_used_);
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
  // `open_string`: where a string the input ended in began (the tuple
  // parser's word on the row it just read, so it points into this window),
  // or nullptr.
  const char* more_rows(const char* p, const char* what, const char* open_string = nullptr) {
    flush();
    const std::uint64_t resume = offset_of(p);
    if (static_cast<std::size_t>(window_.end() - p) > options_.max_row_bytes) {
      throw EndOfInput{resume, "row longer than the row limit"};
    }
    if (!refill(resume)) {
      end_of_input(open_string != nullptr ? open_string : p,
                   open_string != nullptr ? std::string("unterminated string: the file ends inside it") : std::string(what));
    }
    return at(resume);
  }

  // Where reading an INSERT's rows goes on: at p, or, when `statement_done`,
  // p is the byte after the statement's delimiter.
  struct RowStep {
    const char* p;
    bool statement_done;
  };

  // The rows of an INSERT after its VALUES keyword; returns the byte after
  // the statement's delimiter.
  const char* rows(const char* p, std::uint64_t start, std::size_t width) {
    for (;;) {
      const RowStep before = to_row(p, start);
      if (before.statement_done) return before.p;
      p = read_row(before.p, width);
      const RowStep after = past_row(p, start);
      if (after.statement_done) return after.p;
      p = after.p;
    }
  }

  // Before a row: '(' after optional trivia. Anything else is reported and
  // ends the statement.
  RowStep to_row(const char* p, std::uint64_t start) {
    for (;;) {
      while (p < window_.end() && is_space(*p)) ++p;
      if (p < window_.end() && *p == '(') return {p, false};
      if (p == window_.end()) {
        p = more_rows(p, "the file ends inside an INSERT statement");
        continue;
      }
      const StatementScanner::Gap gap = scanner_.skip_gap(p, window_.end(), window_.eof());
      if (gap.truncated) {
        p = more_rows(gap.next, "the file ends inside an INSERT statement");
        continue;
      }
      if (gap.next == p) {
        report(offset_of(p), fmt::format("expected '(' to start a row, found '{}'", excerpt(p, window_.end())));
        flush();
        return {find_delimiter(p, start, false) + scanner_.delimiter().size(), true};
      }
      p = gap.next;
    }
  }

  // Reads the row whose '(' is at p into the batch, as a record or as
  // values; a bad row is reported and stepped over. Returns the byte after
  // the row.
  const char* read_row(const char* p, std::size_t width) {
    for (;;) {
      if (const char* record_end = read_record(p)) return record_end;
      if (records_used_ > 0) flush();  // a batch holds records or values, not both
      const std::size_t values_before = values_.size();
      if (row_offsets_.empty()) batch_.position = position_at(offset_of(p));
      const char* row = p;
      TupleParser::Status status = tuples_.parse(p, window_.end(), window_.eof(), values_);
      if (status == TupleParser::Status::kNeedMore) {
        values_.resize(values_before);
        p = more_rows(row, "the file ends inside a row", tuples_.error_at());
        continue;  // the whole row again, as a record first
      }
      if (status == TupleParser::Status::kOk && values_.size() - values_before != width) {
        status = tuples_.reject(row, fmt::format("row has {} values but `{}` has {} columns",
                                                 values_.size() - values_before, batch_.table->name, width));
      }
      if (status == TupleParser::Status::kError) {
        values_.resize(values_before);
        return skip_bad_row(row);
      }
      row_offsets_.push_back(offset_of(row));
      if (row_offsets_.size() >= options_.max_batch_rows) flush();
      return p;
    }
  }

  // Reports the row at `row` that the tuple parser rejected, and steps over
  // it; returns the byte after it.
  const char* skip_bad_row(const char* row) {
    const std::string reason = tuples_.take_error();
    const std::uint64_t error_offset = offset_of(tuples_.error_at());
    const std::uint64_t row_offset = offset_of(row);
    flush();
    report(error_offset, reason);
    const char* p = at(row_offset);
    const char* after = TupleParser::skip(p, window_.end(), scanner_.delimiter()[0]);
    while (after == nullptr) {
      p = more_rows(p, "the file ends inside a row");
      after = TupleParser::skip(p, window_.end(), scanner_.delimiter()[0]);
    }
    return after;
  }

  // After a row: ',' for another, or the delimiter. ON DUPLICATE KEY UPDATE
  // (or anything else, which is reported) ends the rows.
  RowStep past_row(const char* p, std::uint64_t start) {
    for (;;) {
      while (p < window_.end() && is_space(*p)) ++p;
      if (p == window_.end()) {
        p = more_rows(p, "the file ends before the INSERT statement's delimiter");
        continue;
      }
      if (*p == ',') return {p + 1, false};
      if (static_cast<std::size_t>(window_.end() - p) < scanner_.delimiter().size() && !window_.eof()) {
        p = more_rows(p, "the file ends before the INSERT statement's delimiter");
        continue;
      }
      if (scanner_.starts_with_delimiter(p, window_.end())) {
        flush();
        return {p + scanner_.delimiter().size(), true};
      }
      Lexer lexer(std::string_view(p, static_cast<std::size_t>(window_.end() - p)), window_.eof());
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
        report(offset_of(p), fmt::format("expected ',' or '{}' after a row, found '{}'", scanner_.delimiter(),
                                         excerpt(p, window_.end())));
      }
      // ON DUPLICATE KEY UPDATE ...: the rows are complete; step over the rest.
      return {find_delimiter(p, start, false) + scanner_.delimiter().size(), true};
    }
  }

  DumpReader& owner_;
  DumpHandler& handler_;
  const ReaderOptions& options_;
  InputWindow window_;
  Position statement_start_;
  StatementScanner scanner_;
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
  TupleParser tuples_;
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
