// Thrift compact protocol: the minimal reader and writer that metadata.cpp
// builds the Parquet structs on. Internal to the library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tapelab::parquet::thrift {

// Compact-protocol type ids.
enum Type : std::uint8_t {
  STOP = 0,
  BOOL_TRUE = 1,
  BOOL_FALSE = 2,
  BYTE = 3,
  I16 = 4,
  I32 = 5,
  I64 = 6,
  DOUBLE = 7,
  BINARY = 8,
  LIST = 9,
  SET = 10,
  MAP = 11,
  STRUCT = 12,
};

class Writer {
 public:
  std::string& out() { return out_; }

  void field_i32(std::int16_t id, std::int32_t v);
  void field_i64(std::int16_t id, std::int64_t v);
  void field_bool(std::int16_t id, bool v);
  void field_byte(std::int16_t id, std::int8_t v);
  void field_binary(std::int16_t id, std::string_view v);
  // Opens a struct-valued field; close it with end_struct().
  void begin_struct(std::int16_t id);
  void end_struct();
  // Top-level struct framing (no field header).
  void begin_root();
  void end_root() { end_struct(); }
  // A list field header; then write `size` elements with the element writers.
  void begin_list(std::int16_t id, Type element, std::size_t size);
  void elem_i32(std::int32_t v) { varint(zigzag(v)); }
  void elem_i64(std::int64_t v) { varint(zigzag(v)); }
  void elem_bool(bool v) { out_.push_back(static_cast<char>(v ? BOOL_TRUE : BOOL_FALSE)); }
  void elem_binary(std::string_view v);
  // A struct element of a list; close with end_struct().
  void begin_elem_struct();

 private:
  static std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
  }
  void varint(std::uint64_t v);
  void field_header(std::int16_t id, Type type);

  std::string out_;
  std::vector<std::int16_t> last_ids_;
};

struct ListHeader {
  Type element;
  std::size_t size;
};

// Reads from untrusted bytes: every read is bounds-checked, list sizes are
// checked against the bytes left before anyone allocates from them, and
// nesting depth is limited. Errors throw tapelab::Error naming `what` and
// the byte offset.
class Reader {
 public:
  Reader(std::string_view in, std::string_view what) : in_(in), what_(what) {}

  std::size_t position() const { return pos_; }

  void begin_struct();
  // Next field of the current struct; false (and the struct is closed) at STOP.
  bool next_field(std::int16_t& id, Type& type);

  // Field values; `type` is the field's wire type (checked).
  std::int32_t read_i32(Type type);
  std::int64_t read_i64(Type type);
  bool read_bool(Type type);
  std::string read_binary(Type type);
  ListHeader read_list(Type type);
  // List elements.
  std::int32_t elem_i32(Type element) { return read_i32(element); }
  std::int64_t elem_i64(Type element) { return read_i64(element); }
  bool elem_bool(Type element);
  std::string elem_binary(Type element) { return read_binary(element); }
  void expect_struct(Type type);  // for struct fields and struct list elements

  // Skips a value of any type (unknown fields), nested to any sane depth.
  void skip(Type type) { skip(type, 0); }

  [[noreturn]] void error(std::string_view reason) const;

 private:
  void skip(Type type, int depth);
  std::uint8_t byte();
  std::uint64_t varint();
  std::int64_t zigzag_varint() {
    std::uint64_t v = varint();
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  }
  void expect(Type got, Type want) const;

  std::string_view in_;
  std::string_view what_;
  std::size_t pos_ = 0;
  std::vector<std::int16_t> last_ids_;
};

}  // namespace tapelab::parquet::thrift
