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

struct RecordPlan {
  enum class Kind : std::uint8_t {
    kIgnore,    // the handler drops the column: NULL, a number or a plain string
    kInt32,     // '-'? and 1..18 digits, within int32 (as a plain integer)
    kInt64,     // '-'? and 1..18 digits
    kDouble,    // a plain decimal, as parse_plain_decimal reads it
    kDateTime,  // a quoted DATETIME, as parse_datetime reads it (nanoseconds)
  };
  struct Field {
    Kind kind = Kind::kIgnore;
    std::uint16_t offset = 0;  // of the value in the record
    // Bit set in the record's null mask for NULL and for a zero date; -1 when
    // the column may not be null (such a row takes the general path).
    std::int8_t null_bit = -1;
  };

  std::vector<std::byte> blank;      // each record starts as a copy of this
  std::size_t null_mask_offset = 0;  // of the record's uint64 null mask
  std::vector<Field> fields;         // one per column of the layout, in order

  std::size_t record_size() const { return blank.size(); }
};

// Reads rows into records by a plan. Keeps the last date it read, since a
// table's snapshots share their date and the date is most of a DATETIME's cost.
class RecordParser {
 public:
  // p points at a row's '('. Writes the row into record (plan.record_size()
  // bytes) and returns the byte after its ')', or returns nullptr when the
  // row must be read the general way (record then holds garbage). Never reads
  // at or past end. When it returns a row, the general tokenizer would read
  // the same values up to the same ')'.
  const char* parse(const char* p, const char* end, const RecordPlan& plan, std::byte* record);

 private:
  bool datetime(const char* text, std::size_t size, std::int64_t& nanos, bool& zero);

  char date_[10] = {};
  std::int64_t date_nanos_ = 0;  // midnight of date_
  bool has_date_ = false;
};

}  // namespace tapelab::dump
