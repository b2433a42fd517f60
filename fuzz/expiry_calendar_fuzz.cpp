// libFuzzer target: the users' expiry-calendar files (the 12-column format
// and the simple `underlying,expiry,kind` one), read the way
// `--calendar FILE` reads them.
//
// Any file either reads or throws tapelab::Error naming it. A calendar that
// reads must keep its own promises: entries sorted as all() says, every
// lookup finding an entry with the key asked for, and overlaying it on the
// built-in calendar and comparing the two (what `tapelab calendar check`
// does) must work on whatever it holds.
#include <cstddef>
#include <cstdint>
#include <span>
#include <tuple>

#include "domain/expiry_calendar.h"
#include "fuzz_check.h"
#include "input_file.h"
#include "util/error.h"

using namespace tapelab::domain;

namespace {

auto sort_key(const Expiry& e) { return std::tuple(e.underlying, e.final, e.kind, e.scheduled); }

void check(const ExpiryCalendar& calendar) {
  const std::vector<Expiry>& all = calendar.all();
  for (std::size_t i = 1; i < all.size(); ++i) FUZZ_CHECK(sort_key(all[i - 1]) <= sort_key(all[i]));
  for (const Expiry& e : all) {
    if (e.kind == ExpiryKind::kWeekly) {
      const auto found = calendar.weekly_by_scheduled(e.underlying, e.scheduled);
      FUZZ_CHECK(found && found->underlying == e.underlying && found->scheduled == e.scheduled);
    } else {
      const auto found = calendar.monthly_for(e.underlying, e.contract_year, e.contract_month);
      FUZZ_CHECK(found && found->contract_year == e.contract_year && found->contract_month == e.contract_month);
    }
  }
  if (all.empty()) return;
  static const ExpiryCalendar builtin = ExpiryCalendar::builtin();
  const Date from = std::min(all.front().final, all.back().final) - 40;
  const Date to = std::max(all.front().final, all.back().final) + 40;
  const ExpiryCalendar merged = ExpiryCalendar::overlay(builtin, calendar);
  for (const CalendarDisagreement& d : compare(calendar, merged, from, to)) FUZZ_CHECK(!d.description.empty());
  for (const std::string& underlying : calendar.underlyings()) {
    for (const Expiry& e : merged.expiries(underlying, from, to)) FUZZ_CHECK(e.final >= from && e.final <= to);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    check(ExpiryCalendar::from_csv(tapelab::fuzz::input_file(std::span(data, size))));
  } catch (const tapelab::Error&) {
    // A malformed file, reported as it should be.
  }
  return 0;
}
