#include "report/svg_chart.h"

#include <algorithm>

#include <fmt/format.h>

#include "report/text.h"

namespace tapelab::report {
namespace {

constexpr double kWidth = 760;
constexpr double kHeight = 220;
constexpr double kLeft = 90;  // room for the y-axis values
constexpr double kRight = 10;
constexpr double kTop = 10;
constexpr double kBottom = 28;  // room for the x labels

struct Scale {
  double low;
  double high;
  double y(double value) const { return kTop + (high - value) / (high - low) * (kHeight - kTop - kBottom); }
};

}  // namespace

std::string svg_chart(const ChartSpec& chart) {
  std::string out = fmt::format(
      "<svg class=\"chart {}\" viewBox=\"0 0 {} {}\" role=\"img\">"
      "<title>{}</title>",
      html_escape(chart.css_class), kWidth, kHeight, html_escape(chart.title));
  if (chart.values.empty()) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">no days</text></svg>", kWidth / 2,
                       kHeight / 2);
    return out;
  }
  // The y range always holds zero so gains and losses read against it.
  const auto [min_it, max_it] = std::minmax_element(chart.values.begin(), chart.values.end());
  Scale scale{std::min(0.0, *min_it), std::max(0.0, *max_it)};
  if (scale.high == scale.low) scale.high = scale.low + 1;

  // One value still gets a visible line: it spans the plot at that level.
  const std::size_t steps = std::max<std::size_t>(1, chart.values.size() - 1);
  const auto x = [&](std::size_t i) {
    return kLeft + static_cast<double>(i) / static_cast<double>(steps) * (kWidth - kLeft - kRight);
  };
  std::string path;
  for (std::size_t i = 0; i <= steps; ++i) {
    const double value = chart.values[std::min(i, chart.values.size() - 1)];
    path += fmt::format("{}{},{}", i == 0 ? "M" : " L", fixed(x(i), 1), fixed(scale.y(value), 1));
  }
  const std::string zero_y = fixed(scale.y(0), 1);
  if (chart.fill_to_zero) {
    out += fmt::format("<path class=\"area\" d=\"{} L{},{} L{},{} Z\"/>", path, fixed(x(steps), 1), zero_y,
                       fixed(x(0), 1), zero_y);
  }
  out += fmt::format("<line class=\"zero\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", fixed(kLeft, 1), zero_y,
                     fixed(kWidth - kRight, 1), zero_y);
  out += fmt::format("<path class=\"line\" d=\"{}\"/>", path);

  const auto y_label = [&](double value) {
    return fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", fixed(kLeft - 6, 1),
                       fixed(scale.y(value) + 4, 1), fixed(value, 0));
  };
  out += y_label(scale.high);
  if (scale.high != 0 && scale.low != 0) out += y_label(0);
  out += y_label(scale.low);
  const std::string label_y = fixed(kHeight - 8, 1);
  out += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"start\">{}</text>", fixed(kLeft, 1),
                     label_y, html_escape(chart.first_label));
  out += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                     fixed(kWidth - kRight, 1), label_y, html_escape(chart.last_label));
  out += "</svg>";
  return out;
}

}  // namespace tapelab::report
