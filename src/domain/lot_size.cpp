#include "domain/lot_size.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "domain/csv.h"
#include "domain/embedded.h"
#include "domain/underlying.h"

namespace tapelab::domain {
namespace {

struct LotRow {
  std::string underlying;
  ExpiryKind kind;
  Date effective_from;  // first FINAL expiry date the lot applies to
  int32_t lot;
};

std::vector<LotRow> load_lot_sizes() {
  constexpr std::string_view kSource = "data/lot_sizes.csv";
  auto lines = parse_csv(reference_file("lot_sizes.csv"), kSource);
  check_table_shape(lines, {"underlying", "kind", "effective_from", "lot_size", "note"}, kSource);
  std::vector<LotRow> rows;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto& f = lines[i].fields;
    size_t line = lines[i].number;
    const Underlying* u = find_underlying(f[0]);
    if (!u) fail_at(kSource, line, "unknown underlying '{}'", f[0]);
    auto kind = parse_expiry_kind(f[1]);
    if (!kind) fail_at(kSource, line, "kind must be weekly or monthly, not '{}'", f[1]);
    auto from = Date::parse(f[2]);
    if (!from) fail_at(kSource, line, "bad effective_from date '{}'", f[2]);
    auto lot = parse_integer(f[3]);
    if (!lot || *lot <= 0 || *lot > 100'000) fail_at(kSource, line, "bad lot_size '{}'", f[3]);
    rows.push_back({u->name, *kind, *from, static_cast<int32_t>(*lot)});
  }
  auto key = [](const LotRow& r) { return std::tie(r.underlying, r.kind, r.effective_from); };
  std::sort(rows.begin(), rows.end(), [&](const LotRow& a, const LotRow& b) { return key(a) < key(b); });
  for (size_t i = 1; i < rows.size(); ++i) {
    if (key(rows[i - 1]) == key(rows[i])) {
      fail("{}: two lot sizes for {} {} from {}", kSource, rows[i].underlying, to_string(rows[i].kind),
           rows[i].effective_from.to_string());
    }
  }
  return rows;
}

}  // namespace

std::string_view to_string(ExpiryKind kind) { return kind == ExpiryKind::kWeekly ? "weekly" : "monthly"; }

std::optional<ExpiryKind> parse_expiry_kind(std::string_view text) {
  if (iequals(text, "weekly")) return ExpiryKind::kWeekly;
  if (iequals(text, "monthly")) return ExpiryKind::kMonthly;
  return std::nullopt;
}

std::optional<int32_t> lot_size(std::string_view underlying, Date final_expiry, ExpiryKind kind) {
  static const std::vector<LotRow> rows = load_lot_sizes();
  const Underlying* u = find_underlying(underlying);
  if (!u) return std::nullopt;
  // Rows are sorted by (underlying, kind, effective_from): the answer is the
  // last row of this underlying and kind that took effect on or before the date.
  std::optional<int32_t> lot;
  for (const LotRow& row : rows) {
    if (row.underlying == u->name && row.kind == kind && row.effective_from <= final_expiry) lot = row.lot;
  }
  return lot;
}

}  // namespace tapelab::domain
