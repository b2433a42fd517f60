// A line chart as inline SVG, drawn by hand so report.html needs nothing
// outside itself: the series left to right at equal steps (one per day), a
// zero line, the top/bottom values on the y axis and two x labels. Styles
// come from the page's CSS through the class names; coordinates have one
// decimal so the same series always gives the same bytes. Meant for HTML5
// inline use (no xmlns needed there).
#pragma once

#include <string>
#include <vector>

namespace tapelab::report {

struct ChartSpec {
  std::string title;         // the chart's accessible name (SVG <title>)
  std::string css_class;     // e.g. "equity" or "drawdown"
  std::string first_label;   // under the left and right ends of the x axis
  std::string last_label;
  std::vector<double> values;
  bool fill_to_zero = false;  // shade between the line and zero (drawdowns)
};

std::string svg_chart(const ChartSpec& chart);

}  // namespace tapelab::report
