#include "domain/expiry_calendar.h"

#include <algorithm>
#include <numeric>

#include "domain/csv.h"
#include "domain/embedded.h"
#include "domain/underlying.h"
#include "util/file.h"

namespace tapelab::domain {
namespace {

const std::vector<std::string_view> kUserColumns = {
    "Instrument", "Expiry_Type", "Contract_Month", "Scheduled_Expiry", "Scheduled_Day", "Final_Expiry",
    "Final_Day",  "Final_Day_Label", "Shifted", "Days_Moved_Back", "Holiday_on_Scheduled?", "Rule"};
const std::vector<std::string_view> kSimpleColumns = {"underlying", "expiry", "kind"};
const std::vector<std::string_view> kRuleColumns = {"underlying", "kind", "first", "last", "weekday", "note"};

bool header_is(const CsvLine& line, const std::vector<std::string_view>& columns) {
  if (line.fields.size() != columns.size()) return false;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (!iequals(line.fields[i], columns[i])) return false;
  }
  return true;
}

// "YYYY-MM" -> (year, month).
std::optional<std::pair<int, unsigned>> parse_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  auto year = parse_integer(text.substr(0, 4));
  auto month = parse_integer(text.substr(5, 2));
  if (!year || !month || *year < 1900 || *month < 1 || *month > 12) return std::nullopt;
  return std::pair{static_cast<int>(*year), static_cast<unsigned>(*month)};
}

std::string canonical_underlying(std::string_view name, std::string_view source, size_t line) {
  const Underlying* u = find_underlying(name);
  if (!u) fail_at(source, line, "unknown underlying '{}'", name);
  return u->name;
}

Date require_date(std::string_view text, std::string_view column, std::string_view source, size_t line) {
  auto date = Date::parse(text);
  if (!date) fail_at(source, line, "{} '{}' is not a YYYY-MM-DD date", column, text);
  return *date;
}

ExpiryKind require_kind(std::string_view text, std::string_view source, size_t line) {
  auto kind = parse_expiry_kind(text);
  if (!kind) fail_at(source, line, "expiry kind must be weekly or monthly, not '{}'", text);
  return *kind;
}

Date last_weekday_of_month(int year, unsigned month, unsigned weekday) {
  Date d = last_day_of_month(year, month);
  return d - static_cast<int32_t>((d.weekday() + 7 - weekday) % 7);
}

// Entries of two calendars that describe the same expiry. A monthly is the
// contract month's; a weekly is first matched on its scheduled date (what the
// contract name carries), then on its final date, because the simple file
// format knows only final dates.
struct Pairing {
  std::optional<size_t> left, right;
};

std::vector<Pairing> pair_entries(const std::vector<Expiry>& left, const std::vector<Expiry>& right) {
  std::map<std::tuple<std::string, ExpiryKind, int32_t>, size_t> by_scheduled, by_final;
  std::map<std::tuple<std::string, int, unsigned>, size_t> by_month;
  for (size_t i = 0; i < right.size(); ++i) {
    const Expiry& e = right[i];
    if (e.kind == ExpiryKind::kMonthly) {
      by_month.emplace(std::tuple{e.underlying, e.contract_year, e.contract_month}, i);
    } else {
      by_scheduled.emplace(std::tuple{e.underlying, e.kind, e.scheduled.days()}, i);
      by_final.emplace(std::tuple{e.underlying, e.kind, e.final.days()}, i);
    }
  }
  std::vector<bool> right_used(right.size(), false);
  std::vector<Pairing> pairs;
  std::vector<size_t> weekly_unmatched;
  auto take = [&](auto& index, const auto& key) -> std::optional<size_t> {
    auto it = index.find(key);
    if (it == index.end() || right_used[it->second]) return std::nullopt;
    right_used[it->second] = true;
    return it->second;
  };
  for (size_t i = 0; i < left.size(); ++i) {
    const Expiry& e = left[i];
    std::optional<size_t> match =
        e.kind == ExpiryKind::kMonthly ? take(by_month, std::tuple{e.underlying, e.contract_year, e.contract_month})
                                       : take(by_scheduled, std::tuple{e.underlying, e.kind, e.scheduled.days()});
    if (match || e.kind == ExpiryKind::kMonthly) {
      pairs.push_back({i, match});
    } else {
      weekly_unmatched.push_back(i);
    }
  }
  for (size_t i : weekly_unmatched) {
    const Expiry& e = left[i];
    pairs.push_back({i, take(by_final, std::tuple{e.underlying, e.kind, e.final.days()})});
  }
  for (size_t i = 0; i < right.size(); ++i) {
    if (!right_used[i]) pairs.push_back({std::nullopt, i});
  }
  return pairs;
}

}  // namespace

void ExpiryCalendar::add(Expiry expiry, bool scheduled_known, std::string_view where) {
  bool fresh = expiry.kind == ExpiryKind::kMonthly
                   ? monthly_by_month_
                         .emplace(std::tuple{expiry.underlying, expiry.contract_year, expiry.contract_month},
                                  entries_.size())
                         .second
                   : weekly_by_scheduled_.emplace(std::tuple{expiry.underlying, expiry.scheduled.days()},
                                                  entries_.size())
                         .second;
  if (!fresh) {
    if (expiry.kind == ExpiryKind::kMonthly) {
      fail("{}: a second {} monthly for {:04}-{:02}", where, expiry.underlying, expiry.contract_year,
           expiry.contract_month);
    }
    fail("{}: a second {} weekly scheduled {}", where, expiry.underlying, expiry.scheduled.to_string());
  }
  entries_.push_back(std::move(expiry));
  scheduled_known_.push_back(scheduled_known);
}

void ExpiryCalendar::finish() {
  std::vector<size_t> order(entries_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto key = [this](size_t i) {
    const Expiry& e = entries_[i];
    return std::tuple{std::string_view(e.underlying), e.final, e.kind, e.scheduled};
  };
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
  std::vector<Expiry> entries;
  std::vector<bool> known;
  for (size_t i : order) {
    entries.push_back(std::move(entries_[i]));
    known.push_back(scheduled_known_[i]);
  }
  entries_ = std::move(entries);
  scheduled_known_ = std::move(known);
  weekly_by_scheduled_.clear();
  monthly_by_month_.clear();
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Expiry& e = entries_[i];
    if (e.kind == ExpiryKind::kMonthly) {
      monthly_by_month_[std::tuple{e.underlying, e.contract_year, e.contract_month}] = i;
    } else {
      weekly_by_scheduled_[std::tuple{e.underlying, e.scheduled.days()}] = i;
    }
  }
}

ExpiryCalendar ExpiryCalendar::builtin() {
  static const ExpiryCalendar calendar =
      from_rules(reference_file("expiry_rules.csv"), "data/expiry_rules.csv", TradingCalendar::nse());
  return calendar;
}

ExpiryCalendar ExpiryCalendar::from_rules(std::string_view rules_csv, std::string_view source,
                                          const TradingCalendar& trading) {
  struct Rule {
    std::string underlying;
    ExpiryKind kind;
    Date first, last;  // weekly: scheduled dates; monthly: first days of the contract months
    unsigned weekday;
    size_t line;
  };
  auto lines = domain::parse_csv(rules_csv, source);
  check_table_shape(lines, kRuleColumns, source);
  std::vector<Rule> rules;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto& f = lines[i].fields;
    size_t line = lines[i].number;
    Rule rule{canonical_underlying(f[0], source, line), require_kind(f[1], source, line), {}, {}, 0, line};
    auto weekday = parse_weekday_name(f[4]);
    if (!weekday) fail_at(source, line, "weekday must be a day name like Thursday, not '{}'", f[4]);
    rule.weekday = *weekday;
    if (rule.kind == ExpiryKind::kWeekly) {
      rule.first = require_date(f[2], "first", source, line);
      rule.last = f[3].empty() ? trading.last_covered() : require_date(f[3], "last", source, line);
    } else {
      auto first = parse_month(f[2]);
      auto last = f[3].empty() ? std::optional{std::pair{trading.last_covered().year(), 12u}} : parse_month(f[3]);
      if (!first || !last) fail_at(source, line, "a monthly rule's first and last are YYYY-MM months");
      rule.first = Date::from_ymd(first->first, first->second, 1);
      rule.last = Date::from_ymd(last->first, last->second, 1);
    }
    if (rule.last < rule.first) fail_at(source, line, "last is before first");
    for (const Rule& other : rules) {
      if (other.underlying == rule.underlying && other.kind == rule.kind && other.first <= rule.last &&
          rule.first <= other.last) {
        fail_at(source, line, "overlaps the rule on line {}", other.line);
      }
    }
    rules.push_back(rule);
  }

  ExpiryCalendar cal;
  for (const Rule& rule : rules) {
    std::string where = fmt::format("{}:{}", source, rule.line);
    auto add_expiry = [&](Date scheduled, int year, unsigned month) {
      Date final = trading.on_or_before(scheduled);
      if (rule.kind == ExpiryKind::kWeekly) {
        year = final.year();
        month = final.month();
      }
      cal.add({rule.underlying, rule.kind, scheduled, final, year, month}, true, where);
    };
    // Only dates whose holidays are known: beyond the trading calendar an
    // expiry could not be shifted without guessing.
    Date first = std::max(rule.first, trading.first_covered());
    Date last = std::min(rule.last, trading.last_covered());
    if (rule.kind == ExpiryKind::kWeekly) {
      Date d = first + static_cast<int32_t>((rule.weekday + 7 - first.weekday()) % 7);
      for (; d <= last; d = d + 7) add_expiry(d, 0, 0);
    } else {
      for (Date m = Date::from_ymd(first.year(), first.month(), 1); m <= last;
           m = last_day_of_month(m.year(), m.month()) + 1) {
        add_expiry(last_weekday_of_month(m.year(), m.month(), rule.weekday), m.year(), m.month());
      }
    }
  }
  cal.finish();
  return cal;
}

ExpiryCalendar ExpiryCalendar::from_csv(const std::filesystem::path& path) {
  return parse_csv(read_file(path), path.string());
}

ExpiryCalendar ExpiryCalendar::parse_csv(std::string_view text, std::string_view source) {
  auto lines = domain::parse_csv(text, source);
  if (lines.empty()) fail("{}: empty calendar file", source);
  bool user_format = header_is(lines.front(), kUserColumns);
  if (!user_format && !header_is(lines.front(), kSimpleColumns)) {
    fail_at(source, lines.front().number,
            "unrecognised header; expected the 12 columns Instrument,Expiry_Type,Contract_Month,... "
            "or underlying,expiry,kind");
  }
  check_table_shape(lines, user_format ? kUserColumns : kSimpleColumns, source);

  ExpiryCalendar cal;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto& f = lines[i].fields;
    size_t line = lines[i].number;
    std::string where = fmt::format("{}:{}", source, line);
    if (!user_format) {
      Date expiry = require_date(f[1], "expiry", source, line);
      cal.add({canonical_underlying(f[0], source, line), require_kind(f[2], source, line), expiry, expiry,
               expiry.year(), expiry.month()},
              false, where);
      continue;
    }
    Expiry e{canonical_underlying(f[0], source, line), require_kind(f[1], source, line), {}, {}, 0, 0};
    auto month = parse_month(f[2]);
    if (!month) fail_at(source, line, "Contract_Month '{}' is not YYYY-MM", f[2]);
    e.contract_year = month->first;
    e.contract_month = month->second;
    e.scheduled = require_date(f[3], "Scheduled_Expiry", source, line);
    e.final = require_date(f[5], "Final_Expiry", source, line);
    // The redundant columns must agree with the dates: a mismatch means the
    // row was edited by hand and we cannot tell which half is right.
    if (!iequals(f[4], weekday_name(e.scheduled.weekday()))) {
      fail_at(source, line, "Scheduled_Day '{}' but {} is a {}", f[4], f[3], weekday_name(e.scheduled.weekday()));
    }
    if (!iequals(f[6], weekday_name(e.final.weekday()))) {
      fail_at(source, line, "Final_Day '{}' but {} is a {}", f[6], f[5], weekday_name(e.final.weekday()));
    }
    if (e.final > e.scheduled) fail_at(source, line, "Final_Expiry {} is after Scheduled_Expiry {}", f[5], f[3]);
    bool shifted = e.final != e.scheduled;
    if (!(shifted ? iequals(f[8], "Yes") : iequals(f[8], "No"))) {
      fail_at(source, line, "Shifted '{}' but the expiry {} moved", f[8], shifted ? "was" : "was not");
    }
    auto moved = parse_integer(f[9]);
    if (!moved || (*moved == 0) == shifted) {
      fail_at(source, line, "Days_Moved_Back '{}' does not fit Shifted '{}'", f[9], f[8]);
    }
    if (!iequals(f[10], "True") && !iequals(f[10], "False")) {
      fail_at(source, line, "Holiday_on_Scheduled? must be True or False, not '{}'", f[10]);
    }
    auto in_month = [&](Date d) {
      return d.year() == e.contract_year && d.month() == e.contract_month;
    };
    // A monthly belongs to the month it names; a weekly to the month it is
    // scheduled or finally expires in (files differ on which).
    if (e.kind == ExpiryKind::kMonthly ? !in_month(e.scheduled) : !in_month(e.scheduled) && !in_month(e.final)) {
      fail_at(source, line, "Contract_Month {} does not fit the expiry {}", f[2], f[3]);
    }
    cal.add(std::move(e), true, where);
  }
  cal.finish();
  return cal;
}

ExpiryCalendar ExpiryCalendar::overlay(const ExpiryCalendar& builtin, const ExpiryCalendar& user) {
  ExpiryCalendar cal;
  for (const Pairing& p : pair_entries(user.entries_, builtin.entries_)) {
    if (p.left) {
      cal.add(user.entries_[*p.left], user.scheduled_known_[*p.left], "user calendar");
    } else {
      cal.add(builtin.entries_[*p.right], builtin.scheduled_known_[*p.right], "built-in calendar");
    }
  }
  cal.finish();
  return cal;
}

std::vector<Expiry> ExpiryCalendar::expiries(std::string_view underlying, Date from, Date to) const {
  std::string name = to_upper(underlying);
  auto key = [](const Expiry& e) { return std::tuple{std::string_view(e.underlying), e.final}; };
  auto begin = std::lower_bound(entries_.begin(), entries_.end(), std::tuple{std::string_view(name), from},
                                [&](const Expiry& e, const auto& k) { return key(e) < k; });
  std::vector<Expiry> out;
  for (auto it = begin; it != entries_.end() && it->underlying == name && it->final <= to; ++it) {
    out.push_back(*it);
  }
  return out;
}

std::optional<Expiry> ExpiryCalendar::weekly_by_scheduled(std::string_view underlying, Date scheduled) const {
  auto it = weekly_by_scheduled_.find(std::tuple{to_upper(underlying), scheduled.days()});
  if (it == weekly_by_scheduled_.end()) return std::nullopt;
  return entries_[it->second];
}

std::optional<Expiry> ExpiryCalendar::monthly_for(std::string_view underlying, int year, unsigned month) const {
  auto it = monthly_by_month_.find(std::tuple{to_upper(underlying), year, month});
  if (it == monthly_by_month_.end()) return std::nullopt;
  return entries_[it->second];
}

std::vector<std::string> ExpiryCalendar::underlyings() const {
  std::vector<std::string> names;
  for (const Expiry& e : entries_) {
    if (names.empty() || names.back() != e.underlying) names.push_back(e.underlying);
  }
  return names;  // entries_ are sorted by underlying first
}

bool ExpiryCalendar::scheduled_known(const Expiry& entry) const {
  if (entry.kind == ExpiryKind::kMonthly) {
    auto it = monthly_by_month_.find(std::tuple{entry.underlying, entry.contract_year, entry.contract_month});
    return it != monthly_by_month_.end() && scheduled_known_[it->second];
  }
  auto it = weekly_by_scheduled_.find(std::tuple{entry.underlying, entry.scheduled.days()});
  return it != weekly_by_scheduled_.end() && scheduled_known_[it->second];
}

std::vector<CalendarDisagreement> compare(const ExpiryCalendar& left, const ExpiryCalendar& right, Date from,
                                          Date to, std::string_view left_name, std::string_view right_name) {
  std::vector<CalendarDisagreement> out;
  const auto& l = left.all();
  const auto& r = right.all();
  auto in_range = [&](const Expiry* e) { return e && e->final >= from && e->final <= to; };
  for (const Pairing& p : pair_entries(l, r)) {
    const Expiry* a = p.left ? &l[*p.left] : nullptr;
    const Expiry* b = p.right ? &r[*p.right] : nullptr;
    if (!in_range(a) && !in_range(b)) continue;
    const Expiry& e = a ? *a : *b;
    CalendarDisagreement d{e.underlying, e.kind, e.contract_year, e.contract_month, e.scheduled,
                           a ? std::optional{a->final} : std::nullopt, b ? std::optional{b->final} : std::nullopt,
                           ""};
    std::string what = e.kind == ExpiryKind::kMonthly
                           ? fmt::format("{} monthly {:04}-{:02}", e.underlying, e.contract_year, e.contract_month)
                           : fmt::format("{} weekly scheduled {}", e.underlying, e.scheduled.to_string());
    if (!a || !b) {
      d.description = fmt::format("{}: only in {} (final {})", what, a ? left_name : right_name, e.final.to_string());
    } else {
      bool final_differs = a->final != b->final;
      bool scheduled_differs = a->scheduled != b->scheduled && left.scheduled_known(*a) && right.scheduled_known(*b);
      if (!final_differs && !scheduled_differs) continue;
      auto state = [&](const Expiry& x) {
        return scheduled_differs ? fmt::format("scheduled {} final {}", x.scheduled.to_string(), x.final.to_string())
                                 : fmt::format("final {}", x.final.to_string());
      };
      d.description = fmt::format("{}: {} {}; {} {}", what, left_name, state(*a), right_name, state(*b));
    }
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const CalendarDisagreement& x, const CalendarDisagreement& y) {
    return std::tie(x.underlying, x.scheduled, x.kind, x.left_final, x.right_final) <
           std::tie(y.underlying, y.scheduled, y.kind, y.left_final, y.right_final);
  });
  return out;
}

}  // namespace tapelab::domain
