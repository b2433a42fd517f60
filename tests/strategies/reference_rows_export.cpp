#include <charconv>
#include <fstream>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "strategies/reference_rows.h"

namespace tapelab::strategies::testing {
namespace {

namespace fs = std::filesystem;

// The fields of each data line of an export CSV (after its header, which must
// be `header`); errors name the file and line.
class CsvLines {
 public:
  CsvLines(const fs::path& file, std::string_view header) : file_(file), in_(file) {
    if (!in_) throw std::runtime_error("cannot open " + file.string());
    std::string first;
    std::getline(in_, first);
    if (first != header) fail(fmt::format("header is \"{}\", expected \"{}\"", first, header));
  }

  // The next line's fields, or false at the end.
  bool next() {
    std::string text;
    if (!std::getline(in_, text)) return false;
    ++line_;
    fields_.clear();
    std::size_t start = 0;
    for (std::size_t comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1) {
      fields_.push_back(text.substr(start, comma - start));
    }
    fields_.push_back(text.substr(start));
    return true;
  }

  std::size_t size() const { return fields_.size(); }
  const std::string& text(std::size_t i) const { return fields_.at(i); }

  // An empty field is a null, which reads as 0 as it does from Parquet.
  template <typename T>
  T number(std::size_t i) const {
    const std::string& field = fields_.at(i);
    T value{};
    if (field.empty()) return value;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (error != std::errc{} || end != field.data() + field.size()) {
      fail(fmt::format("field {} \"{}\" is not a number", i + 1, field));
    }
    return value;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(fmt::format("{}:{}: {}", file_.string(), line_ + 1, what));
  }

 private:
  fs::path file_;
  std::ifstream in_;
  int line_ = 0;  // data lines read
  std::vector<std::string> fields_;
};

std::string options_header() {
  std::string header = "timestamp_us,expiry_days,opt_type,strike,lot_size,price";
  for (int level = 0; level < 5; ++level) header += fmt::format(",bp{0},bq{0},sp{0},sq{0}", level);
  return header;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ExportRowSource::days() const {
  std::vector<std::pair<std::string, std::string>> days;
  CsvLines csv(root_ / "days.csv", "date,underlying");
  while (csv.next()) {
    if (csv.size() != 2) csv.fail("expected 2 fields");
    days.emplace_back(csv.text(0), csv.text(1));
  }
  return days;
}

ReferenceDayRows ExportRowSource::rows(const std::string& date, const std::string& underlying) const {
  ReferenceDayRows day;
  const std::string prefix = date + "_" + underlying;
  CsvLines options(root_ / (prefix + ".options.csv"), options_header());
  while (options.next()) {
    if (options.size() != 26) options.fail("expected 26 fields");
    ReferenceOptionRow& row = day.options.emplace_back();
    row.time = options.number<std::int64_t>(0);
    row.expiry = options.number<int>(1);
    row.type = options.text(2);
    row.strike = options.number<int>(3);
    row.lot = options.number<int>(4);
    row.ltp = options.number<double>(5);
    for (std::size_t level = 0; level < 5; ++level) {
      row.bid[level] = options.number<double>(6 + level * 4);
      row.bid_qty[level] = options.number<std::int64_t>(7 + level * 4);
      row.ask[level] = options.number<double>(8 + level * 4);
      row.ask_qty[level] = options.number<std::int64_t>(9 + level * 4);
    }
  }
  CsvLines spot(root_ / (prefix + ".spot.csv"), "timestamp_us,price");
  while (spot.next()) {
    if (spot.size() != 2) spot.fail("expected 2 fields");
    day.spot.emplace_back(spot.number<std::int64_t>(0), spot.number<double>(1));
  }
  return day;
}

}  // namespace tapelab::strategies::testing
