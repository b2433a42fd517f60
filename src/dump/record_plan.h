// Rows converted while they are tokenized, for a handler that knows its
// columns' types up front (ingest: 46 numeric and datetime columns).
//
// Handing over Values makes every number cost two passes: the reader finds
// its end, the handler walks its digits again, and a batch of Values (24 bytes
// each) goes through memory between them. With a RecordPlan the reader writes
// each row straight into a fixed-size record. It does so only where the result
// is certain: a row holding anything else (a quoted number, an exponent, a
// NULL where none may be, a value the plan cannot convert exactly, a row cut
// by the end of the window) is read the general way instead, so the handler's
// own conversion and its error messages still decide about it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tapelab::dump {

class RecordPlan {
 public:
  enum class Kind : std::uint8_t {
    kIgnore,    // the handler drops the column: NULL, a number or a plain string
    kInt32,     // '-'? and 1..18 digits, within int32 (as a plain integer)
    kInt64,     // '-'? and 1..18 digits
    kDouble,    // a plain decimal, as parse_plain_decimal reads it
    kDateTime,  // a quoted DATETIME, as parse_datetime reads it (nanoseconds)
  };
  struct Field {
    Kind kind = Kind::kIgnore;
    std::uint16_t offset = 0;  // of the value in the record (and the output)
    // Bit set in the null mask for NULL and for a zero date; -1 when the
    // column may not be null (such a row takes the general path).
    std::int8_t null_bit = -1;
    std::uint16_t scale_offset = 0;  // kDouble: the record's byte for its scale
  };

  // The handler's output for a row starts as `blank` (its struct with its
  // defaults), whose uint64 at null_mask_offset is the null mask.
  RecordPlan(const std::vector<std::byte>& blank, std::size_t null_mask_offset);
  // Describes the next column of the layout.
  void add_column(Kind kind, std::size_t offset, int null_bit);

  // What the handler gets for a row the parser took, written to out
  // (output_size() bytes). The parser leaves a decimal as its integer
  // mantissa and a scale byte: the division that makes it a double costs the
  // parser far more (its latency stalls a loop full of mispredicted
  // branches) than a loop of divisions here.
  void finish(const std::byte* record, std::byte* out) const;

  std::size_t record_size() const { return blank_.size(); }
  std::size_t output_size() const { return output_size_; }
  const std::vector<std::byte>& blank() const { return blank_; }  // record_size() bytes
  std::size_t null_mask_offset() const { return null_mask_offset_; }
  const std::vector<Field>& fields() const { return fields_; }

 private:
  std::vector<std::byte> blank_;
  std::size_t output_size_ = 0;
  std::size_t null_mask_offset_ = 0;
  std::vector<Field> fields_;
  std::vector<std::size_t> decimals_;  // indices of the kDouble fields
};

// The sign of a decimal's scale byte (the rest is the scale, 0..22): the
// mantissa alone cannot tell -0.00 from 0.00.
inline constexpr std::uint8_t kNegativeScale = 0x80;

// Reads rows into records by a plan. Keeps the last date it read, since a
// table's snapshots share their date and the date is most of a DATETIME's cost.
class RecordParser {
 public:
  // p points at a row's '('. Writes the row into record (plan.record_size()
  // bytes, for plan.finish()) and returns the byte after its ')', or returns
  // nullptr when the row must be read the general way (record then holds
  // garbage). Never reads at or past end. When it returns a row, the general
  // tokenizer would read the same values up to the same ')'.
  const char* parse(const char* p, const char* end, const RecordPlan& plan, std::byte* record);

 private:
  bool datetime(const char* text, std::size_t size, std::int64_t& nanos, bool& zero);

  char date_[10] = {};
  std::int64_t date_nanos_ = 0;  // midnight of date_
  bool has_date_ = false;
};

}  // namespace tapelab::dump
