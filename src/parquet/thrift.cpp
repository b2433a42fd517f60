#include "parquet/thrift.h"

#include <cstring>

#include "util/error.h"

namespace tapelab::parquet::thrift {

namespace {
// Deeper nesting than any Parquet struct needs; bounds recursion on hostile input.
constexpr int kMaxDepth = 64;
}  // namespace

void Writer::varint(std::uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void Writer::field_header(std::int16_t id, Type type) {
  std::int16_t& last = last_ids_.back();
  int delta = id - last;
  if (delta > 0 && delta <= 15) {
    out_.push_back(static_cast<char>((delta << 4) | type));
  } else {
    out_.push_back(static_cast<char>(type));
    varint(zigzag(id));
  }
  last = id;
}

void Writer::field_i32(std::int16_t id, std::int32_t v) {
  field_header(id, I32);
  varint(zigzag(v));
}

void Writer::field_i64(std::int16_t id, std::int64_t v) {
  field_header(id, I64);
  varint(zigzag(v));
}

void Writer::field_bool(std::int16_t id, bool v) { field_header(id, v ? BOOL_TRUE : BOOL_FALSE); }

void Writer::field_byte(std::int16_t id, std::int8_t v) {
  field_header(id, BYTE);
  out_.push_back(static_cast<char>(v));
}

void Writer::field_binary(std::int16_t id, std::string_view v) {
  field_header(id, BINARY);
  elem_binary(v);
}

void Writer::elem_binary(std::string_view v) {
  varint(v.size());
  out_.append(v);
}

void Writer::begin_struct(std::int16_t id) {
  field_header(id, STRUCT);
  last_ids_.push_back(0);
}

void Writer::begin_root() { last_ids_.push_back(0); }

void Writer::begin_elem_struct() { last_ids_.push_back(0); }

void Writer::end_struct() {
  out_.push_back(static_cast<char>(STOP));
  last_ids_.pop_back();
}

void Writer::begin_list(std::int16_t id, Type element, std::size_t size) {
  field_header(id, LIST);
  if (size < 15) {
    out_.push_back(static_cast<char>((size << 4) | element));
  } else {
    out_.push_back(static_cast<char>(0xf0 | element));
    varint(size);
  }
}

void Reader::error(std::string_view reason) const {
  fail("{}: malformed thrift metadata at byte {}: {}", what_, pos_, reason);
}

std::uint8_t Reader::byte() {
  if (pos_ >= in_.size()) error("truncated");
  return static_cast<std::uint8_t>(in_[pos_++]);
}

std::uint64_t Reader::varint() {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    std::uint8_t b = byte();
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  error("varint longer than 10 bytes");
}

void Reader::expect(Type got, Type want) const {
  if (got != want) error("field has wire type " + std::to_string(got) + ", expected " + std::to_string(want));
}

void Reader::begin_struct() {
  if (last_ids_.size() >= kMaxDepth) error("structs nested too deeply");
  last_ids_.push_back(0);
}

bool Reader::next_field(std::int16_t& id, Type& type) {
  std::uint8_t b = byte();
  if (b == STOP) {
    last_ids_.pop_back();
    return false;
  }
  type = static_cast<Type>(b & 0x0f);
  if (type > STRUCT) error("unknown field type " + std::to_string(type));
  int delta = b >> 4;
  if (delta != 0) {
    id = static_cast<std::int16_t>(last_ids_.back() + delta);
  } else {
    std::int64_t v = zigzag_varint();
    if (v < INT16_MIN || v > INT16_MAX) error("field id out of range");
    id = static_cast<std::int16_t>(v);
  }
  last_ids_.back() = id;
  return true;
}

std::int32_t Reader::read_i32(Type type) {
  // Writers may narrow or widen integer fields across versions; accept any
  // integer wire type whose value fits.
  if (type != I32 && type != I16 && type != BYTE) expect(type, I32);
  if (type == BYTE) return static_cast<std::int8_t>(byte());
  std::int64_t v = zigzag_varint();
  if (v < INT32_MIN || v > INT32_MAX) error("i32 value out of range");
  return static_cast<std::int32_t>(v);
}

std::int64_t Reader::read_i64(Type type) {
  if (type != I64 && type != I32 && type != I16 && type != BYTE) expect(type, I64);
  if (type == BYTE) return static_cast<std::int8_t>(byte());
  return zigzag_varint();
}

bool Reader::read_bool(Type type) {
  if (type != BOOL_TRUE && type != BOOL_FALSE) expect(type, BOOL_TRUE);
  return type == BOOL_TRUE;
}

bool Reader::elem_bool(Type element) {
  if (element != BOOL_TRUE && element != BOOL_FALSE) expect(element, BOOL_TRUE);
  return byte() == BOOL_TRUE;
}

std::string Reader::read_binary(Type type) {
  expect(type, BINARY);
  std::uint64_t n = varint();
  if (n > in_.size() - pos_) error("binary length " + std::to_string(n) + " beyond the end");
  std::string s(in_.substr(pos_, n));
  pos_ += n;
  return s;
}

ListHeader Reader::read_list(Type type) {
  if (type != LIST && type != SET) expect(type, LIST);
  std::uint8_t b = byte();
  ListHeader h{static_cast<Type>(b & 0x0f), static_cast<std::size_t>(b >> 4)};
  if (h.size == 15) {
    std::uint64_t n = varint();
    if (n > in_.size()) error("list size beyond the end");
    h.size = n;
  }
  if (h.element > STRUCT || h.element == STOP) error("bad list element type");
  // Every element takes at least one byte, so a larger count is a lie; this
  // bounds any reserve() callers do from it.
  if (h.size > in_.size() - pos_) error("list size " + std::to_string(h.size) + " beyond the end");
  return h;
}

void Reader::expect_struct(Type type) { expect(type, STRUCT); }

void Reader::skip(Type type, int depth) {
  if (depth > kMaxDepth) error("values nested too deeply");
  switch (type) {
    case BOOL_TRUE:
    case BOOL_FALSE:
      return;  // a struct field's bool lives in its header
    case BYTE:
      byte();
      return;
    case I16:
    case I32:
    case I64:
      varint();
      return;
    case DOUBLE:
      if (in_.size() - pos_ < 8) error("truncated double");
      pos_ += 8;
      return;
    case BINARY: {
      std::uint64_t n = varint();
      if (n > in_.size() - pos_) error("binary length beyond the end");
      pos_ += n;
      return;
    }
    case LIST:
    case SET: {
      ListHeader h = read_list(type);
      for (std::size_t i = 0; i < h.size; ++i) {
        if (h.element == BOOL_TRUE || h.element == BOOL_FALSE) {
          byte();
        } else {
          skip(h.element, depth + 1);
        }
      }
      return;
    }
    case MAP: {
      std::uint64_t n = varint();
      if (n == 0) return;
      if (n > in_.size() - pos_) error("map size beyond the end");
      std::uint8_t kv = byte();
      auto key = static_cast<Type>(kv >> 4);
      auto value = static_cast<Type>(kv & 0x0f);
      if (key > STRUCT || value > STRUCT) error("bad map element type");
      for (std::uint64_t i = 0; i < n; ++i) {
        for (Type t : {key, value}) {
          if (t == BOOL_TRUE || t == BOOL_FALSE) {
            byte();
          } else {
            skip(t, depth + 1);
          }
        }
      }
      return;
    }
    case STRUCT: {
      begin_struct();
      std::int16_t id = 0;
      Type t = STOP;
      while (next_field(id, t)) skip(t, depth + 1);
      return;
    }
    case STOP:
      break;
  }
  error("cannot skip value of type " + std::to_string(type));
}

}  // namespace tapelab::parquet::thrift
