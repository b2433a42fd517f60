// Text shared by the report writers: fixed-decimal numbers (the same value
// always prints the same bytes, whatever the locale), IST clock times, and
// escaping for CSV and HTML (JSON is escaped by nlohmann_json).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/time.h"

namespace tapelab::report {

// `decimals` digits after the point; -0.00 prints as 0.00 so a tiny negative
// rounding residue never changes the bytes. Not-finite values print as "".
std::string fixed(double value, int decimals);
// The same, or `absent` for a missing value.
std::string fixed(const std::optional<double>& value, int decimals, std::string_view absent);
// The value rounded to `decimals` places (for JSON numbers), never -0.
double rounded(double value, int decimals);

// "HH:MM:SS" of an IST wall time.
std::string clock_text(domain::WallNanos t);

// A CSV field: quoted (with doubled quotes) when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view text);
// Text for HTML element content and attribute values (& < > " ' escaped).
std::string html_escape(std::string_view text);

}  // namespace tapelab::report
