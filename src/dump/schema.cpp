#include "dump/schema.h"

#include <array>

#include "dump/lexer.h"

namespace tapelab::dump {

int TableSchema::find_column(std::string_view column) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (equals_ignore_case(columns[i].name, column)) return static_cast<int>(i);
  }
  return -1;
}

int ColumnLayout::find(std::string_view column) const {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (equals_ignore_case(names[i], column)) return static_cast<int>(i);
  }
  return -1;
}

TypeFamily classify_type(std::string_view type) {
  const std::string_view base = type.substr(0, type.find_first_of("( "));
  struct Entry {
    std::string_view name;
    TypeFamily family;
  };
  static constexpr std::array<Entry, 29> kTypes = {{
      {"tinyint", TypeFamily::kInteger},   {"smallint", TypeFamily::kInteger},  {"mediumint", TypeFamily::kInteger},
      {"int", TypeFamily::kInteger},       {"integer", TypeFamily::kInteger},   {"bigint", TypeFamily::kInteger},
      {"bit", TypeFamily::kInteger},       {"bool", TypeFamily::kInteger},      {"boolean", TypeFamily::kInteger},
      {"decimal", TypeFamily::kDecimal},   {"numeric", TypeFamily::kDecimal},   {"dec", TypeFamily::kDecimal},
      {"float", TypeFamily::kFloat},       {"double", TypeFamily::kFloat},      {"real", TypeFamily::kFloat},
      {"datetime", TypeFamily::kDateTime}, {"timestamp", TypeFamily::kDateTime}, {"date", TypeFamily::kDate},
      {"time", TypeFamily::kTime},         {"char", TypeFamily::kString},       {"varchar", TypeFamily::kString},
      {"text", TypeFamily::kString},       {"tinytext", TypeFamily::kString},   {"mediumtext", TypeFamily::kString},
      {"longtext", TypeFamily::kString},   {"enum", TypeFamily::kString},       {"binary", TypeFamily::kBinary},
      {"varbinary", TypeFamily::kBinary},  {"blob", TypeFamily::kBinary},
  }};
  for (const Entry& entry : kTypes) {
    if (equals_ignore_case(base, entry.name)) return entry.family;
  }
  if (base.ends_with("blob")) return TypeFamily::kBinary;
  return TypeFamily::kOther;
}

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

class CreateTableParser {
 public:
  explicit CreateTableParser(std::string_view text) : text_(text), lexer_(text, true) {}

  TableSchema parse() {
    expect_word("CREATE");
    Token token = lexer_.next();
    if (token.is_word("OR")) {
      expect_word("REPLACE");
      token = lexer_.next();
    }
    if (token.is_word("TEMPORARY")) token = lexer_.next();
    if (!token.is_word("TABLE")) error(token, "expected TABLE");
    token = lexer_.next();
    if (token.is_word("IF")) {
      expect_word("NOT");
      expect_word("EXISTS");
      token = lexer_.next();
    }
    read_table_name(token);
    token = lexer_.next();
    if (!token.is_punct('(')) {
      // CREATE TABLE t LIKE u / AS SELECT: no column list to read.
      return std::move(schema_);
    }
    for (;;) {
      read_definition();
      token = lexer_.next();
      if (token.is_punct(')')) break;
      if (!token.is_punct(',')) error(token, "expected ',' or ')' between column definitions");
    }
    read_table_options();
    if (schema_.columns.empty()) error(lexer_.next(), "CREATE TABLE without columns");
    return std::move(schema_);
  }

 private:
  [[noreturn]] void error(const Token& at, std::string message) {
    throw SyntaxError{at.offset, std::move(message)};
  }

  void expect_word(std::string_view keyword) {
    Token token = lexer_.next();
    if (!token.is_word(keyword)) error(token, "expected " + std::string(keyword));
  }

  void read_table_name(const Token& first) {
    if (!first.is_name()) error(first, "expected a table name");
    if (lexer_.peek().is_punct('.')) {
      lexer_.next();
      Token second = lexer_.next();
      if (!second.is_name()) error(second, "expected a table name after '.'");
      schema_.database = first.name;
      schema_.name = second.name;
    } else {
      schema_.name = first.name;
    }
  }

  // Skips a balanced parenthesised group whose '(' was just read; returns the
  // offset just past its ')'.
  std::size_t skip_group(const Token& open) {
    int depth = 1;
    for (;;) {
      Token token = lexer_.next();
      if (token.kind == TokenKind::kEnd) error(open, "unbalanced parentheses");
      if (token.is_punct('(')) ++depth;
      if (token.is_punct(')') && --depth == 0) return lexer_.offset();
    }
  }

  // Reads a "(`a`,`b`(10),...)" key column list after its '(' was read.
  std::vector<std::string> read_key_columns() {
    std::vector<std::string> names;
    for (;;) {
      Token token = lexer_.next();
      if (!token.is_name()) error(token, "expected a column name in the key");
      names.push_back(token.name);
      token = lexer_.next();
      if (token.is_punct('(')) {  // prefix length
        skip_group(token);
        token = lexer_.next();
      }
      while (token.is_word("ASC") || token.is_word("DESC")) token = lexer_.next();
      if (token.is_punct(')')) return names;
      if (!token.is_punct(',')) error(token, "expected ',' or ')' in the key");
    }
  }

  // Skips the rest of a definition, up to (not including) the ',' or ')'
  // that ends it.
  void skip_rest_of_definition() {
    for (;;) {
      Token token = lexer_.peek();
      if (token.kind == TokenKind::kEnd || token.is_punct(',') || token.is_punct(')')) return;
      lexer_.next();
      if (token.is_punct('(')) skip_group(token);
    }
  }

  void read_definition() {
    Token token = lexer_.next();
    if (token.kind == TokenKind::kWord) {
      if (token.is_word("CONSTRAINT")) {
        if (lexer_.peek().is_name() && !lexer_.peek().is_word("PRIMARY")) lexer_.next();
        token = lexer_.next();
      }
      if (token.is_word("PRIMARY")) {
        expect_word("KEY");
        Token next = lexer_.next();
        if (next.is_word("USING")) {
          lexer_.next();
          next = lexer_.next();
        }
        if (!next.is_punct('(')) error(next, "expected '(' after PRIMARY KEY");
        schema_.primary_key = read_key_columns();
        skip_rest_of_definition();
        return;
      }
      static constexpr std::string_view kIndexWords[] = {"KEY",    "INDEX",  "UNIQUE", "FULLTEXT", "SPATIAL",
                                                         "FOREIGN", "CHECK", "PERIOD", "SYSTEM"};
      for (std::string_view word : kIndexWords) {
        if (token.is_word(word)) {
          skip_rest_of_definition();
          return;
        }
      }
    }
    if (!token.is_name()) error(token, "expected a column name");
    Column column;
    column.name = token.name;
    Token type = lexer_.next();
    if (type.kind != TokenKind::kWord) error(type, "expected a type for column `" + column.name + "`");
    column.type = lower(type.text);
    if (lexer_.peek().is_punct('(')) {
      Token open = lexer_.next();
      const std::size_t close = skip_group(open);
      column.type.append(text_.substr(open.offset, close - open.offset));
    }
    column.family = classify_type(column.type);
    for (;;) {
      Token attribute = lexer_.peek();
      if (attribute.kind == TokenKind::kEnd || attribute.is_punct(',') || attribute.is_punct(')')) break;
      lexer_.next();
      if (attribute.is_word("UNSIGNED") || attribute.is_word("SIGNED") || attribute.is_word("ZEROFILL")) {
        column.type += ' ';
        column.type += lower(attribute.text);
      } else if (attribute.is_word("NOT") && lexer_.peek().is_word("NULL")) {
        lexer_.next();
        column.nullable = false;
      } else if (attribute.is_word("PRIMARY") && lexer_.peek().is_word("KEY")) {
        lexer_.next();
        schema_.primary_key = {column.name};
        column.nullable = false;
      } else if (attribute.is_punct('(')) {
        skip_group(attribute);
      }
    }
    schema_.columns.push_back(std::move(column));
  }

  void read_table_options() {
    for (;;) {
      Token token = lexer_.next();
      if (token.kind == TokenKind::kEnd) return;
      if (token.is_word("ENGINE") || token.is_word("TYPE")) {
        Token value = lexer_.next();
        if (value.is_punct('=')) value = lexer_.next();
        if (!value.is_name()) error(value, "expected an engine name");
        schema_.engine = value.name;
      }
    }
  }

  std::string_view text_;
  Lexer lexer_;
  TableSchema schema_;
};

}  // namespace

TableSchema parse_create_table(std::string_view statement) { return CreateTableParser(statement).parse(); }

}  // namespace tapelab::dump
