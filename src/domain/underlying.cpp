#include "domain/underlying.h"

#include <algorithm>

#include "domain/csv.h"
#include "domain/embedded.h"

namespace tapelab::domain {

std::string_view reference_file(std::string_view name) {
  for (const auto& [file, contents] : embedded::domain_reference()) {
    if (file == name) return contents;
  }
  fail("built-in reference file {} is missing", name);
}

std::vector<Underlying> parse_underlyings(std::string_view csv, std::string_view source) {
  auto lines = parse_csv(csv, source);
  check_table_shape(lines,
                    {"name", "strike_step", "tick_size", "session_open", "session_close",
                     "spot_table", "spot_table_aliases", "futures_table"},
                    source);
  std::vector<Underlying> out;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto& f = lines[i].fields;
    size_t line = lines[i].number;
    Underlying u;
    u.name = to_upper(f[0]);
    // Contract names are matched by prefix, so the name must be plain text
    // that a table name can start with (NIFTYNXT50 has digits).
    if (u.name.empty() || u.name[0] < 'A' || u.name[0] > 'Z' ||
        u.name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != std::string::npos) {
      fail_at(source, line, "underlying name '{}' must be a letter followed by letters and digits", f[0]);
    }
    for (const auto& other : out) {
      if (other.name == u.name) fail_at(source, line, "duplicate underlying {}", u.name);
    }
    auto step = parse_integer(f[1]);
    if (!step || *step <= 0 || *step > 1'000'000) fail_at(source, line, "bad strike_step '{}'", f[1]);
    u.strike_step = static_cast<int32_t>(*step);
    try {
      size_t used = 0;
      u.tick_size = std::stod(f[2], &used);
      if (used != f[2].size() || !(u.tick_size > 0)) throw std::invalid_argument(f[2]);
    } catch (const std::exception&) {
      fail_at(source, line, "bad tick_size '{}'", f[2]);
    }
    auto open = parse_clock(f[3]);
    auto close = parse_clock(f[4]);
    if (!open || !close || *open >= *close) {
      fail_at(source, line, "bad session hours '{}'-'{}'", f[3], f[4]);
    }
    u.session_open_seconds = *open;
    u.session_close_seconds = *close;
    u.spot_table = f[5];
    if (!f[6].empty()) {
      std::string_view aliases = f[6];
      while (true) {
        size_t cut = aliases.find(';');
        u.spot_table_aliases.emplace_back(aliases.substr(0, cut));
        if (cut == std::string_view::npos) break;
        aliases.remove_prefix(cut + 1);
      }
    }
    u.futures_table = f[7];
    if (u.spot_table.empty() || u.futures_table.empty()) {
      fail_at(source, line, "spot_table and futures_table must not be empty");
    }
    out.push_back(std::move(u));
  }
  // Longest first so a prefix match never takes NIFTY for BANKNIFTY; the name
  // breaks ties so the order does not depend on the file's.
  std::sort(out.begin(), out.end(), [](const Underlying& a, const Underlying& b) {
    if (a.name.size() != b.name.size()) return a.name.size() > b.name.size();
    return a.name < b.name;
  });
  return out;
}

const std::vector<Underlying>& all_underlyings() {
  static const std::vector<Underlying> underlyings =
      parse_underlyings(reference_file("underlyings.csv"), "data/underlyings.csv");
  return underlyings;
}

const Underlying* find_underlying(std::string_view name) {
  for (const auto& u : all_underlyings()) {
    if (iequals(u.name, name)) return &u;
  }
  return nullptr;
}

}  // namespace tapelab::domain
