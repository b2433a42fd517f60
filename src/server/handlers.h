// One function per resource of the API (docs/server.md#endpoints). Each
// checks its parameters (400) and what they name (404) before returning, so
// the router can answer from the Route's hash without building anything.
#pragma once

#include <string_view>

#include "server/catalog.h"
#include "server/day_ref.h"
#include "server/route.h"
#include "server/target.h"

namespace tapelab::server {

Route days_route(Services& s, const Target& target);
Route truth_route(Services& s, const Target& target, const DayRef& day, std::string_view table);
Route chain_route(Services& s, const Target& target, const DayRef& day);
Route book_route(Services& s, const Target& target, const DayRef& day);
Route runs_route(Services& s, const Target& target);
Route run_summary_route(Services& s, const Target& target, const RunFolder& run);
Route run_table_route(Services& s, const Target& target, const RunFolder& run, std::string_view table);

}  // namespace tapelab::server
