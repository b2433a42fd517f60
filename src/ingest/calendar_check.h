// `tapelab calendar check DATASET`: the expiry contradictions of a whole
// dataset (not only of the partitions one ingest touched), read back from its
// options partitions, and a corrected calendar for `tapelab dataset rebuild`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "domain/expiry_calendar.h"
#include "ingest/checks.h"

namespace tapelab::ingest {

// Resolves every option symbol of the dataset with `calendar` (so a user file
// can be checked against data ingested with other rules) and compares with the
// days each contract has rows.
std::vector<ExpiryContradiction> check_dataset_calendar(const std::filesystem::path& dataset,
                                                        const domain::ExpiryCalendar& calendar);

// `calendar` with the implied dates applied, in the simple
// `underlying,expiry,kind` format, for the expiries of the underlyings in
// [from, to]. Monthlies are matched by contract month when the file is
// overlaid; a weekly whose date moves is written with its new final date.
std::string corrected_calendar_csv(const domain::ExpiryCalendar& calendar,
                                   const std::vector<ExpiryContradiction>& contradictions, domain::Date from,
                                   domain::Date to);

}  // namespace tapelab::ingest
