// A selection of a decoded table's columns and rows, encoded as the client
// asked (docs/server.md#columnar-format).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "server/day_data.h"
#include "server/params.h"
#include "server/route.h"

namespace tapelab::server {

// `columns` empty: all, in the table's order; an unknown name is a 400 that
// lists the table's columns.
Body series_body(const DecodedTable& table, const std::vector<std::string>& columns, std::size_t begin,
                 std::size_t end, SeriesFormat format);

}  // namespace tapelab::server
